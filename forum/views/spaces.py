"""Space pages."""

from flask import Blueprint, render_template
from flask_login import current_user

from forum.access import access_space
from forum.queries.spaces import visible_children

bp = Blueprint("spaces", __name__, url_prefix="/s")


@bp.get("/<slug>")
def show(slug: str) -> str:
    space = access_space(current_user, slug)
    return render_template(
        "spaces/show.html", space=space, children=visible_children(current_user, space)
    )
