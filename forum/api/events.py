"""/api/v1/events and /api/v1/news: upcoming events, registering, and news items."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import jsonify, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.access import access_event, access_news
from forum.actions.errors import ValidationError
from forum.actions.events import EventFields
from forum.actions.news import NewsFields
from forum.actions.registration import cancel_registration, register_for_event, registration_of
from forum.api import bp
from forum.api import serializers as show
from forum.api.body import optional_int, string
from forum.models import Event, EventRegistration, NewsItem
from forum.models.event import DEFAULT_TIMEZONE
from forum.models.topic import DISCUSSION, EVENT, NEWS
from forum.queries.events import IN_PERSON, ONLINE, EventFilters, upcoming_events, waiting_position
from forum.queries.news import news_page
from forum.queries.pagination import page_number


def registration(item: EventRegistration | None, event: Event) -> dict[str, Any] | None:
    if item is None:
        return None
    position = waiting_position(current_user, event) if item.status == "waiting" else None
    return {"status": item.status, "waiting_position": position}


def event(item: Event, viewer: Any) -> dict[str, Any]:
    return {
        "id": item.topic_id,
        "topic": show.topic(item.topic, viewer),
        "starts_at": item.starts_at.isoformat(),
        "ends_at": item.ends_at.isoformat(),
        "timezone": item.timezone,
        "place": item.place,
        "online_url": item.online_url or None,
        "organiser_name": item.organiser_name,
        "organiser": show.user_summary(item.organiser),
        "region": item.region.code if item.region else None,
        "capacity": item.capacity,
        "registered": item.registered_count,
        "waiting": item.waiting_count,
        "places_left": item.places_left,
        "cancelled": item.cancelled,
        "cancel_reason": item.cancel_reason or None,
        "ical_url": url_for("events.event_ics", event_id=item.topic_id, _external=True),
        "my_registration": registration(registration_of(viewer, item), item),
    }


def news(item: NewsItem, viewer: Any) -> dict[str, Any]:
    return {
        "id": item.topic_id,
        "topic": show.topic(item.topic, viewer),
        "lead": item.lead,
        "image_url": url_for("news.image", name=item.image, _external=True) if item.image else None,
        "image_alt": item.image_alt or None,
    }


@bp.get("/events")
def events():
    mode = request.args.get("mode", "")
    filters = EventFilters(
        region=request.args.get("region", "")[:8],
        space=request.args.get("space", "")[:60],
        mode=mode if mode in (ONLINE, IN_PERSON) else "",
    )
    listing = upcoming_events(current_user, filters, page_number(request.args.get("page")))
    return jsonify(
        {"events": [event(e, current_user) for e in listing.items], **show.page_info(listing)}
    )


@bp.get("/events/<int:event_id>")
def show_event(event_id: int):
    return jsonify(event(access_event(current_user, event_id), current_user))


@bp.post("/events/<int:event_id>/registration")
def event_register(event_id: int):
    item = access_event(current_user, event_id)
    register_for_event(current_user, item)
    return jsonify(event(access_event(current_user, event_id), current_user)), 201


@bp.delete("/events/<int:event_id>/registration")
def event_unregister(event_id: int):
    cancel_registration(current_user, access_event(current_user, event_id))
    return "", 204


@bp.get("/news")
def news_list():
    listing = news_page(current_user, page_number(request.args.get("page")))
    return jsonify(
        {"news": [news(n, current_user) for n in listing.items], **show.page_info(listing)}
    )


@bp.get("/news/<int:news_id>")
def show_news(news_id: int):
    return jsonify(news(access_news(current_user, news_id), current_user))


def _moment(data: dict[str, Any], key: str) -> datetime:
    value = string(data, key)
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            _("%(field)s must be a date and time like 2026-05-04T13:00.", field=key), field=key
        ) from None


def kind_values(data: dict[str, Any]) -> dict[str, Any]:
    """create_topic's kind and details from an API body's ``kind``, ``event`` and ``news``."""
    kind = string(data, "kind", DISCUSSION)
    if kind == EVENT:
        details = data.get("event")
        if not isinstance(details, dict):
            raise ValidationError(_("%(field)s is required.", field="event"), field="event")
        return {
            "kind": kind,
            "event": EventFields(
                starts_at=_moment(details, "starts_at"),
                ends_at=_moment(details, "ends_at"),
                timezone=string(details, "timezone", DEFAULT_TIMEZONE),
                place=string(details, "place", ""),
                online_url=string(details, "online_url", ""),
                organiser_name=string(details, "organiser_name", ""),
                organiser_is_author=details.get("organiser_is_author", True) is True,
                capacity=optional_int(details, "capacity"),
                region_id=optional_int(details, "region_id"),
            ),
        }
    if kind == NEWS:
        details = data.get("news")
        if not isinstance(details, dict):
            raise ValidationError(_("%(field)s is required.", field="news"), field="news")
        return {"kind": kind, "news": NewsFields(lead=string(details, "lead"))}
    return {"kind": kind}
