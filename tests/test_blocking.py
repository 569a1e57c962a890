"""Blocking: the blocked person cannot message the blocker, who hears nothing from them."""

from tests.conftest import login
from tests.factories import make_conversation, make_post, make_topic, make_user
from tests.helpers import csrf_token


def block(client, username: str) -> None:
    token = csrf_token(client, "/settings/blocked")
    answer = client.post(f"/u/{username}/block", data={"csrf_token": token})
    assert answer.status_code == 303


def test_a_blocked_person_cannot_start_a_conversation(client):
    aino, bea = make_user("aino"), make_user("bea")
    login(client, aino)
    block(client, "bea")
    assert "bea" in client.get("/settings/blocked").text

    login(client, bea)
    token = csrf_token(client, "/messages/new")
    refused = client.post(
        "/messages/new",
        data={"recipients": "aino", "title": "Hello there", "raw": "Hi", "csrf_token": token},
    )
    assert refused.status_code == 403
    assert "ei ota vastaan viestejä sinulta" in refused.text
    api = client.post(
        "/api/v1/messages",
        json={"recipients": ["aino"], "title": "Hello there", "raw": "Hi"},
        headers={"X-CSRFToken": token},
    )
    assert api.status_code == 403
    assert api.get_json()["error"] == "forbidden"


def test_a_blocked_person_cannot_reply_in_an_existing_conversation(client):
    aino, bea = make_user("aino"), make_user("bea")
    topic = make_conversation(bea, aino)
    login(client, aino)
    block(client, "bea")
    login(client, bea)
    page = client.get(f"/t/{topic.id}")
    assert page.status_code == 200
    assert 'id="reply-raw"' not in page.text
    token = csrf_token(client, f"/t/{topic.id}")
    refused = client.post(f"/t/{topic.id}/reply", data={"raw": "Hello?", "csrf_token": token})
    assert refused.status_code == 403
    api = client.post(
        f"/api/v1/messages/{topic.id}/posts",
        json={"raw": "Hello?"},
        headers={"X-CSRFToken": token},
    )
    assert api.status_code == 403
    assert "Et voi vastata tässä keskustelussa" in api.get_json()["message"]


def test_the_blocker_gets_no_mentions_or_notifications_from_them(client):
    aino, bea = make_user("aino"), make_user("bea")
    topic = make_topic(aino)
    login(client, aino)
    block(client, "bea")
    make_post(topic, bea, "Hey @aino, look", reply_to=1)
    assert client.get("/api/v1/notifications").get_json()["notifications"] == []

    token = csrf_token(client, "/settings/blocked")
    assert client.post("/u/bea/unblock", data={"csrf_token": token}).status_code == 303
    assert "@bea" not in client.get("/settings/blocked").text
    make_post(topic, bea, "Hey again @aino")
    kinds = [n["kind"] for n in client.get("/api/v1/notifications").get_json()["notifications"]]
    assert kinds == ["mention"]


def test_blocking_by_name_on_the_settings_page_and_bad_input(client):
    aino = make_user("aino")
    make_user("bea")
    login(client, aino)
    token = csrf_token(client, "/settings/blocked")
    done = client.post("/settings/blocked", data={"recipients": "@bea", "csrf_token": token})
    assert done.status_code == 200
    assert "@bea" in done.text
    unknown = client.post("/settings/blocked", data={"recipients": "ghost", "csrf_token": token})
    assert unknown.status_code == 400
    myself = client.post("/u/aino/block", data={"csrf_token": token}, follow_redirects=True)
    assert myself.status_code == 200
    assert client.post("/u/ghost/block", data={"csrf_token": token}).status_code == 404
    report_page = client.get("/u/bea/report")
    assert "/u/bea/unblock" in report_page.text
