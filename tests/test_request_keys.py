"""A write sent again under the key it was first sent with makes nothing new: the API's
Idempotency-Key header, and the key each composer page carries against a double submit."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

from sqlalchemy import func, select, update

from forum.actions.request_keys import KEPT_FOR, forget_old_request_keys
from forum.actions.tokens import create_api_token
from forum.extensions import db
from forum.models import Post, RequestKey, Topic
from forum.models.base import utcnow
from tests.conftest import login
from tests.factories import make_space, make_topic, make_user

_KEY_RE = re.compile(r'name="request_key" type="hidden" value="([0-9a-f]{32})"')


def posts_in(topic_id: int) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).where(Post.topic_id == topic_id))


def bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_api_token(user, 'keys')[1]}"}


def test_a_reply_sent_again_with_its_key_returns_the_first_post(client):
    topic_id = make_topic().id
    headers = {**bearer(make_user()), "Idempotency-Key": "reply-7f3a"}
    first = client.post(f"/api/v1/topics/{topic_id}/posts", json={"raw": "Once"}, headers=headers)
    again = client.post(f"/api/v1/topics/{topic_id}/posts", json={"raw": "Once"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json["id"] == first.json["id"]
    assert again.json["post_number"] == 2
    assert posts_in(topic_id) == 2


def test_the_same_key_with_another_request_is_refused(client):
    topic_id = make_topic().id
    headers = {**bearer(make_user()), "Idempotency-Key": "reused", "Accept-Language": "en"}
    client.post(f"/api/v1/topics/{topic_id}/posts", json={"raw": "First"}, headers=headers)
    other = client.post(f"/api/v1/topics/{topic_id}/posts", json={"raw": "Else"}, headers=headers)
    assert other.status_code == 409
    assert "different request" in other.json["message"]
    assert posts_in(topic_id) == 2


def test_keys_belong_to_their_person(client):
    topic_id = make_topic().id
    for user in (make_user(), make_user()):
        headers = {**bearer(user), "Idempotency-Key": "shared-words"}
        answer = client.post(
            f"/api/v1/topics/{topic_id}/posts", json={"raw": "Same"}, headers=headers
        )
        assert answer.status_code == 201
    assert posts_in(topic_id) == 3


def test_a_key_that_is_not_printable_is_refused(client):
    topic_id = make_topic().id
    for key in ("", " ", "a" * 101, "ääkköset"):
        headers = {**bearer(make_user()), "Idempotency-Key": key.encode().decode("latin-1")}
        answer = client.post(
            f"/api/v1/topics/{topic_id}/posts", json={"raw": "Hi"}, headers=headers
        )
        assert answer.status_code == 400, key
    assert posts_in(topic_id) == 1


def test_a_new_topic_sent_again_is_the_same_topic(client):
    space = make_space()
    headers = {**bearer(make_user()), "Idempotency-Key": "topic-1"}
    body = {"space_id": space.id, "title": "Aamukahvit", "raw": "Tervetuloa"}
    first = client.post("/api/v1/topics", json=body, headers=headers)
    again = client.post("/api/v1/topics", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json["id"] == first.json["id"]
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Topic)) == 1


def test_a_reply_page_submitted_twice_makes_one_post(client):
    topic = make_topic()
    login(client, make_user())
    page = client.get(f"/t/{topic.id}")
    key = _KEY_RE.search(page.text).group(1)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    form = {"raw": "Kaksoisklikkaus", "request_key": key, "csrf_token": token}
    first = client.post(f"/t/{topic.id}/reply", data=form)
    again = client.post(f"/t/{topic.id}/reply", data=form)
    assert first.status_code == again.status_code == 303
    assert again.headers["Location"] == first.headers["Location"]
    assert posts_in(topic.id) == 2
    assert _KEY_RE.search(client.get(f"/t/{topic.id}").text).group(1) != key


def test_the_same_request_sent_many_times_at_once_makes_one_post(app, live_server):
    import requests

    topic_id = make_topic().id
    headers = {**bearer(make_user()), "Idempotency-Key": "impatient"}
    start = threading.Barrier(12)
    answers: list[requests.Response] = []

    def send() -> None:
        start.wait()
        answers.append(
            requests.post(
                f"{live_server}/api/v1/topics/{topic_id}/posts",
                json={"raw": "Only one of me"},
                headers=headers,
                timeout=20,
            )
        )

    threads = [threading.Thread(target=send) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [201] * 12
    assert {a.json()["id"] for a in answers} == {answers[0].json()["id"]}
    assert posts_in(topic_id) == 2


def test_keys_are_forgotten_after_a_day(client):
    topic_id = make_topic().id
    headers = {**bearer(make_user()), "Idempotency-Key": "old"}
    client.post(f"/api/v1/topics/{topic_id}/posts", json={"raw": "Long ago"}, headers=headers)
    db.session.execute(
        update(RequestKey).values(created_at=utcnow() - KEPT_FOR - timedelta(minutes=1))
    )
    db.session.commit()
    assert forget_old_request_keys() == 1
    again = client.post(
        f"/api/v1/topics/{topic_id}/posts", json={"raw": "Long ago"}, headers=headers
    )
    assert again.status_code == 201
    assert posts_in(topic_id) == 3
