"""Event pages: the upcoming list, registering, cancelling, and the calendar files."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime as babel_format
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from forum.access import access_calendar_owner, access_event, access_space
from forum.actions.errors import ActionError
from forum.actions.events import cancel_event, edit_event
from forum.actions.registration import (
    cancel_registration,
    register_for_event,
    registration_of,
    renew_calendar_feed,
    revoke_calendar_feed,
)
from forum.forms import ConfirmForm
from forum.forms_kinds import CancelEventForm, EventDetailsForm
from forum.models import Event, Space, Topic
from forum.models.event import DEFAULT_TIMEZONE
from forum.permissions import EDIT, can
from forum.queries.events import (
    IN_PERSON,
    ONLINE,
    EventFilters,
    current_regions,
    event_of_topic,
    has_calendar_feed,
    registered_events,
    space_events,
    upcoming_events,
    waiting_position,
)
from forum.queries.pagination import page_number
from forum.queries.spaces import visible_space_tree
from forum.views.feed_helpers import (
    ANONYMOUS,
    atom_response,
    event_entries,
    ical_response,
)
from forum.views.helpers import attach_error, require_signed_in, topic_url
from forum.views.kinds import event_fields, with_regions

bp = Blueprint("events", __name__)


def event_time(moment: datetime, event: Event, format: str = "EEEE d.M.yyyy HH:mm") -> Markup:
    """A <time> in the event's own zone, the zone named when it is not the forum's."""
    zone = ZoneInfo(event.timezone)
    text = babel_format(moment, format, tzinfo=zone, locale=str(get_locale() or "fi"))
    if event.timezone != DEFAULT_TIMEZONE:
        text = f"{text} ({event.timezone})"
    return Markup('<time datetime="{}">{}</time>').format(moment.isoformat(), text)


def event_context(user: Any, topic: Topic) -> dict[str, Any]:
    """What the topic page shows of an event: details, the person's status and the forms."""
    event = event_of_topic(topic)
    if event is None:
        return {}
    registration = registration_of(user, event)
    return {
        "event": event,
        "registration": registration,
        "waiting_position": waiting_position(user, event) if registration else None,
        "confirm_form": ConfirmForm(),
        "cancel_form": CancelEventForm() if can(user, EDIT, topic) else None,
        "ui_locale": str(get_locale() or "fi"),
    }


def _filters() -> EventFilters:
    mode = request.args.get("mode", "")
    return EventFilters(
        region=request.args.get("region", "")[:8],
        space=request.args.get("space", "")[:60],
        mode=mode if mode in (ONLINE, IN_PERSON) else "",
    )


def _spaces_with_events(user: Any) -> list[Space]:
    spaces = []
    for node in visible_space_tree(user):
        spaces += [s for s in (node.space, *node.children) if s.allows_events]
    return spaces


@bp.get("/events")
def index() -> str:
    filters = _filters()
    listing = upcoming_events(current_user, filters, page_number(request.args.get("page")))
    return render_template(
        "events/index.html",
        listing=listing,
        filters=filters,
        regions=current_regions(),
        spaces=_spaces_with_events(current_user),
        modes=((ONLINE, _("Online")), (IN_PERSON, _("In person"))),
        ui_locale=str(get_locale() or "fi"),
    )


def _registration_change(event_id: int, change: Callable[[Event], str]) -> ResponseReturnValue:
    require_signed_in()
    event = access_event(current_user, event_id)
    if not ConfirmForm().validate_on_submit():
        return render_template("errors/400.html"), 400
    try:
        message = change(event)
    except ActionError as error:
        flash(error.message, "error")
    else:
        flash(message, "success")
    return redirect(topic_url(event.topic) + "#event", code=303)


@bp.post("/events/<int:event_id>/register")
def register(event_id: int):
    def change(event: Event) -> str:
        registration = register_for_event(current_user, event)
        if registration.status == "waiting":
            return _("The event is full: you are on the waiting list.")
        return _("You are registered.")

    return _registration_change(event_id, change)


@bp.post("/events/<int:event_id>/unregister")
def unregister(event_id: int):
    def change(event: Event) -> str:
        cancel_registration(current_user, event)
        return _("Your registration is cancelled.")

    return _registration_change(event_id, change)


@bp.post("/events/<int:event_id>/cancel")
def cancel(event_id: int):
    require_signed_in()
    event = access_event(current_user, event_id, verb=EDIT)
    form = CancelEventForm()
    if not form.validate_on_submit():
        return render_template("errors/400.html"), 400
    try:
        cancel_event(current_user, event, form.reason.data or "")
    except ActionError as error:
        flash(error.message, "error")
    else:
        flash(_("The event is cancelled and everyone registered has been told."), "success")
    return redirect(topic_url(event.topic) + "#event", code=303)


@bp.get("/events/<int:event_id>.ics")
def event_ics(event_id: int):
    event = access_event(current_user, event_id)
    return ical_response([event], event.topic.title, f"event-{event.topic_id}.ics")


@bp.get("/s/<slug>/events.ics")
def space_ics(slug: str):
    space = access_space(ANONYMOUS, slug)
    return ical_response(space_events(ANONYMOUS, space), space.name, f"{space.slug}.ics")


@bp.get("/s/<slug>/events.atom")
def space_atom(slug: str):
    space = access_space(ANONYMOUS, slug)
    return atom_response(
        _("Events in %(space)s", space=space.name),
        url_for("events.space_atom", slug=space.slug, _external=True),
        url_for("spaces.show", slug=space.slug, _external=True),
        event_entries(space_events(ANONYMOUS, space, limit=50)),
    )


@bp.get("/calendar/<token>.ics")
def personal_ics(token: str):
    """A person's own events, at the secret address from their settings."""
    user = access_calendar_owner(token)
    return ical_response(registered_events(user), _("My events"), "my-events.ics")


@bp.route("/settings/calendar", methods=["GET", "POST"])
def calendar_settings():
    """The person's private calendar address: made (or made anew) and revoked here."""
    require_signed_in()
    secret = None
    if request.method == "POST":
        if not ConfirmForm().validate_on_submit():
            return render_template("errors/400.html"), 400
        try:
            if request.form.get("revoke"):
                revoke_calendar_feed(current_user)
                flash(_("Your calendar address no longer works."), "success")
            else:
                secret = renew_calendar_feed(current_user)
        except ActionError as error:
            flash(error.message, "error")
    page = render_template(
        "events/calendar_settings.html",
        feed_url=url_for("events.personal_ics", token=secret, _external=True) if secret else None,
        has_feed=has_calendar_feed(current_user),
        form=ConfirmForm(),
    )
    return page, 200, {"Cache-Control": "no-store"}


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
def edit(event_id: int):
    """The organisers' form for an event's time, place, capacity and region."""
    require_signed_in()
    event = access_event(current_user, event_id, verb=EDIT)
    form = with_regions(EventDetailsForm())
    status = 200
    if request.method == "GET":
        zone = ZoneInfo(event.timezone)
        form.starts_at.data = event.starts_at.astimezone(zone).replace(tzinfo=None)
        form.ends_at.data = event.ends_at.astimezone(zone).replace(tzinfo=None)
        form.timezone.data, form.place.data = event.timezone, event.place
        form.online_url.data, form.organiser_name.data = event.online_url, event.organiser_name
        form.organiser_is_author.data = event.organiser_id is not None
        form.capacity.data = event.capacity
        form.region.data = str(event.region_id or "")
    elif not form.validate_on_submit():
        status = 400
    else:
        try:
            edit_event(current_user, event, event_fields(form))
        except ActionError as error:
            attach_error(form, error)
            status = error.status
        else:
            flash(_("The event is saved."), "success")
            return redirect(topic_url(event.topic) + "#event", code=303)
    return render_template("events/edit.html", form=form, event=event), status
