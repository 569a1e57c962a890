"""Topic lists: latest, new, unread and top, across the forum or by tag."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from forum.queries.pagination import page_number
from forum.queries.topics import LIST_KINDS, TOP_PERIODS, tag_by_name, topic_list

bp = Blueprint("lists", __name__)


def _period() -> str:
    period = request.args.get("period", "month")
    return period if period in TOP_PERIODS else "month"


@bp.get("/<any(latest, new, unread, top):kind>")
def topics(kind: str) -> str:
    page = page_number(request.args.get("page"))
    listing = topic_list(current_user, kind=kind, period=_period(), page=page)
    return render_template(
        "topics/list.html", kind=kind, kinds=LIST_KINDS, listing=listing, period=_period()
    )


@bp.get("/tags/<name>")
def tag(name: str) -> str:
    found = tag_by_name(name)
    if found is None:
        abort(404)
    listing = topic_list(current_user, tag=found, page=page_number(request.args.get("page")))
    return render_template("topics/tag.html", tag=found, listing=listing)
