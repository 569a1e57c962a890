"""Events for a reader: the upcoming list with its filters, one event's details, a person's
own registrations. Only events in spaces the reader may read ever come out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from forum.actions.tokens import hash_token
from forum.extensions import db
from forum.models import CalendarFeed, Event, EventRegistration, Region, Space, Topic, User
from forum.models.base import utcnow
from forum.models.event import REGISTERED, WAITING
from forum.queries.pagination import Page
from forum.queries.topics import readable_space_ids

PER_PAGE = 20
ONLINE, IN_PERSON = "online", "in-person"


@dataclass(frozen=True)
class EventFilters:
    region: str = ""
    space: str = ""
    mode: str = ""

    @property
    def active(self) -> bool:
        return bool(self.region or self.space or self.mode)


def visible_events(user: Any) -> Select:
    """Events of live, listed topics in spaces ``user`` may read."""
    query = (
        select(Event)
        .join(Topic, Topic.id == Event.topic_id)
        .where(Topic.deleted_at.is_(None), Topic.listed.is_(True))
        .options(joinedload(Event.topic).joinedload(Topic.space), joinedload(Event.region))
    )
    readable = readable_space_ids(user)
    if readable is not None:
        query = query.where(Topic.space_id.in_(readable))
    return query


def upcoming_events(user: Any, filters: EventFilters, page: int = 1) -> Page[Event]:
    query = visible_events(user).where(Event.ends_at >= utcnow())
    if filters.region:
        query = query.join(Region, Region.id == Event.region_id).where(
            Region.code == filters.region
        )
    if filters.space:
        query = query.join(Space, Space.id == Topic.space_id).where(Space.slug == filters.space)
    if filters.mode == ONLINE:
        query = query.where(Event.online_url != "")
    elif filters.mode == IN_PERSON:
        query = query.where(Event.place != "")
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    items = db.session.scalars(
        query.order_by(Event.starts_at, Event.topic_id)
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    ).all()
    return Page(list(items), page, PER_PAGE, total or 0)


def event_for(user: Any, event_id: int) -> Event | None:
    """The event with that id if ``user`` may read it."""
    return db.session.scalar(visible_events(user).where(Event.topic_id == event_id))


def space_events(user: Any, space: Space, limit: int = 100) -> list[Event]:
    """A space's events, the latest to start first (for its feeds)."""
    return list(
        db.session.scalars(
            visible_events(user)
            .where(Topic.space_id == space.id)
            .order_by(Event.starts_at.desc())
            .limit(limit)
        )
    )


def registered_events(user: Any) -> list[Event]:
    """The events ``user`` holds a place on (not the waiting list), soonest first."""
    return list(
        db.session.scalars(
            visible_events(user)
            .join(EventRegistration, EventRegistration.event_id == Event.topic_id)
            .where(EventRegistration.user_id == user.id, EventRegistration.status == REGISTERED)
            .order_by(Event.starts_at)
        )
    )


def waiting_position(user: Any, event: Event) -> int | None:
    """The person's place in the waiting list (1 is next), or None when not waiting."""
    mine = db.session.scalar(
        select(EventRegistration.id).where(
            EventRegistration.event_id == event.topic_id,
            EventRegistration.user_id == user.id,
            EventRegistration.status == WAITING,
        )
    )
    if mine is None:
        return None
    return db.session.scalar(
        select(func.count()).where(
            EventRegistration.event_id == event.topic_id,
            EventRegistration.status == WAITING,
            EventRegistration.id <= mine,
        )
    )


def event_of_topic(topic: Topic) -> Event | None:
    return db.session.get(Event, topic.id) if topic.kind == "event" else None


def current_regions() -> list[Region]:
    return list(db.session.scalars(select(Region).where(Region.current).order_by(Region.code)))


def calendar_owner(token: str) -> User | None:
    """The active person whose calendar address carries ``token``."""
    return db.session.scalar(
        select(User)
        .join(CalendarFeed, CalendarFeed.user_id == User.id)
        .where(CalendarFeed.token_hash == hash_token(token), User.active)
    )


def has_calendar_feed(user: Any) -> bool:
    return db.session.get(CalendarFeed, user.id) is not None
