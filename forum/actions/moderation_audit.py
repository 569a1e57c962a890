"""Moderators' acts: each is a line of the audit trail and, after commit, a ``moderation.act``
event for plugins (forum_event_moderation_act)."""

from __future__ import annotations

from typing import Any

from forum.actions.roles import record
from forum.events import plugin_event_on_commit
from forum.models import Post, Topic, User


def moderation_act(actor: User | None, subject: User | None, what: str, **details: Any) -> None:
    """Record a moderator's act (``actor`` None: the forum acted by its rules) and tell plugins
    once it commits."""
    record(actor, subject, what, **details)
    plugin_event_on_commit(
        "moderation.act",
        {
            "action": what,
            "actor_id": actor.id if actor else None,
            "subject_id": subject.id if subject else None,
            "topic_id": details.get("topic_id"),
            "post_id": details.get("post_id"),
        },
    )


def audit_post_change(actor: User, post: Post, what: str) -> None:
    """Record deleting or restoring someone else's post (a moderator's act, not an author's)."""
    if post.user_id != actor.id:
        moderation_act(actor, post.user, what, post_id=post.id, topic_id=post.topic_id)


def audit_topic_status(actor: User, topic: Topic, **changes: object) -> None:
    """Record a change of a topic's pin, closed, archived or listed state."""
    changed = {key: value for key, value in changes.items() if value is not None}
    if changed:
        moderation_act(actor, topic.user, "topic.status", topic_id=topic.id, **changed)
