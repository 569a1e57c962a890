"""A person's notifications, filtered by what they may read now (a topic may have moved)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload

from forum.extensions import db
from forum.models import Notification, Topic
from forum.models.notification import (
    EVENT_CANCELLED,
    EVENT_PROMOTED,
    EXPORT,
    GROUP_MENTION,
    MENTION,
    MESSAGE,
    MODERATION,
    NORMAL,
    QUOTE,
    REACTION,
    REPLY,
    WATCHED_POST,
    WATCHED_TOPIC,
    Watch,
)
from forum.permissions import may_see_notification
from forum.plugins_core.calls import hidden_notification_kinds
from forum.queries.pagination import Page

PER_PAGE = 30


def _shown(user: Any) -> list:
    """Conditions for the person's notifications, without those of switched-off plugins."""
    hidden = hidden_notification_kinds()
    return [
        Notification.user_id == user.id,
        *([Notification.kind.not_in(hidden)] if hidden else []),
    ]


def notifications_page(user: Any, page: int = 1, *, unread_only: bool = False) -> Page:
    query = select(Notification).where(*_shown(user))
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    items = db.session.scalars(
        query.options(
            joinedload(Notification.actor),
            joinedload(Notification.post),
            joinedload(Notification.topic),
        )
        .order_by(Notification.id.desc())
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    ).all()
    return Page([n for n in items if may_see_notification(user, n)], page, PER_PAGE, total)


# A person's unread notifications, those of switched-off plugins left out; built once, its
# parameters come from unread_parameters().
UNREAD = select(func.count(Notification.id)).where(
    Notification.user_id == bindparam("user_id"),
    Notification.kind.not_in(bindparam("hidden_kinds", expanding=True)),
    Notification.read_at.is_(None),
)


def unread_parameters(user: Any) -> dict[str, Any]:
    return {"user_id": user.id, "hidden_kinds": sorted(hidden_notification_kinds())}


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return db.session.scalar(UNREAD, unread_parameters(user))


_WATCH_ON_TOPIC = select(Watch.level).where(
    Watch.user_id == bindparam("user_id"), Watch.topic_id == bindparam("on")
)
_WATCH_ON_SPACE = select(Watch.level).where(
    Watch.user_id == bindparam("user_id"), Watch.space_id == bindparam("on")
)


def watch_level(user: Any, *, topic: Topic | None = None, space_id: int | None = None) -> int:
    """The level the person set on a topic or a space, NORMAL when they set none."""
    if not getattr(user, "is_authenticated", False):
        return NORMAL
    statement, value = (
        (_WATCH_ON_TOPIC, topic.id) if topic is not None else (_WATCH_ON_SPACE, space_id)
    )
    level = db.session.scalar(statement, {"user_id": user.id, "on": value})
    return NORMAL if level is None else level


def headline(notification: Notification) -> str:
    """One line saying what happened, in the reader's language."""
    who = notification.actor.display_name if notification.actor else _("Someone")
    title = notification.data.get("title", "")
    lines = {
        MENTION: _("%(who)s mentioned you in %(title)s", who=who, title=title),
        GROUP_MENTION: _("%(who)s mentioned your group in %(title)s", who=who, title=title),
        QUOTE: _("%(who)s quoted you in %(title)s", who=who, title=title),
        REPLY: _("%(who)s replied to you in %(title)s", who=who, title=title),
        MESSAGE: _("%(who)s sent you a message: %(title)s", who=who, title=title),
        WATCHED_TOPIC: _("%(who)s started a topic: %(title)s", who=who, title=title),
        WATCHED_POST: _("%(who)s posted in %(title)s", who=who, title=title),
        REACTION: _("%(who)s reacted to your post in %(title)s", who=who, title=title),
        MODERATION: _(
            "A moderator's decision: %(message)s", message=notification.data.get("message", "")
        ),
        EXPORT: _("Your data export is ready: download it from your settings page"),
        EVENT_PROMOTED: _("A place freed up: you are now registered for %(title)s", title=title),
        EVENT_CANCELLED: _("The event %(title)s was cancelled", title=title),
    }
    # A plugin's kind (forum/actions/plugin_notifications.py) carries its own text.
    return lines.get(notification.kind, notification.data.get("message") or title)
