"""Space pages: the space's sub-spaces and its topics."""

from flask import Blueprint, render_template, request
from flask_login import current_user

from forum.access import access_space
from forum.models.space import CREATE_TOPIC
from forum.permissions import can
from forum.queries.pagination import page_number
from forum.queries.spaces import visible_children
from forum.queries.topics import LIST_KINDS, topic_list

bp = Blueprint("spaces", __name__, url_prefix="/s")


@bp.get("/<slug>")
@bp.get("/<slug>/<any(latest, new, unread, top):kind>")
def show(slug: str, kind: str = "latest") -> str:
    space = access_space(current_user, slug)
    listing = topic_list(
        current_user, kind=kind, space=space, page=page_number(request.args.get("page"))
    )
    return render_template(
        "spaces/show.html",
        space=space,
        children=visible_children(current_user, space),
        listing=listing,
        kind=kind,
        kinds=LIST_KINDS,
        can_create_topic=current_user.is_authenticated and can(current_user, CREATE_TOPIC, space),
    )
