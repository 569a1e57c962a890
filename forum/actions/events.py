"""Event topics: their details (time, place, capacity) and cancelling an event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import gettext as _
from sqlalchemy import select

from forum.actions.base import action
from forum.actions.errors import PermissionDenied, ValidationError
from forum.actions.registration import announce_counts, fill_free_places, notify_registrants
from forum.extensions import db
from forum.models import Event, EventRegistration, Region, Topic, User
from forum.models.event import (
    DEFAULT_TIMEZONE,
    ORGANISER_MAX,
    PLACE_MAX,
    REASON_MAX,
    URL_MAX,
)
from forum.models.notification import EVENT_CANCELLED
from forum.permissions import EDIT, can
from forum.search import index_on_commit
from forum.text import clean_line, clean_text


def zone(name: str) -> ZoneInfo:
    """The IANA time zone called ``name``, or a ValidationError."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("Unknown time zone: %(name)s", name=name), field="timezone"
        ) from None


def as_utc(moment: datetime, tz: ZoneInfo) -> datetime:
    """A time entered in the event's zone (naive) or with its own offset, in UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(UTC)


def _clean_url(url: str) -> str:
    url = clean_line(url, field="online_url")
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > URL_MAX:
        raise ValidationError(
            _("An online link is a web address starting with https:// or http://."),
            field="online_url",
        )
    return url


def _limited(value: str, limit: int, field: str) -> str:
    value = clean_line(value, field=field)
    if len(value) > limit:
        raise ValidationError(_("At most %(max)d characters.", max=limit), field=field)
    return value


@dataclass(frozen=True)
class EventFields:
    """What describes an event, as entered: times naive in ``timezone`` or offset-aware."""

    starts_at: datetime
    ends_at: datetime
    timezone: str = DEFAULT_TIMEZONE
    place: str = ""
    online_url: str = ""
    organiser_name: str = ""
    organiser_is_author: bool = True
    capacity: int | None = None
    region_id: int | None = None

    def apply(self, event: Event, author: User) -> None:
        """Check every field and write them to ``event``."""
        tz = zone(self.timezone or DEFAULT_TIMEZONE)
        starts_at, ends_at = as_utc(self.starts_at, tz), as_utc(self.ends_at, tz)
        if ends_at <= starts_at:
            raise ValidationError(_("An event ends after it starts."), field="ends_at")
        place = _limited(self.place, PLACE_MAX, "place")
        online_url = _clean_url(self.online_url)
        if not place and not online_url:
            raise ValidationError(_("Give a place, an online link, or both."), field="place")
        if self.capacity is not None and self.capacity < 0:
            raise ValidationError(_("Capacity cannot be below zero."), field="capacity")
        if self.region_id is not None and db.session.get(Region, self.region_id) is None:
            raise ValidationError(_("No such region."), field="region")
        event.starts_at, event.ends_at, event.timezone = starts_at, ends_at, tz.key
        event.place, event.online_url = place, online_url
        event.organiser_name = _limited(self.organiser_name, ORGANISER_MAX, "organiser_name")
        event.organiser_id = author.id if self.organiser_is_author else None
        event.capacity, event.region_id = self.capacity, self.region_id


def add_event(actor: User, topic: Topic, fields: EventFields) -> Event:
    """The event details of a new event topic (inside create_topic's transaction)."""
    event = Event(topic_id=topic.id, registered_count=0, waiting_count=0)
    fields.apply(event, actor)
    db.session.add(event)
    db.session.flush()
    return event


@action
def edit_event(actor: User, event: Event, fields: EventFields) -> None:
    """Change an event's details: its author or a moderator. A larger capacity lets people
    in from the waiting list; a smaller one keeps everyone already registered."""
    if not can(actor, EDIT, event.topic):
        raise PermissionDenied(_("You may not edit this event."))
    fields.apply(event, event.topic.user or actor)
    db.session.flush()
    fill_free_places(event)
    index_on_commit(f"topic:{event.topic_id}")


@action
def cancel_event(actor: User, event: Event, reason: str = "") -> None:
    """Cancel an event; everyone registered or waiting hears of it."""
    if not can(actor, EDIT, event.topic):
        raise PermissionDenied(_("You may not cancel this event."))
    if event.cancelled:
        return
    reason = clean_text(reason, field="reason")
    if len(reason) > REASON_MAX:
        raise ValidationError(_("At most %(max)d characters.", max=REASON_MAX), field="reason")
    event.cancelled, event.cancel_reason = True, reason
    people = db.session.scalars(
        select(EventRegistration.user_id).where(EventRegistration.event_id == event.topic_id)
    ).all()
    notify_registrants(event, people, EVENT_CANCELLED, actor=actor)
    announce_counts(event, None, "event_cancelled")
    index_on_commit(f"topic:{event.topic_id}")
