"""Events: a topic kind with a time, a place, a capacity and registrations."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import Timestamped, UTCDateTime

if TYPE_CHECKING:
    from forum.models.region import Region
    from forum.models.topic import Topic
    from forum.models.user import User

DEFAULT_TIMEZONE = "Europe/Helsinki"
PLACE_MAX = 300
URL_MAX = 500
ORGANISER_MAX = 200
REASON_MAX = 1000

REGISTERED = "registered"
WAITING = "waiting"


class Event(db.Model):
    """The event details of a topic whose kind is 'event'; its id is the topic's."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
        Index("ix_events_starts_at", "starts_at"),
    )

    topic_id: Mapped[int] = mapped_column(
        ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The IANA zone the event is entered and shown in.
    timezone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIMEZONE)
    place: Mapped[str] = mapped_column(String(PLACE_MAX), default="")
    online_url: Mapped[str] = mapped_column(String(URL_MAX), default="")
    organiser_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    organiser_name: Mapped[str] = mapped_column(String(ORGANISER_MAX), default="")
    capacity: Mapped[int | None] = mapped_column(Integer)
    region_id: Mapped[int | None] = mapped_column(
        ForeignKey("regions.id", ondelete="SET NULL"), index=True
    )
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    # Kept in step with the registrations under the event's row lock.
    registered_count: Mapped[int] = mapped_column(Integer, default=0)
    waiting_count: Mapped[int] = mapped_column(Integer, default=0)

    topic: Mapped[Topic] = relationship()
    organiser: Mapped[User | None] = relationship()
    region: Mapped[Region | None] = relationship()

    @property
    def id(self) -> int:
        return self.topic_id

    @property
    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.registered_count, 0)

    @property
    def online(self) -> bool:
        return bool(self.online_url)


class EventRegistration(Timestamped, db.Model):
    """A person's place on an event, or in its waiting list (in order of ``id``)."""

    __tablename__ = "event_registrations"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id"),
        CheckConstraint("status IN ('registered', 'waiting')", name="status"),
        Index(None, "event_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.topic_id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10))

    event: Mapped[Event] = relationship()
    user: Mapped[User] = relationship()


class CalendarFeed(Timestamped, db.Model):
    """The secret address of a person's own calendar; only the token's hash is kept."""

    __tablename__ = "calendar_feeds"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
