"""Registering for events, with a waiting list, and the private calendar feed's secret.

Every change takes the event's row lock first (SELECT ... FOR UPDATE on PostgreSQL; the
action's BEGIN IMMEDIATE on SQLite), as post numbers do with the topic row, so concurrent
clicks never hand out more places than there are; the unique (event, user) constraint makes a
duplicate impossible even so. Plugins (clinics, workshops, dialogue) call these same actions.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from forum.actions.base import action
from forum.actions.errors import PermissionDenied, ValidationError
from forum.actions.notifications import announce
from forum.actions.tokens import hash_token
from forum.events import publish_on_commit, topic_room
from forum.extensions import db
from forum.models import CalendarFeed, Event, EventRegistration, Notification, User
from forum.models.base import utcnow
from forum.models.event import REGISTERED, WAITING
from forum.models.notification import EVENT_PROMOTED
from forum.models.space import READ
from forum.permissions import can, is_registered

#: ``change`` values of the ``event.registration`` event.
CHANGES = ("registered", "waiting", "cancelled", "promoted", "event_cancelled", "capacity")


def lock_event(event: Event) -> Event:
    """The event re-read under its row lock, with fresh counters."""
    return db.session.execute(
        select(Event)
        .where(Event.topic_id == event.topic_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()


def registration_of(user: User, event: Event) -> EventRegistration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        select(EventRegistration).where(
            EventRegistration.event_id == event.topic_id, EventRegistration.user_id == user.id
        )
    )


def _recount(event: Event) -> None:
    db.session.flush()
    counts = dict(
        db.session.execute(
            select(EventRegistration.status, func.count())
            .where(EventRegistration.event_id == event.topic_id)
            .group_by(EventRegistration.status)
        ).all()
    )
    event.registered_count = counts.get(REGISTERED, 0)
    event.waiting_count = counts.get(WAITING, 0)


def announce_counts(event: Event, user_id: int | None, change: str) -> None:
    """After commit: the topic's readers see the new counts; plugins hear of the change."""
    db.session.flush()
    publish_on_commit(
        "event.registration",
        topic_room(event.topic_id),
        {
            "topic_id": event.topic_id,
            "user_id": user_id,
            "change": change,
            "registered": event.registered_count,
            "waiting": event.waiting_count,
            "capacity": event.capacity,
            "places_left": event.places_left,
        },
    )


def notify_registrants(
    event: Event, user_ids: Iterable[int], kind: str, *, actor: User | None = None
) -> None:
    """A notification of ``kind`` about the event to each person who may still read it."""
    created = []
    for user in db.session.scalars(select(User).where(User.id.in_(list(user_ids)), User.active)):
        if not can(user, READ, event.topic):
            continue
        notification = Notification(
            user_id=user.id,
            kind=kind,
            actor_id=actor.id if actor else None,
            topic_id=event.topic_id,
            post_number=1,
            data={"title": event.topic.title},
        )
        db.session.add(notification)
        created.append(notification)
    announce(created)


def require_registered(user: User) -> None:
    if not is_registered(user):
        raise PermissionDenied(_("Sign in and complete your registration to take part."))


def _check_open(event: Event) -> None:
    if event.cancelled:
        raise ValidationError(_("This event has been cancelled."), code="event_cancelled")
    if event.starts_at <= utcnow():
        raise ValidationError(
            _("Registration has closed: the event has already begun."), code="event_past"
        )


@action
def register_for_event(user: User, event: Event) -> EventRegistration:
    """Take a place on ``event``, or a place in its waiting list when it is full.

    Registering again returns the existing registration unchanged.
    """
    require_registered(user)
    if not can(user, READ, event.topic):
        raise PermissionDenied(_("You may not register for this event."))
    event = lock_event(event)
    existing = registration_of(user, event)
    if existing is not None:
        return existing
    _check_open(event)
    full = event.capacity is not None and event.registered_count >= event.capacity
    registration = EventRegistration(
        event_id=event.topic_id, user_id=user.id, status=WAITING if full else REGISTERED
    )
    db.session.add(registration)
    _recount(event)
    announce_counts(event, user.id, registration.status)
    return registration


@action
def cancel_registration(user: User, event: Event) -> bool:
    """Give up a place (or a place in the waiting list); the first person waiting takes a
    freed place and is told. Returns False when the person was not registered."""
    event = lock_event(event)
    registration = registration_of(user, event)
    if registration is None:
        return False
    if event.starts_at <= utcnow():
        raise ValidationError(_("The event has already begun."), code="event_past")
    drop_registration(event, registration)
    return True


def drop_registration(event: Event, registration: EventRegistration) -> None:
    """Remove a registration from the locked ``event``; the freed place is filled."""
    user_id = registration.user_id
    db.session.execute(delete(EventRegistration).where(EventRegistration.id == registration.id))
    db.session.expunge(registration)
    _recount(event)
    announce_counts(event, user_id, "cancelled")
    fill_free_places(event)


def fill_free_places(event: Event) -> None:
    """Move people from the waiting list, first come first served, into free places (until
    the event begins)."""
    if event.cancelled or event.starts_at <= utcnow():
        return
    event = lock_event(event)
    _recount(event)
    free = None if event.capacity is None else event.capacity - event.registered_count
    query = (
        select(EventRegistration)
        .where(EventRegistration.event_id == event.topic_id, EventRegistration.status == WAITING)
        .order_by(EventRegistration.id)
    )
    if free is not None:
        if free <= 0:
            return
        query = query.limit(free)
    promoted = list(db.session.scalars(query))
    if not promoted:
        return
    for registration in promoted:
        registration.status = REGISTERED
    _recount(event)
    notify_registrants(event, [r.user_id for r in promoted], EVENT_PROMOTED)
    for registration in promoted:
        announce_counts(event, registration.user_id, "promoted")


@action
def renew_calendar_feed(user: User) -> str:
    """A new secret for the person's calendar feed; the old address stops working."""
    require_registered(user)
    secret = secrets.token_urlsafe(32)
    feed = db.session.get(CalendarFeed, user.id)
    if feed is None:
        feed = CalendarFeed(user_id=user.id)
        db.session.add(feed)
    feed.token_hash = hash_token(secret)
    feed.created_at = utcnow()
    return secret


@action
def revoke_calendar_feed(user: User) -> None:
    db.session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == user.id))
