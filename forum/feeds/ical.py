"""iCalendar (RFC 5545) files: one event, a space's events, a person's own calendar.

icalendar is imported when the first file is written: it takes 4 MB in every worker that loads
it, and most requests never ask for a calendar.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from flask import request, url_for

from forum.models import Event
from forum.models.base import utcnow

if TYPE_CHECKING:
    import icalendar

MIMETYPE = "text/calendar"
PRODID = "-//Social innovation forum//Events//EN"


def _location(event: Event) -> str:
    return " · ".join(part for part in (event.place, event.online_url) if part)


def _vevent(event: Event, description: str) -> icalendar.Event:
    import icalendar

    tz = ZoneInfo(event.timezone)
    url = url_for("topics.show", topic_id=event.topic_id, _external=True)
    vevent = icalendar.Event()
    vevent.add("uid", f"event-{event.topic_id}@{request.host}")
    vevent.add("dtstamp", utcnow())
    vevent.add("dtstart", event.starts_at.astimezone(tz))
    vevent.add("dtend", event.ends_at.astimezone(tz))
    vevent.add("summary", event.topic.title)
    location = _location(event)
    if location:
        vevent.add("location", location)
    vevent.add("url", url)
    if description:
        vevent.add("description", description)
    if event.organiser_name:
        vevent.add("x-forum-organiser", event.organiser_name)
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    return vevent


def render(events: Iterable[Event], descriptions: dict[int, str], *, name: str) -> bytes:
    """A VCALENDAR holding ``events``, with a VTIMEZONE for each zone they use."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(_vevent(event, descriptions.get(event.topic_id, "")))
    calendar.add_missing_timezones()
    return calendar.to_ical()
