"""The notifications page and the watch-level forms on topics and spaces."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from forum.access import access_notification, access_space, access_topic
from forum.actions.notifications import (
    mark_all_notifications_read,
    mark_notification_read,
    set_watch_level,
)
from forum.forms import ConfirmForm, WatchForm
from forum.models.notification import EXPORT
from forum.queries.notifications import headline, notifications_page
from forum.queries.pagination import page_number
from forum.views.helpers import post_url, require_signed_in, topic_url

bp = Blueprint("notifications", __name__)


@bp.get("/notifications")
def index():
    require_signed_in()
    page = notifications_page(current_user, page_number(request.args.get("page")))
    return render_template(
        "notifications/index.html", notifications=page, headline=headline, form=ConfirmForm()
    )


@bp.post("/notifications/<int:notification_id>/open")
def open_one(notification_id: int):
    """Mark one read and go to what it is about."""
    require_signed_in()
    if not ConfirmForm().validate_on_submit():
        return render_template("errors/400.html"), 400
    notification = access_notification(current_user, notification_id)
    mark_notification_read(current_user, notification.id)
    if notification.post is not None:
        return redirect(post_url(notification.post), code=303)
    if notification.kind == EXPORT:
        return redirect(url_for("own_data.settings"), code=303)
    url = str(notification.data.get("url") or "")
    if url.startswith("/") and not url.startswith("//"):  # a plugin's page on this site
        return redirect(url, code=303)
    return redirect(url_for("notifications.index"), code=303)


@bp.post("/notifications/read")
def read_all():
    require_signed_in()
    if not ConfirmForm().validate_on_submit():
        return render_template("errors/400.html"), 400
    mark_all_notifications_read(current_user)
    return redirect(url_for("notifications.index"), code=303)


@bp.post("/t/<int:topic_id>/watch")
def watch_topic(topic_id: int):
    require_signed_in()
    topic = access_topic(current_user, topic_id)
    form = WatchForm()
    if not form.validate_on_submit():
        return render_template("errors/400.html"), 400
    set_watch_level(current_user, topic, form.level.data)
    return redirect(topic_url(topic), code=303)


@bp.post("/s/<slug>/watch")
def watch_space(slug: str):
    require_signed_in()
    space = access_space(current_user, slug)
    form = WatchForm()
    if not form.validate_on_submit():
        return render_template("errors/400.html"), 400
    set_watch_level(current_user, space, form.level.data)
    return redirect(url_for("spaces.show", slug=space.slug), code=303)
