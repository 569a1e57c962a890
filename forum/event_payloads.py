"""Payloads of the real-time events, built from the models (shapes: forum/event_types.py)."""

from __future__ import annotations

from forum.event_types import (
    Author,
    PostCreated,
    PostRemoved,
    PostRestored,
    PostUpdated,
    ReactionChanged,
    TopicCreated,
    TopicUpdated,
)
from forum.models import Post, Topic, User


def author(user: User | None) -> Author | None:
    if user is None:
        return None
    return {"username": user.username, "display_name": user.display_name}


def post_created(post: Post) -> PostCreated:
    return {
        "topic_id": post.topic_id,
        "post_id": post.id,
        "post_number": post.post_number,
        "author": author(post.user),
        "cooked": post.cooked,
        "language": post.language,
        "created_at": post.created_at.isoformat(),
        "reply_to_post_number": post.reply_to_post_number,
    }


def post_updated(post: Post) -> PostUpdated:
    return {
        "topic_id": post.topic_id,
        "post_id": post.id,
        "post_number": post.post_number,
        "cooked": post.cooked,
        "language": post.language,
        "version": post.version,
        "edited_at": (post.edited_at or post.created_at).isoformat(),
    }


def post_removed(post: Post) -> PostRemoved:
    return {"topic_id": post.topic_id, "post_id": post.id, "post_number": post.post_number}


def post_restored(post: Post) -> PostRestored:
    return {
        "topic_id": post.topic_id,
        "post_id": post.id,
        "post_number": post.post_number,
        "cooked": post.cooked,
    }


def reaction_changed(post: Post, kind: str, count: int) -> ReactionChanged:
    return {"topic_id": post.topic_id, "post_id": post.id, "kind": kind, "count": count}


def topic_updated(topic: Topic) -> TopicUpdated:
    return {
        "topic_id": topic.id,
        "space_id": topic.space_id,
        "title": topic.title,
        "closed": topic.closed,
        "archived": topic.archived,
        "pinned": topic.pinned,
        "listed": topic.listed,
    }


def topic_created(topic: Topic) -> TopicCreated:
    return {
        "topic_id": topic.id,
        "space_id": topic.space_id,
        "title": topic.title,
        # A path, not url_for: events are also published from the command line.
        "url": f"/t/{topic.id}/{topic.slug}",
        "author": author(topic.user),
    }
