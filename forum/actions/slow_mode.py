"""Slow mode: one post per N seconds per person in a topic."""

from __future__ import annotations

from datetime import UTC, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from forum.actions.errors import PermissionDenied
from forum.extensions import db
from forum.models import Post, Topic, TopicRule, User
from forum.models.base import utcnow
from forum.queries.moderation import may_moderate


def check_slow_mode(actor: User, topic: Topic) -> None:
    """Refuse a post that comes sooner than the topic's slow mode allows (moderators exempt)."""
    seconds = db.session.scalar(
        select(TopicRule.slow_mode_seconds).where(TopicRule.topic_id == topic.id)
    )
    if not seconds or may_moderate(actor, topic):
        return
    last = db.session.scalar(
        select(func.max(Post.created_at)).where(Post.topic_id == topic.id, Post.user_id == actor.id)
    )
    if last is not None:
        last = last if last.tzinfo else last.replace(tzinfo=UTC)
        if last + timedelta(seconds=seconds) > utcnow():
            raise PermissionDenied(
                _("This topic is in slow mode: one post per %(seconds)d seconds.", seconds=seconds),
                code="slow_mode",
            )
