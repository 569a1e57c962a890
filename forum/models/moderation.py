"""Flags on posts, penalties on accounts, posts held for approval, and per-topic and per-space
rules (slow mode, holding new accounts' first posts)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.audit import AuditRecord
from forum.models.base import Timestamped, UTCDateTime

if TYPE_CHECKING:
    from forum.models.post import Post
    from forum.models.user import User

SPAM, INAPPROPRIATE, OFF_TOPIC, OTHER = "spam", "inappropriate", "off_topic", "other"
FLAG_REASONS = (SPAM, INAPPROPRIATE, OFF_TOPIC, OTHER)
AGREED, DISAGREED, DELETED = "agreed", "disagreed", "deleted"
SILENCE, SUSPEND = "silence", "suspend"
MESSAGE_MAX = 1000


class Flag(Timestamped, db.Model):
    """One person's report of a post; only moderators see it."""

    __tablename__ = "flags"
    __table_args__ = (UniqueConstraint("post_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(Text, default="")
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    outcome: Mapped[str | None] = mapped_column(String(20))

    post: Mapped[Post] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])


class Penalty(Timestamped, db.Model):
    """A silence (read-only) or suspension (no sign-in) of an account until a moment."""

    __tablename__ = "penalties"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    until: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(Text)
    given_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TopicRule(db.Model):
    """Per-topic moderation settings: slow mode (seconds between one person's posts)."""

    __tablename__ = "topic_rules"

    topic_id: Mapped[int] = mapped_column(
        ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True
    )
    slow_mode_seconds: Mapped[int] = mapped_column(Integer, default=0)


@event.listens_for(AuditRecord, "before_update")
@event.listens_for(AuditRecord, "before_delete")
def _audit_is_append_only(_mapper: object, _connection: object, record: AuditRecord) -> None:
    """The application adds to the audit trail and never rewrites it."""
    raise PermissionError(f"the audit trail is append-only (record {record.id})")


class SpaceRule(db.Model):
    """Per-space moderation settings: hold the first N posts of an account for approval."""

    __tablename__ = "space_rules"

    space_id: Mapped[int] = mapped_column(
        ForeignKey("spaces.id", ondelete="CASCADE"), primary_key=True
    )
    hold_first_posts: Mapped[int] = mapped_column(Integer, default=0)


class PostHold(Timestamped, db.Model):
    """A post waiting for a moderator's approval; hidden (as deleted) until approved."""

    __tablename__ = "post_holds"

    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True
    )
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approved: Mapped[bool | None] = mapped_column(Boolean)

    post: Mapped[Post] = relationship()


class UserReport(Timestamped, db.Model):
    """One person's report of an account to the forum's moderators."""

    __tablename__ = "user_reports"
    __table_args__ = (UniqueConstraint("user_id", "reporter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    message: Mapped[str] = mapped_column(Text)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    reporter: Mapped[User | None] = relationship(foreign_keys=[reporter_id])
