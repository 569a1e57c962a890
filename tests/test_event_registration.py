"""Registering for events: places, the waiting list, promotion, cancelling, bad cases."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.actions.errors import PermissionDenied, ValidationError
from forum.actions.events import EventFields, cancel_event, edit_event
from forum.actions.registration import cancel_registration, register_for_event
from forum.actions.topics import create_topic
from forum.extensions import db
from forum.models import Event, EventRegistration, Notification
from forum.models.base import utcnow
from forum.models.group import REGISTERED
from tests.conftest import login
from tests.event_helpers import english_client, make_event, make_kind_space
from tests.factories import make_space, make_user
from tests.helpers import csrf_token


@pytest.fixture
def client(app):
    return english_client(app)


def statuses(event: Event) -> dict[int, str]:
    rows = db.session.execute(
        select(EventRegistration.user_id, EventRegistration.status).where(
            EventRegistration.event_id == event.topic_id
        )
    )
    return dict(rows.all())


def test_places_then_waiting_list_then_promotion_with_a_notification(captured_events):
    event = make_event(capacity=2)
    first, second, third, fourth = (make_user() for _ in range(4))
    for person in (first, second, third, fourth):
        register_for_event(person, event)
    assert statuses(event) == {
        first.id: "registered",
        second.id: "registered",
        third.id: "waiting",
        fourth.id: "waiting",
    }
    captured_events.clear()
    assert cancel_registration(first, event) is True
    assert statuses(event) == {
        second.id: "registered",
        third.id: "registered",
        fourth.id: "waiting",
    }
    db.session.refresh(event)
    assert (event.registered_count, event.waiting_count, event.places_left) == (2, 1, 0)
    promoted = db.session.scalars(
        select(Notification).where(Notification.user_id == third.id)
    ).all()
    assert [n.kind for n in promoted] == ["event_promoted"]
    changes = [p["change"] for name, _room, p in captured_events if name == "event.registration"]
    assert changes == ["cancelled", "promoted"]


def test_registering_twice_is_idempotent():
    event = make_event(capacity=5)
    person = make_user()
    first = register_for_event(person, event)
    again = register_for_event(person, event)
    assert first.id == again.id
    assert len(statuses(event)) == 1


def test_cancelling_when_not_registered_changes_nothing():
    event = make_event()
    assert cancel_registration(make_user(), event) is False


def test_unlimited_event_registers_everyone():
    event = make_event(capacity=None)
    people = [make_user() for _ in range(5)]
    for person in people:
        register_for_event(person, event)
    assert set(statuses(event).values()) == {"registered"}


def test_zero_capacity_puts_everyone_on_the_waiting_list_until_it_grows():
    event = make_event(capacity=0)
    author = event.topic.user
    person = make_user()
    assert register_for_event(person, event).status == "waiting"
    fields = EventFields(
        starts_at=event.starts_at, ends_at=event.ends_at, place=event.place, capacity=1
    )
    edit_event(author, event, fields)
    assert statuses(event) == {person.id: "registered"}


def test_past_and_cancelled_events_refuse_registration():
    past = make_event(starts_at=utcnow() - timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        register_for_event(make_user(), past)
    assert error.value.code == "event_past"
    event = make_event()
    cancel_event(event.topic.user, event, "The venue flooded.")
    with pytest.raises(ValidationError) as error:
        register_for_event(make_user(), event)
    assert error.value.code == "event_cancelled"


def test_cancelling_the_event_notifies_everyone_registered_or_waiting():
    event = make_event(capacity=1)
    on_list, waiting, bystander = make_user(), make_user(), make_user()
    register_for_event(on_list, event)
    register_for_event(waiting, event)
    cancel_event(event.topic.user, event, "Illness.")
    told = set(
        db.session.scalars(
            select(Notification.user_id).where(Notification.kind == "event_cancelled")
        )
    )
    assert told == {on_list.id, waiting.id}
    assert bystander.id not in told


def test_only_the_author_or_a_moderator_cancels_an_event():
    event = make_event()
    with pytest.raises(PermissionDenied):
        cancel_event(make_user(), event, "")


def test_a_person_who_cannot_read_the_space_cannot_register():
    private = make_space(grants={REGISTERED: []}, allows_events=True)
    from tests.factories import admin

    event = make_event(admin(), private)
    with pytest.raises(PermissionDenied):
        register_for_event(make_user(), event)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"hours": -1}, "ends_at"),
        ({"hours": 0}, "ends_at"),
        ({"capacity": -1}, "capacity"),
        ({"place": "", "online_url": ""}, "place"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
    ],
)
def test_bad_event_details_are_refused(change, field):
    start = utcnow() + timedelta(days=3)
    values = {"place": "Tampere", "online_url": "", "capacity": 10, "timezone": "Europe/Helsinki"}
    hours = change.pop("hours", 2)
    values.update(change)
    with pytest.raises(ValidationError) as error:
        create_topic(
            make_user(),
            make_kind_space(),
            title="A bad event",
            raw="Text",
            kind="event",
            event=EventFields(starts_at=start, ends_at=start + timedelta(hours=hours), **values),
        )
    assert error.value.field == field


def test_a_space_without_events_refuses_an_event():
    start = utcnow() + timedelta(days=3)
    with pytest.raises(ValidationError) as error:
        create_topic(
            make_user(),
            make_space(),
            title="Not here",
            raw="Text",
            kind="event",
            event=EventFields(starts_at=start, ends_at=start + timedelta(hours=1), place="X"),
        )
    assert error.value.field == "kind"


def test_register_and_cancel_through_the_event_page(client):
    event = make_event(capacity=1)
    page_url = f"/t/{event.topic_id}"
    person, other = make_user(), make_user()
    event_id = event.topic_id
    login(client, person)
    page = client.get(page_url, follow_redirects=True)
    assert f"/events/{event_id}/register" in page.text
    token = csrf_token(client, page_url)
    response = client.post(f"/events/{event_id}/register", data={"csrf_token": token})
    assert response.status_code == 303
    page = client.get(page_url)
    assert "You are registered." in page.text
    assert "1 of 1 places taken, 0 left" in page.text

    other_client = english_client(client.application)
    login(other_client, other)
    token = csrf_token(other_client, page_url)
    other_client.post(f"/events/{event_id}/register", data={"csrf_token": token})
    assert "You are on the waiting list, number 1." in other_client.get(page_url).text

    client.post(f"/events/{event_id}/unregister", data={"csrf_token": csrf_token(client, page_url)})
    assert f"/events/{event_id}/register" in client.get(page_url).text
    assert "You are registered." in other_client.get(page_url).text
    assert "A place freed up" in other_client.get("/notifications").text


def test_registering_needs_the_csrf_token_and_a_sign_in(client):
    event = make_event()
    assert client.post(f"/events/{event.topic_id}/register").status_code in (400, 403)
    login(client, make_user())
    assert client.post(f"/events/{event.topic_id}/register").status_code == 400
    assert statuses(event) == {}


def test_registering_for_a_past_event_through_the_page_shows_the_error(client):
    event = make_event(starts_at=utcnow() - timedelta(hours=1))
    login(client, make_user())
    page_url = f"/t/{event.topic_id}"
    response = client.post(
        f"/events/{event.topic_id}/register",
        data={"csrf_token": csrf_token(client, page_url)},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "Registration has closed" in response.text


def test_the_author_cancels_the_event_from_its_page(client):
    event = make_event()
    login(client, event.topic.user)
    page_url = f"/t/{event.topic_id}"
    response = client.post(
        f"/events/{event.topic_id}/cancel",
        data={"csrf_token": csrf_token(client, page_url), "reason": "Snow storm"},
        follow_redirects=True,
    )
    assert "Cancelled: Snow storm" in response.text
    assert f"/events/{event.topic_id}/register" not in response.text


def test_an_erased_account_frees_its_place_and_its_data_export_lists_registrations():
    from forum.actions.erasure import erase_account
    from forum.auth.export import account_data

    event = make_event(capacity=1)
    leaving, waiting = make_user(), make_user()
    register_for_event(leaving, event)
    register_for_event(waiting, event)
    exported = account_data(leaving)["event_registrations"]
    assert [(r["event_id"], r["status"]) for r in exported] == [(event.topic_id, "registered")]
    erase_account(leaving)
    assert statuses(event) == {waiting.id: "registered"}
