"""Topics: a title and a numbered sequence of posts in a space."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import Timestamped, UTCDateTime, utcnow

if TYPE_CHECKING:
    from forum.models.space import Space
    from forum.models.user import User

TITLE_MIN = 3
TITLE_MAX = 200
TAG_MAX = 40
TAGS_PER_TOPIC = 5

DISCUSSION, NEWS, EVENT = "discussion", "news", "event"
TOPIC_KINDS = (DISCUSSION, NEWS, EVENT)

topic_tags = Table(
    "topic_tags",
    db.metadata,
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Tag(db.Model):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(TAG_MAX), unique=True)


class Topic(Timestamped, db.Model):
    __tablename__ = "topics"
    __table_args__ = (
        # Topic lists filter on these columns and sort by bumped_at: the index covers the count
        # and the page's ids without reading a row.
        Index(
            "ix_topics_listing", "space_id", "bumped_at", "listed", "deleted_at", "pinned_globally"
        ),
        Index("ix_topics_bumped_at", "bumped_at"),
        Index("ix_topics_kind_created_at", "kind", "created_at"),
        CheckConstraint("kind IN ('discussion', 'news', 'event')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id", ondelete="RESTRICT"))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    slug: Mapped[str] = mapped_column(String(TITLE_MAX))
    kind: Mapped[str] = mapped_column(String(10), default=DISCUSSION, server_default=DISCUSSION)
    # The counter that hands out post numbers: incremented in the same transaction that
    # inserts the post, under the row lock the UPDATE takes, so numbers are gap-free.
    last_post_number: Mapped[int] = mapped_column(Integer, default=0)
    # Visible (not deleted) posts, and the number of the latest visible one.
    posts_count: Mapped[int] = mapped_column(Integer, default=0)
    highest_visible_number: Mapped[int] = mapped_column(Integer, default=0)
    reactions_count: Mapped[int] = mapped_column(Integer, default=0)
    bumped_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_poster_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    pinned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    pinned_globally: Mapped[bool] = mapped_column(Boolean, default=False)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    listed: Mapped[bool] = mapped_column(Boolean, default=True)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    space: Mapped[Space] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    last_poster: Mapped[User | None] = relationship(foreign_keys=[last_poster_id])
    tags: Mapped[list[Tag]] = relationship(secondary=topic_tags, order_by=Tag.name)

    @property
    def pinned(self) -> bool:
        return self.pinned_at is not None

    def __repr__(self) -> str:
        return f"<Topic {self.id} {self.title!r}>"
