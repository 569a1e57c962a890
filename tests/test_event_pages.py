"""The event composer, the upcoming-events page with its filters, the admin's kind settings."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Event, Region, Space
from forum.models.base import utcnow
from forum.models.group import REGISTERED
from tests.conftest import login
from tests.event_helpers import english_client, make_event, make_kind_space
from tests.factories import admin, make_space, make_user
from tests.helpers import csrf_token


@pytest.fixture
def client(app):
    return english_client(app)


def region(code: str) -> Region:
    return db.session.scalar(select(Region).where(Region.code == code))


def event_form(client, space, **fields):
    path = f"/s/{space.slug}/new-topic?kind=event"
    data = {
        "csrf_token": csrf_token(client, path),
        "title": "Kehittämisklinikka Kajaanissa",
        "raw": "Tervetuloa!",
        "starts_at": "2030-03-05T13:00",
        "ends_at": "2030-03-05T16:00",
        "timezone": "Europe/Helsinki",
        "place": "Kajaanin kaupungintalo",
        "online_url": "",
        "organiser_name": "Kainuun liitto",
        "organiser_is_author": "y",
        "capacity": "30",
        "region": "",
        **fields,
    }
    return client.post(path, data=data)


def test_an_event_is_published_through_the_composer(client):
    space = make_kind_space()
    kainuu = region("MK18")
    login(client, make_user())
    response = event_form(client, space, region=str(kainuu.id))
    assert response.status_code == 303
    event = db.session.scalar(select(Event))
    assert event.starts_at.isoformat() == "2030-03-05T11:00:00+00:00"  # 13:00 in Helsinki
    assert (event.capacity, event.region_id, event.organiser_name) == (
        30,
        kainuu.id,
        "Kainuun liitto",
    )
    page = client.get(response.headers["Location"]).text
    assert "13:00" in page
    assert "16:00" in page
    assert "Kajaanin kaupungintalo" in page
    assert "0 of 30 places taken, 30 left" in page
    assert "Kainuu" in page
    assert f"/events/{event.topic_id}.ics" in page


def test_the_composer_returns_clear_errors_for_bad_events(client):
    space = make_kind_space()
    login(client, make_user())
    cases = [
        ({"ends_at": "2030-03-05T12:00"}, "An event ends after it starts."),
        ({"capacity": "-3"}, "Capacity cannot be below zero."),
        ({"place": ""}, "Give a place, an online link, or both."),
        ({"starts_at": "tomorrow"}, 'id="starts_at-error"'),
        ({"timezone": "Nowhere/Land"}, "Unknown time zone"),
    ]
    for fields, message in cases:
        response = event_form(client, space, **fields)
        assert response.status_code == 400, fields
        assert message in response.text, fields
        assert "Tervetuloa!" in response.text  # the text typed is kept
    assert db.session.scalar(select(Event)) is None


def test_the_space_page_offers_the_kinds_it_takes(client):
    events_only = make_space(allows_discussion=False, allows_events=True)
    login(client, make_user())
    page = client.get(f"/s/{events_only.slug}").text
    assert "kind=event" in page
    assert "kind=discussion" not in page
    assert "kind=news" not in page
    assert f"/s/{events_only.slug}/events.atom" in page


def test_upcoming_events_with_filters_and_privacy(client):
    kainuu, uusimaa = region("MK18"), region("MK01")
    space, other = make_kind_space(), make_kind_space()
    make_event(space=space, title="Kainuun paja", region_id=kainuu.id)
    make_event(
        space=other,
        title="Verkkotapaaminen",
        place="",
        online_url="https://meet.example.org/x",
        region_id=uusimaa.id,
    )
    make_event(title="Mennyt tapahtuma", starts_at=utcnow() - timedelta(days=3))
    private = make_kind_space(grants={REGISTERED: ["see", "read", "create_topic", "reply"]})
    make_event(admin(), private, title="Sisäinen tapahtuma")

    page = client.get("/events").text
    assert "Kainuun paja" in page
    assert "Verkkotapaaminen" in page
    assert "Mennyt tapahtuma" not in page
    assert "Sisäinen tapahtuma" not in page
    by_region = client.get("/events?region=MK18").text
    assert "Kainuun paja" in by_region
    assert "Verkkotapaaminen" not in by_region
    online = client.get("/events?mode=online").text
    assert "Verkkotapaaminen" in online
    assert "Kainuun paja" not in online
    in_person = client.get("/events?mode=in-person").text
    assert "Kainuun paja" in in_person
    assert "Verkkotapaaminen" not in in_person
    by_space = client.get(f"/events?space={other.slug}").text
    assert "Verkkotapaaminen" in by_space
    assert "Kainuun paja" not in by_space
    assert "No upcoming events found." in client.get("/events?region=MK02").text
    login(client, make_user())
    assert "Sisäinen tapahtuma" in client.get("/events").text


def test_upcoming_events_are_paginated_soonest_first(client):
    space = make_kind_space()
    author = make_user()
    for n in range(21):
        make_event(
            author, space, title=f"Tapahtuma {n:02d}", starts_at=utcnow() + timedelta(days=n + 1)
        )
    first = client.get("/events").text
    assert first.index("Tapahtuma 00") < first.index("Tapahtuma 19")
    assert "Tapahtuma 20" not in first
    assert "Tapahtuma 20" in client.get("/events?page=2").text


def test_the_admin_designates_a_space_for_news_and_events(client):
    space = make_space()
    login(client, admin())
    path = f"/admin/spaces/{space.id}"
    page = client.get(path).text
    assert 'name="allows_news"' in page
    response = client.post(
        path,
        data={
            "csrf_token": csrf_token(client, path),
            "name": space.name,
            "slug": space.slug,
            "colour": "#2f6f8f",
            "position": "0",
            "kinds_shown": "1",
            "allows_news": "y",
            "allows_events": "y",
            "grant-everyone-see": "1",
            "grant-everyone-read": "1",
        },
    )
    assert response.status_code == 303
    db.session.expire_all()
    saved = db.session.get(Space, space.id)
    assert (saved.allows_discussion, saved.allows_news, saved.allows_events) == (False, True, True)
    response = client.post(
        path,
        data={
            "csrf_token": csrf_token(client, path),
            "name": space.name,
            "slug": space.slug,
            "colour": "#2f6f8f",
            "position": "0",
            "kinds_shown": "1",
        },
    )
    assert response.status_code == 400
    assert "A space takes at least one kind of topic." in response.text


def test_demo_data_has_news_upcoming_events_registrations_and_a_waiting_list(app, client):
    from forum.demo import seed_demo

    seed_demo()
    again = seed_demo()
    assert again == []
    news = client.get("/news").text
    assert "Kainuun liikuntaneuvontaketju leviää" in news
    events = client.get("/events").text
    assert "Kehittämisklinikka: ikäihmisten liikunta" in events
    assert "Verkkotapaaminen: rahoitushaut 2027" in events
    online = client.get("/events?mode=online").text
    assert "Tulevaisuustyöpaja Satakunnassa" not in online
    clinic = db.session.scalar(
        select(Event).join(Event.topic).where(Event.capacity == 3)  # the clinic
    )
    assert (clinic.registered_count, clinic.waiting_count) == (3, 1)
    assert "Kainuun" in client.get("/").text


def test_the_organiser_edits_the_event_and_a_larger_capacity_lets_people_in(client):
    from forum.actions.registration import register_for_event

    event = make_event(capacity=0, starts_at=datetime(2031, 2, 3, 10, 0, tzinfo=UTC))
    waiting = make_user()
    register_for_event(waiting, event)
    path = f"/events/{event.topic_id}/edit"
    login(client, make_user())
    assert client.get(path).status_code == 403
    login(client, event.topic.user)
    form = client.get(path).text
    assert 'value="2031-02-03T12:00"' in form  # shown in Helsinki time
    data = {
        "csrf_token": csrf_token(client, path),
        "starts_at": "2031-02-03T12:00",
        "ends_at": "2031-02-03T11:00",
        "timezone": "Europe/Helsinki",
        "place": "Oulu",
        "capacity": "5",
    }
    response = client.post(path, data=data)
    assert response.status_code == 400
    assert "An event ends after it starts." in response.text
    response = client.post(path, data={**data, "ends_at": "2031-02-03T15:00"})
    assert response.status_code == 303
    db.session.expire_all()
    saved = db.session.get(Event, event.topic_id)
    assert (saved.place, saved.capacity, saved.registered_count) == ("Oulu", 5, 1)
