"""iCalendar files and Atom feeds: parsed back with real parsers, private spaces absent."""

from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree as ET

import pytest
from icalendar import Calendar

from forum.actions.events import cancel_event
from forum.actions.registration import register_for_event
from forum.models.group import REGISTERED
from tests.conftest import login
from tests.event_helpers import english_client, make_event, make_kind_space, make_news
from tests.factories import admin, make_user
from tests.helpers import csrf_token

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def client(app):
    return english_client(app)


def parse_xml(data: bytes) -> ET.Element:
    """The forum's own feed, fetched in the test: trusted input."""
    return ET.fromstring(data)  # noqa: S314


def private_space():
    return make_kind_space(grants={REGISTERED: ["see", "read", "create_topic", "reply"]})


def parse_ics(response) -> list:
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    return Calendar.from_ical(response.data).walk("VEVENT")


def test_event_ics_round_trips_start_end_zone_location_and_url(client):
    start = datetime(2030, 6, 12, 10, 0, tzinfo=UTC)
    event = make_event(
        starts_at=start,
        hours=3,
        place="Kauppakatu 1, Kajaani",
        online_url="https://meet.example.org/room?a=1&b=2",
    )
    response = client.get(f"/events/{event.topic_id}.ics")
    calendar = Calendar.from_ical(response.data)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Helsinki"]
    [vevent] = parse_ics(response)
    dtstart, dtend = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
    assert dtstart == start
    assert dtend == start + timedelta(hours=3)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Helsinki"
    assert dtstart.utcoffset() == timedelta(hours=3)  # summer time in Helsinki
    assert (
        str(vevent["LOCATION"]) == "Kauppakatu 1, Kajaani · https://meet.example.org/room?a=1&b=2"
    )
    assert str(vevent["URL"]) == f"http://forum.test/t/{event.topic_id}"
    assert str(vevent["SUMMARY"]) == event.topic.title
    assert str(vevent["UID"]) == f"event-{event.topic_id}@forum.test"
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert "What the event is about." in str(vevent["DESCRIPTION"])


def test_an_event_in_another_zone_keeps_its_zone(client):
    local = datetime(2030, 1, 20, 9, 0)  # naive: the time as entered, in the event's zone
    event = make_event(starts_at=local, timezone="Europe/Stockholm")
    assert event.starts_at == datetime(2030, 1, 20, 8, 0, tzinfo=UTC)
    [vevent] = parse_ics(client.get(f"/events/{event.topic_id}.ics"))
    assert vevent["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert vevent.decoded("DTSTART").replace(tzinfo=None) == local
    page = client.get(f"/t/{event.topic_id}", follow_redirects=True).text
    assert "09:00 (Europe/Stockholm)" in page


def test_a_cancelled_event_says_so(client):
    event = make_event()
    cancel_event(event.topic.user, event, "Flood")
    [vevent] = parse_ics(client.get(f"/events/{event.topic_id}.ics"))
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert "Flood" in str(vevent["DESCRIPTION"])


def test_private_events_have_no_public_ics(client):
    event = make_event(admin(), private_space())
    assert client.get(f"/events/{event.topic_id}.ics").status_code == 404


def test_space_ics_and_atom_list_the_space_events_only(client):
    space = make_kind_space()
    mine = [make_event(space=space, title=f"Tapahtuma <{n}> & co") for n in range(2)]
    make_event(title="Elsewhere")
    events = parse_ics(client.get(f"/s/{space.slug}/events.ics"))
    assert sorted(str(e["SUMMARY"]) for e in events) == sorted(e.topic.title for e in mine)
    response = client.get(f"/s/{space.slug}/events.atom")
    assert response.mimetype == "application/atom+xml"
    feed = parse_xml(response.data)
    titles = sorted(e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry"))
    assert titles == ["Tapahtuma <0> & co", "Tapahtuma <1> & co"]


def test_private_space_feeds_do_not_exist_even_for_members(client):
    space = private_space()
    login(client, admin())
    assert client.get(f"/s/{space.slug}/events.ics").status_code == 404
    assert client.get(f"/s/{space.slug}/events.atom").status_code == 404
    assert client.get(f"/s/{space.slug}/news.atom").status_code == 404


def test_news_atom_feed_is_well_formed_with_the_right_entries(client):
    public = make_kind_space()
    item = make_news(
        space=public,
        title="Uutinen: <b>tärkeä</b> & kiireellinen",
        lead="Lead with <script>alert(1)</script>",
        raw="Body with **bold**",
    )
    make_news(admin(), private_space(), title="Secret news")
    response = client.get("/news.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = parse_xml(response.data)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == "http://forum.test/news.atom"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "http://forum.test/news.atom"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Uutinen: <b>tärkeä</b> & kiireellinen"
    ]
    entry = entries[0]
    assert entry.findtext(f"{ATOM}id") == f"http://forum.test/t/{item.topic_id}"
    assert entry.findtext(f"{ATOM}summary") == "Lead with <script>alert(1)</script>"
    assert "<strong>bold</strong>" in entry.findtext(f"{ATOM}content")
    assert entry.find(f"{ATOM}content").get("type") == "html"
    updated = datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
    assert updated.tzinfo is not None
    assert feed.findtext(f"{ATOM}updated") == entry.findtext(f"{ATOM}updated")
    assert b"Secret news" not in response.data
    space_feed = parse_xml(client.get(f"/s/{public.slug}/news.atom").data)
    assert len(space_feed.findall(f"{ATOM}entry")) == 1


def test_personal_calendar_feed_is_secret_revocable_and_renewable(client):
    person = make_user()
    event = make_event()
    waiting_for = make_event(capacity=0)
    register_for_event(person, event)
    register_for_event(person, waiting_for)
    login(client, person)
    token = csrf_token(client, "/settings/calendar")
    page = client.post("/settings/calendar", data={"csrf_token": token})
    assert page.headers["Cache-Control"] == "no-store"
    url = page.text.split('<code class="token-secret">')[1].split("</code>")[0]
    path = url.replace("http://forum.test", "")
    anonymous = english_client(client.application)
    events = parse_ics(anonymous.get(path))
    assert [str(e["SUMMARY"]) for e in events] == [event.topic.title]

    client.post("/settings/calendar", data={"csrf_token": token})  # a new address
    assert anonymous.get(path).status_code == 404
    client.post("/settings/calendar", data={"csrf_token": token, "revoke": "1"})
    assert "You have no calendar address yet." in client.get("/settings/calendar").text
    assert anonymous.get("/calendar/not-a-token.ics").status_code == 404
