"""Feeds for other software: Atom (RFC 4287) for news and events, iCalendar (RFC 5545)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from forum.extensions import db
from forum.models import Post


def opening_posts(topic_ids: Iterable[int]) -> dict[int, Post]:
    """The visible first post of each topic, by topic id, in one query."""
    ids = list(topic_ids)
    if not ids:
        return {}
    posts = db.session.scalars(
        select(Post).where(Post.topic_id.in_(ids), Post.post_number == 1, Post.deleted_at.is_(None))
    )
    return {post.topic_id: post for post in posts}
