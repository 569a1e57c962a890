"""What a person wrote, in their data export and in the erasure of their account.

The core's implementations of ``forum_account_export`` and ``forum_account_erase``
(forum/plugins_core/defaults.py) call these, as a plugin's hooks call its own.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update

from forum.actions.posts import refresh_topic_counters
from forum.extensions import db
from forum.models import (
    ApiToken,
    Bookmark,
    Draft,
    Post,
    PostRevision,
    Reaction,
    Topic,
    TopicRead,
    User,
)
from forum.models.base import utcnow


def erase_content(user: User, delete_content: bool) -> None:
    """Always: drafts, bookmarks, read positions, reactions and API tokens go. Posts stay under
    the anonymous author, or, at the person's choice, lose their text and every earlier version.
    """
    for model in (Draft, Bookmark, TopicRead, Reaction, ApiToken):
        db.session.execute(delete(model).where(model.user_id == user.id))
    if not delete_content:
        return
    post_ids = select(Post.id).where(Post.user_id == user.id)
    db.session.execute(delete(PostRevision).where(PostRevision.post_id.in_(post_ids)))
    now = utcnow()
    topic_ids = set(db.session.scalars(select(Post.topic_id).where(Post.user_id == user.id)))
    db.session.execute(
        update(Post)
        .where(Post.user_id == user.id)
        .values(raw="", cooked="", deleted_at=now, deleted_by_id=user.id)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(Topic)
        .where(Topic.user_id == user.id, Topic.deleted_at.is_(None))
        .values(deleted_at=now)
        .execution_options(synchronize_session=False)
    )
    for topic in db.session.scalars(select(Topic).where(Topic.id.in_(topic_ids))):
        refresh_topic_counters(topic)


def export_posts(user: User) -> tuple[str, Any]:
    rows = db.session.execute(
        select(Post, Topic.title)
        .join(Topic, Topic.id == Post.topic_id)
        .where(Post.user_id == user.id)
        .order_by(Post.created_at)
    )
    return "posts", [
        {
            "topic_id": post.topic_id,
            "topic_title": title,
            "post_number": post.post_number,
            "raw": post.raw,
            "created_at": post.created_at.isoformat(),
            "edited_at": post.edited_at.isoformat() if post.edited_at else None,
            "deleted": post.deleted_at is not None,
        }
        for post, title in rows
    ]


def export_reactions_and_bookmarks(user: User) -> tuple[str, Any]:
    reactions = db.session.execute(
        select(Reaction.post_id, Reaction.kind, Reaction.created_at).where(
            Reaction.user_id == user.id
        )
    )
    bookmarks = db.session.scalars(select(Bookmark).where(Bookmark.user_id == user.id))
    return "activity", {
        "reactions": [
            {"post_id": post_id, "kind": kind, "at": at.isoformat()}
            for post_id, kind, at in reactions
        ],
        "bookmarks": [
            {
                "post_id": b.post_id,
                "note": b.note,
                "remind_at": b.remind_at.isoformat() if b.remind_at else None,
            }
            for b in bookmarks
        ],
    }
