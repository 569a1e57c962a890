"""/api/v1/notifications: the caller's notifications, newest first, and marking them read;
/api/v1/posts/<id>/flags: flagging a post to its moderators."""

from __future__ import annotations

from typing import Any

from flask import abort, jsonify, request, url_for
from flask_login import current_user

from forum.access import access_notification, access_post
from forum.actions.moderation import flag_post
from forum.actions.notifications import mark_all_notifications_read, mark_notification_read
from forum.api import bp
from forum.api.body import json_body, string
from forum.api.serializers import user_summary
from forum.models import Notification
from forum.queries.notifications import headline, notifications_page, unread_count
from forum.queries.pagination import page_number


def _signed_in() -> None:
    if not current_user.is_authenticated:
        abort(401)


def notification(item: Notification) -> dict[str, Any]:
    post = item.post
    topic = item.topic
    return {
        "id": item.id,
        "kind": item.kind,
        "read": item.read_at is not None,
        "created_at": item.created_at.isoformat(),
        "actor": user_summary(item.actor),
        "text": headline(item),
        "topic": None
        if topic is None
        else {
            "id": topic.id,
            "title": topic.title,
            "url": url_for("topics.show", topic_id=topic.id, slug=topic.slug, _external=True),
        },
        "post": None
        if post is None
        else {
            "id": post.id,
            "post_number": post.post_number,
            "url": url_for("posts.permalink", post_id=post.id, _external=True),
        },
    }


@bp.get("/notifications")
def notifications():
    _signed_in()
    page = notifications_page(
        current_user,
        page_number(request.args.get("page")),
        unread_only=request.args.get("unread") in ("1", "true"),
    )
    return jsonify(
        {
            "notifications": [notification(n) for n in page.items],
            "page": page.page,
            "per_page": page.per_page,
            "total": page.total,
            "pages": page.pages,
            "unread": unread_count(current_user),
        }
    )


@bp.post("/notifications/<int:notification_id>/read")
def read_one(notification_id: int):
    _signed_in()
    item = access_notification(current_user, notification_id)
    return jsonify(notification(mark_notification_read(current_user, item.id)))


@bp.post("/notifications/read")
def read_all():
    _signed_in()
    return jsonify({"marked": mark_all_notifications_read(current_user)})


@bp.post("/posts/<int:post_id>/flags")
def flag(post_id: int):
    _signed_in()
    post = access_post(current_user, post_id)
    data = json_body()
    flag_post(current_user, post, string(data, "reason"), string(data, "message", ""))
    return jsonify({"post_id": post.id, "reason": data["reason"]}), 201
