"""Events and news through the JSON API: listing, reading, creating, registering."""

import pytest

from forum.models.group import REGISTERED
from tests.event_helpers import english_client, make_event, make_kind_space, make_news
from tests.factories import admin, make_user
from tests.test_api import bearer


@pytest.fixture
def client(app):
    return english_client(app)


def test_events_list_get_register_and_cancel(client):
    event = make_event(capacity=1, online_url="https://meet.example.org/a")
    first, second = make_user(), make_user()
    listing = client.get("/api/v1/events").get_json()
    assert [e["id"] for e in listing["events"]] == [event.topic_id]
    assert listing["events"][0]["topic"]["kind"] == "event"
    assert client.get("/api/v1/events?mode=in-person").get_json()["total"] == 1
    url = f"/api/v1/events/{event.topic_id}/registration"
    response = client.post(url, headers=bearer(first))
    assert response.status_code == 201
    body = response.get_json()
    assert body["my_registration"] == {"status": "registered", "waiting_position": None}
    assert (body["registered"], body["places_left"]) == (1, 0)
    again = client.post(url, headers=bearer(first)).get_json()
    assert again["registered"] == 1
    waiting = client.post(url, headers=bearer(second)).get_json()
    assert waiting["my_registration"] == {"status": "waiting", "waiting_position": 1}
    assert client.delete(url, headers=bearer(first)).status_code == 204
    shown = client.get(f"/api/v1/events/{event.topic_id}", headers=bearer(second)).get_json()
    assert shown["my_registration"]["status"] == "registered"
    assert shown["online_url"] == "https://meet.example.org/a"
    assert shown["timezone"] == "Europe/Helsinki"


def test_anonymous_callers_cannot_register(client):
    event = make_event()
    response = client.post(f"/api/v1/events/{event.topic_id}/registration")
    assert response.status_code == 403
    assert response.get_json()["error"] == "forbidden"


def test_events_and_news_in_private_spaces_are_invisible(client):
    private = make_kind_space(grants={REGISTERED: ["see", "read", "create_topic", "reply"]})
    event = make_event(admin(), private)
    news = make_news(admin(), private)
    assert client.get(f"/api/v1/events/{event.topic_id}").status_code == 404
    assert client.get(f"/api/v1/news/{news.topic_id}").status_code == 404
    assert client.get("/api/v1/events").get_json()["events"] == []
    assert client.get("/api/v1/news").get_json()["news"] == []
    member = make_user()
    assert client.get("/api/v1/news", headers=bearer(member)).get_json()["total"] == 1


def test_news_list_and_get(client):
    item = make_news(title="API-uutinen", lead="Ingressi")
    listing = client.get("/api/v1/news").get_json()
    assert [n["topic"]["title"] for n in listing["news"]] == ["API-uutinen"]
    shown = client.get(f"/api/v1/news/{item.topic_id}").get_json()
    assert (shown["lead"], shown["image_url"]) == ("Ingressi", None)
    assert client.get(f"/api/v1/events/{item.topic_id}").status_code == 404


def test_creating_an_event_and_news_through_the_api(client):
    space = make_kind_space()
    author = make_user()
    response = client.post(
        "/api/v1/topics",
        headers=bearer(author),
        json={
            "space_id": space.id,
            "title": "API-tapahtuma",
            "raw": "Kuvaus",
            "kind": "event",
            "event": {
                "starts_at": "2030-05-04T13:00",
                "ends_at": "2030-05-04T15:00",
                "online_url": "https://meet.example.org/b",
                "capacity": 5,
            },
        },
    )
    assert response.status_code == 201
    event_id = response.get_json()["id"]
    shown = client.get(f"/api/v1/events/{event_id}").get_json()
    assert shown["starts_at"] == "2030-05-04T10:00:00+00:00"
    bad = client.post(
        "/api/v1/topics",
        headers=bearer(author),
        json={
            "space_id": space.id,
            "title": "Huono tapahtuma",
            "raw": "Kuvaus",
            "kind": "event",
            "event": {
                "starts_at": "2030-05-04T13:00",
                "ends_at": "2030-05-04T12:00",
                "place": "X",
                "capacity": -1,
            },
        },
    )
    assert bad.status_code == 400
    assert bad.get_json()["field"] == "ends_at"
    news = client.post(
        "/api/v1/topics",
        headers=bearer(author),
        json={
            "space_id": space.id,
            "title": "API-uutinen",
            "raw": "Teksti",
            "kind": "news",
            "news": {"lead": "Ingressi"},
        },
    )
    assert news.status_code == 201
    assert news.get_json()["kind"] == "news"
