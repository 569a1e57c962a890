"""Audit lines for moderators' acts done through the general topic and post actions."""

from __future__ import annotations

from forum.actions.roles import record
from forum.models import Post, Topic, User


def audit_post_change(actor: User, post: Post, what: str) -> None:
    """Record deleting or restoring someone else's post (a moderator's act, not an author's)."""
    if post.user_id != actor.id:
        record(actor, post.user, what, post_id=post.id, topic_id=post.topic_id)


def audit_topic_status(actor: User, topic: Topic, **changes: object) -> None:
    """Record a change of a topic's pin, closed, archived or listed state."""
    changed = {key: value for key, value in changes.items() if value is not None}
    if changed:
        record(actor, topic.user, "topic.status", topic_id=topic.id, **changed)
