"""Topic lists: latest, new, unread and top, across the forum or by tag."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from forum.access import access_tag
from forum.queries.pagination import page_number
from forum.queries.topics import LIST_KINDS, TOP_PERIODS, topic_list

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
    found = access_tag(current_user, name)
    listing = topic_list(current_user, tag=found, page=page_number(request.args.get("page")))
    return render_template("topics/tag.html", tag=found, listing=listing)
