"""A person's event registrations in their data export, and gone with their account: each
place they held goes to the first person waiting, as if they had cancelled (called through the
core's account hooks, forum/plugins_core/defaults.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from forum.actions.registration import drop_registration, lock_event
from forum.extensions import db
from forum.models import CalendarFeed, Event, EventRegistration, User


def export_registrations(user: User) -> tuple[str, Any]:
    rows = db.session.execute(
        select(EventRegistration, Event)
        .join(Event, Event.topic_id == EventRegistration.event_id)
        .where(EventRegistration.user_id == user.id)
        .order_by(EventRegistration.id)
    ).all()
    return "event_registrations", [
        {
            "event_id": event.topic_id,
            "title": event.topic.title,
            "starts_at": event.starts_at.isoformat(),
            "status": registration.status,
            "registered_at": registration.created_at.isoformat(),
        }
        for registration, event in rows
    ]


def erase_registrations(user: User, _delete_content: bool) -> None:
    db.session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == user.id))
    for registration in db.session.scalars(
        select(EventRegistration).where(EventRegistration.user_id == user.id)
    ).all():
        drop_registration(lock_event(registration.event), registration)
