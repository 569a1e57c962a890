"""The composer's extra fields for news and events: which form, and what it gives the action."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import get_locale
from flask_babel import gettext as _

from forum.actions.events import EventFields
from forum.actions.news import NewsFields
from forum.forms import TopicForm
from forum.forms_kinds import EventDetailsForm, EventForm, NewsForm
from forum.http_input import parse_id
from forum.models import Space
from forum.models.topic import DISCUSSION, EVENT, NEWS, TOPIC_KINDS
from forum.queries.events import current_regions

FORMS = {DISCUSSION: TopicForm, NEWS: NewsForm, EVENT: EventForm}


def requested_kind(space: Space) -> str:
    """The kind asked for in ?kind=, else the first kind the space takes."""
    kind = request.args.get("kind", "")
    if kind in TOPIC_KINDS:
        return kind
    return next((k for k in TOPIC_KINDS if space.allows(k)), DISCUSSION)


def kind_form(kind: str) -> TopicForm:
    form = FORMS[kind]()
    if isinstance(form, EventForm):
        with_regions(form)
    return form


def with_regions(form: EventDetailsForm) -> EventDetailsForm:
    form.region.choices = [("", _("No region"))] + [
        (str(r.id), r.name(str(get_locale() or "fi"))) for r in current_regions()
    ]
    return form


def event_fields(form: EventDetailsForm) -> EventFields:
    region = form.region.data or ""
    return EventFields(
        starts_at=form.starts_at.data,
        ends_at=form.ends_at.data,
        timezone=(form.timezone.data or "").strip(),
        place=form.place.data or "",
        online_url=form.online_url.data or "",
        organiser_name=form.organiser_name.data or "",
        organiser_is_author=bool(form.organiser_is_author.data),
        capacity=form.capacity.data,
        region_id=parse_id(region),
    )


def kind_values(form: TopicForm, kind: str) -> dict[str, Any]:
    """Keyword arguments for create_topic beyond title, text and tags."""
    if isinstance(form, NewsForm):
        upload = form.image.data
        data = upload.read() if upload and getattr(upload, "filename", "") else None
        return {
            "kind": NEWS,
            "news": NewsFields(
                lead=form.lead.data or "", image=data, image_alt=form.image_alt.data or ""
            ),
        }
    if isinstance(form, EventForm):
        return {"kind": EVENT, "event": event_fields(form)}
    return {"kind": kind}
