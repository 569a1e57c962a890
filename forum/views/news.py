"""News: the listing, its Atom feeds, and the news images."""

from __future__ import annotations

import re

from flask import Blueprint, abort, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.access import access_space, access_topic
from forum.actions.news import IMAGES
from forum.images import images_folder
from forum.queries.news import latest_news, news_by_image, news_page
from forum.queries.pagination import page_number
from forum.views.feed_helpers import ANONYMOUS, atom_response, news_entries

bp = Blueprint("news", __name__)

IMAGE_NAME_RE = re.compile(r"^[0-9a-f]{32}\.(jpg|png)$")
FEED_SIZE = 30


@bp.get("/news")
def index() -> str:
    listing = news_page(current_user, page_number(request.args.get("page")))
    return render_template("news/index.html", listing=listing)


@bp.get("/news.atom")
def feed():
    return atom_response(
        _("News"),
        url_for("news.feed", _external=True),
        url_for("news.index", _external=True),
        news_entries(latest_news(ANONYMOUS, FEED_SIZE)),
    )


@bp.get("/s/<slug>/news.atom")
def space_feed(slug: str):
    space = access_space(ANONYMOUS, slug)
    return atom_response(
        _("News in %(space)s", space=space.name),
        url_for("news.space_feed", slug=space.slug, _external=True),
        url_for("spaces.show", slug=space.slug, _external=True),
        news_entries(latest_news(ANONYMOUS, FEED_SIZE, space=space)),
    )


@bp.get("/news/images/<name>")
def image(name: str):
    """A news image, for whoever may read its news item."""
    item = news_by_image(name) if IMAGE_NAME_RE.match(name) else None
    if item is None:
        abort(404)
    access_topic(current_user, item.topic_id)
    return send_from_directory(images_folder(IMAGES), name, max_age=86400)
