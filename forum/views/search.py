"""The search page, and the small HTML fragment the header's instant search shows."""

from flask import Blueprint, render_template, request
from flask_login import current_user

from forum.queries.pagination import page_number
from forum.queries.search import region_choices, run_search, type_choices
from forum.queries.spaces import visible_space_tree

bp = Blueprint("search", __name__)

FILTERS = ("type", "space", "region")


@bp.get("/search")
def search() -> str:
    text = request.args.get("q", "")
    filters = {name: request.args.get(name, "") for name in FILTERS}
    result = run_search(
        current_user,
        text,
        page=page_number(request.args.get("page")),
        sort=request.args.get("sort", "relevance"),
        filters=filters,
    )
    spaces = [
        space for node in visible_space_tree(current_user) for space in (node.space, *node.children)
    ]
    return render_template(
        "search/results.html",
        result=result,
        q=text,
        filters=filters,
        spaces=spaces,
        types=type_choices(),
        regions=region_choices(),
    )
