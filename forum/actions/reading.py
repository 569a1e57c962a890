"""Read positions, drafts and bookmarks: a person's own state around topics."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import case, delete, select

from forum.actions.base import action
from forum.actions.errors import Conflict, NotFound, PermissionDenied, ValidationError
from forum.actions.notifications import mark_topic_notifications_read
from forum.actions.posts import clean_raw
from forum.extensions import db
from forum.models import Bookmark, Draft, Post, Topic, TopicRead, User
from forum.models.base import utcnow
from forum.models.space import READ
from forum.permissions import can
from forum.text import clean_line


def _insert(model: type):
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(model)


@action
def mark_read(user: User, topic: Topic, post_number: int) -> None:
    """Move the person's read position forward to ``post_number`` (never backwards).

    An upsert, so two tabs opening the same topic at once cannot collide.
    """
    number = max(0, min(post_number, topic.last_post_number))
    statement = _insert(TopicRead).values(
        user_id=user.id, topic_id=topic.id, last_read_post_number=number, updated_at=utcnow()
    )
    statement = statement.on_conflict_do_update(
        index_elements=[TopicRead.user_id, TopicRead.topic_id],
        set_={
            "last_read_post_number": case(
                (
                    statement.excluded.last_read_post_number > TopicRead.last_read_post_number,
                    statement.excluded.last_read_post_number,
                ),
                else_=TopicRead.last_read_post_number,
            ),
            "updated_at": statement.excluded.updated_at,
        },
    )
    db.session.execute(statement)
    mark_topic_notifications_read(user, topic, number)


def draft_key(*, space_id: int | None = None, topic_id: int | None = None) -> str:
    return f"topic:{space_id}" if topic_id is None else f"reply:{topic_id}"


@action
def save_draft(user: User, key: str, *, raw: str, title: str = "") -> None:
    """Keep an unsent text on the server (replacing the previous draft for the same place)."""
    raw = raw if not raw.strip() else clean_raw(raw)
    title = clean_line(title, field="title")[:200]
    statement = _insert(Draft).values(
        user_id=user.id, key=key, raw=raw, title=title, updated_at=utcnow()
    )
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=[Draft.user_id, Draft.key],
            set_={"raw": raw, "title": title, "updated_at": statement.excluded.updated_at},
        )
    )


@action
def discard_draft(user: User, key: str) -> None:
    db.session.execute(delete(Draft).where(Draft.user_id == user.id, Draft.key == key))


@action
def add_bookmark(
    user: User, post: Post, *, note: str = "", remind_at: datetime | None = None
) -> Bookmark:
    if not can(user, READ, post) or not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("You cannot bookmark this post."))
    if remind_at is not None and remind_at <= utcnow():
        raise ValidationError(_("A reminder must be in the future."), field="remind_at")
    exists = db.session.scalar(
        select(Bookmark.id).where(Bookmark.user_id == user.id, Bookmark.post_id == post.id)
    )
    if exists is not None:
        raise Conflict(_("You have bookmarked this post already."))
    bookmark = Bookmark(
        user_id=user.id,
        post_id=post.id,
        note=clean_line(note, field="note")[:200],
        remind_at=remind_at,
    )
    db.session.add(bookmark)
    db.session.flush()
    return bookmark


@action
def remove_bookmark(user: User, bookmark_id: int) -> None:
    removed = db.session.execute(
        delete(Bookmark).where(Bookmark.id == bookmark_id, Bookmark.user_id == user.id)
    ).rowcount
    if removed == 0:
        raise NotFound(_("No such bookmark."))
