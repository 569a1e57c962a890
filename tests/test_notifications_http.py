"""Notifications as people meet them: the header count, the page, watch forms and the API."""

from sqlalchemy import select

from forum.actions.tokens import create_api_token
from forum.extensions import db
from forum.models import Watch
from forum.models.notification import MUTED, WATCHING
from tests.conftest import login
from tests.factories import make_post, make_space, make_topic, make_user
from tests.helpers import csrf_token


def test_the_header_counts_unread_and_the_page_opens_the_post(client):
    aino, bea = make_user("aino"), make_user("bea")
    topic = make_topic(aino, title="Village house plans")
    make_post(topic, bea, "Hello @aino")
    login(client, aino)
    home = client.get("/")
    assert "1 lukematon" in home.text  # Finnish, the default language
    page = client.get("/notifications")
    assert "Village house plans" in page.text
    token = csrf_token(client, "/notifications")
    notification_id = client.get("/api/v1/notifications").get_json()["notifications"][0]["id"]
    opened = client.post(f"/notifications/{notification_id}/open", data={"csrf_token": token})
    assert opened.status_code == 303
    assert f"/t/{topic.id}" in opened.headers["Location"]
    after = client.get("/").text
    assert "1 lukematon" not in after
    assert 'data-notification-count="0"' in after


def test_reading_the_topic_page_marks_the_notification_read(client):
    aino, bea = make_user("aino"), make_user("bea")
    topic = make_topic(aino)
    make_post(topic, bea, "A reply", reply_to=1)
    login(client, aino)
    assert client.get("/api/v1/notifications?unread=1").get_json()["unread"] == 1
    client.get(f"/t/{topic.id}")
    assert client.get("/api/v1/notifications").get_json()["unread"] == 0


def test_watch_forms_on_topic_and_space(client):
    aino = make_user("aino")
    space = make_space("village")
    topic = make_topic(make_user(), space)
    login(client, aino)
    token = csrf_token(client, f"/t/{topic.id}")
    assert (
        client.post(
            f"/t/{topic.id}/watch", data={"level": "muted", "csrf_token": token}
        ).status_code
        == 303
    )
    assert (
        client.post("/s/village/watch", data={"level": "watching", "csrf_token": token}).status_code
        == 303
    )
    assert (
        client.post("/s/village/watch", data={"level": "loud", "csrf_token": token}).status_code
        == 400
    )
    levels = {
        (w.topic_id, w.space_id): w.level
        for w in db.session.scalars(select(Watch).where(Watch.user_id == aino.id))
    }
    assert levels == {(topic.id, None): MUTED, (None, space.id): WATCHING}
    assert 'value="muted" selected' in client.get(f"/t/{topic.id}").text


def test_the_api_lists_newest_first_with_kind_read_post_and_topic(client):
    aino, bea = make_user("aino"), make_user("bea")
    topic = make_topic(aino)
    first = make_post(topic, bea, "Hi @aino")
    second = make_post(topic, bea, "Again", reply_to=1)
    headers = {"Authorization": f"Bearer {create_api_token(aino, 'test')[1]}"}
    body = client.get("/api/v1/notifications", headers=headers).get_json()
    items = body["notifications"]
    assert [(n["kind"], n["post"]["id"], n["read"]) for n in items] == [
        ("reply", second.id, False),
        ("mention", first.id, False),
    ]
    assert items[0]["topic"]["id"] == topic.id
    marked = client.post(f"/api/v1/notifications/{items[1]['id']}/read", headers=headers)
    assert marked.get_json()["read"] is True
    assert client.post("/api/v1/notifications/read", headers=headers).get_json() == {"marked": 1}
    bea_headers = {"Authorization": f"Bearer {create_api_token(bea, 'test')[1]}"}
    stolen = client.post(f"/api/v1/notifications/{items[0]['id']}/read", headers=bea_headers)
    assert stolen.status_code == 404
    assert client.get("/api/v1/notifications").status_code == 401
