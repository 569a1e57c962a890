"""Notifications, what people watch, their e-mail settings, and the outgoing mail queue."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import Timestamped, UTCDateTime

if TYPE_CHECKING:
    from forum.models.post import Post
    from forum.models.topic import Topic
    from forum.models.user import User

# Notification kinds, strongest first: a post that mentions and replies to someone notifies
# them once, as the first kind that applies.
MENTION = "mention"
GROUP_MENTION = "group_mention"
QUOTE = "quote"
REPLY = "reply"
MESSAGE = "message"
WATCHED_TOPIC = "new_topic"
WATCHED_POST = "new_post"
REACTION = "reaction"
MODERATION = "moderation"
EXPORT = "export"  # the person's data export is ready to download
EVENT_PROMOTED = "event_promoted"
EVENT_CANCELLED = "event_cancelled"
KINDS = (
    MENTION,
    GROUP_MENTION,
    QUOTE,
    REPLY,
    MESSAGE,
    WATCHED_TOPIC,
    WATCHED_POST,
    REACTION,
    MODERATION,
    EXPORT,
    EVENT_PROMOTED,
    EVENT_CANCELLED,
)

# Watch levels, as Discourse names them.
MUTED, NORMAL, TRACKING, WATCHING = 0, 1, 2, 3
LEVELS = {"muted": MUTED, "normal": NORMAL, "tracking": TRACKING, "watching": WATCHING}

DIGEST_OFF, DIGEST_DAILY, DIGEST_WEEKLY = "off", "daily", "weekly"
DIGESTS = (DIGEST_OFF, DIGEST_DAILY, DIGEST_WEEKLY)


class Notification(Timestamped, db.Model):
    __tablename__ = "notifications"
    __table_args__ = (Index(None, "user_id", "read_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    topic_id: Mapped[int | None] = mapped_column(
        ForeignKey("topics.id", ondelete="CASCADE"), index=True
    )
    post_id: Mapped[int | None] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), index=True
    )
    # The post number, so that reading a topic up to a point marks what lies before it read.
    post_number: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set once the notification went out by e-mail (or was judged not to need it).
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    topic: Mapped[Topic | None] = relationship()
    post: Mapped[Post | None] = relationship()


class Watch(db.Model):
    """A person's watch level for one topic or one space (exactly one of the two)."""

    __tablename__ = "watches"
    __table_args__ = (
        UniqueConstraint("user_id", "topic_id"),
        UniqueConstraint("user_id", "space_id"),
        CheckConstraint("(topic_id IS NULL) <> (space_id IS NULL)", name="one_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    topic_id: Mapped[int | None] = mapped_column(
        ForeignKey("topics.id", ondelete="CASCADE"), index=True
    )
    space_id: Mapped[int | None] = mapped_column(
        ForeignKey("spaces.id", ondelete="CASCADE"), index=True
    )
    level: Mapped[int] = mapped_column(SmallInteger)


class MailSettings(db.Model):
    """What a person wants by e-mail. No row means the defaults."""

    __tablename__ = "mail_settings"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    notifications: Mapped[bool] = mapped_column(Boolean, default=True)
    digest: Mapped[str] = mapped_column(String(10), default=DIGEST_WEEKLY)
    last_digest_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OutgoingMail(Timestamped, db.Model):
    """A message waiting to be sent, or sent. Nothing leaves this table silently: a failed
    attempt is counted, its error kept, and the next one scheduled."""

    __tablename__ = "outgoing_mail"
    __table_args__ = (Index(None, "sent_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    headers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A permanent refusal (an address that does not exist): kept, not retried.
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(String(500), default="")
