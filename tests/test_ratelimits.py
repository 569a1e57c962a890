"""Rate limits answer 429 with Retry-After on pages and API alike, counted in memory or in
Redis (shared between application processes)."""

import uuid

import pytest
from flask import Flask
from sqlalchemy import select

from forum import create_app
from forum.actions.tokens import create_api_token
from forum.extensions import db
from forum.localserver import free_port
from forum.models import Post
from tests.conftest import IsolatedClient, login, require_redis
from tests.factories import make_topic, make_user
from tests.helpers import csrf_token


def first_post_id(topic) -> int:
    return db.session.scalar(
        select(Post.id).where(Post.topic_id == topic.id, Post.post_number == 1)
    )


@pytest.fixture
def limited_app(app: Flask):
    """Build applications with rate limits on; their database connections close afterwards."""
    made: list[Flask] = []

    def build(**settings) -> Flask:
        made.append(_limited_app(app, **settings))
        return made[-1]

    yield build
    for limited in made:
        with limited.app_context():
            db.engine.dispose()


def _limited_app(app: Flask, **settings) -> Flask:
    limited = create_app(
        {
            "ENV": "testing",
            "INSTANCE_PATH": app.instance_path,
            "DATABASE_URL": app.config["DATABASE_URL"],
            "SERVER_NAME": "forum.test",
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            "RATELIMIT_POSTS": "2/minute",
            "RATELIMIT_FLAGS": "1/minute",
            "RATELIMIT_SIGN_IN": "3/minute",
            **settings,
        }
    )
    limited.test_client_class = IsolatedClient
    return limited


def check_posting_limit(limited: Flask) -> None:
    author = make_user("author")
    topic = make_topic(author)
    page_client = limited.test_client()
    login(page_client, author)
    token = csrf_token(page_client, f"/t/{topic.id}")
    statuses = [
        page_client.post(
            f"/t/{topic.id}/reply", data={"raw": f"Reply {n}", "csrf_token": token}
        ).status_code
        for n in range(3)
    ]
    assert statuses == [303, 303, 429]
    refused = page_client.post(f"/t/{topic.id}/reply", data={"raw": "x", "csrf_token": token})
    assert int(refused.headers["Retry-After"]) > 0
    assert "Odota hetki ja yritä uudelleen" in refused.text  # Finnish, the default language

    # The API counts per token, and answers in JSON.
    other = make_user("other")
    headers = {"Authorization": f"Bearer {create_api_token(other, 'test')[1]}"}
    api = limited.test_client()
    codes = [
        api.post(f"/api/v1/topics/{topic.id}/posts", json={"raw": f"API {n}"}, headers=headers)
        for n in range(3)
    ]
    assert [r.status_code for r in codes] == [201, 201, 429]
    assert codes[2].get_json()["error"] == "rate_limited"
    assert int(codes[2].headers["Retry-After"]) > 0


def test_posting_is_limited_in_memory(limited_app):
    check_posting_limit(limited_app())


@pytest.mark.redis
def test_posting_is_limited_in_redis_across_processes(limited_app):
    url = require_redis()
    prefix = f"test-{uuid.uuid4().hex}"
    first = limited_app(REDIS_URL=url, RATELIMIT_KEY_PREFIX=prefix)
    check_posting_limit(first)
    # A second application (another worker process) shares the counts through Redis.
    second = limited_app(REDIS_URL=url, RATELIMIT_KEY_PREFIX=prefix)
    assert second.extensions["forum_limiter"]._storage_uri.startswith("redis")
    client = second.test_client()
    author = make_user("late")
    headers = {"Authorization": f"Bearer {create_api_token(author, 'x')[1]}"}
    topic = make_topic(author)
    for _n in range(2):
        client.post(f"/api/v1/topics/{topic.id}/posts", json={"raw": "hi"}, headers=headers)
    refused = first.test_client().post(
        f"/api/v1/topics/{topic.id}/posts", json={"raw": "hi"}, headers=headers
    )
    assert refused.status_code == 429


def test_flags_and_sign_in_are_limited(limited_app):
    limited = limited_app()
    author, flagger = make_user("author"), make_user("flagger")
    first, second = make_topic(author), make_topic(author)
    client = limited.test_client()
    login(client, flagger)
    token = csrf_token(client, f"/t/{first.id}")
    codes = [
        client.post(
            f"/p/{first_post_id(topic)}/flag", data={"reason": "spam", "csrf_token": token}
        ).status_code
        for topic in (first, second)
    ]
    assert codes == [200, 429]
    anonymous = limited.test_client()
    sign_in = [anonymous.get("/auth/oidc/default/login").status_code for _n in range(4)]
    assert sign_in[3] == 429
    assert sign_in[:3].count(429) == 0


def test_profile_changes_are_limited(limited_app):
    limited = limited_app(RATELIMIT_PROFILES="2/minute")
    person = make_user("profiler")
    client = limited.test_client()
    login(client, person)
    token = csrf_token(client, "/settings/profile")
    codes = [
        client.post(
            "/settings/profile", data={"csrf_token": token, "display_name": f"Name {n}"}
        ).status_code
        for n in range(3)
    ]
    assert codes == [303, 303, 429]


def test_the_bucket_is_the_person_whatever_the_authorization_header_says(limited_app):
    limited = limited_app()
    poster = make_user("poster")
    topic = make_topic(poster)
    secret, other_secret = (create_api_token(poster, name)[1] for name in ("one", "two"))
    api = limited.test_client()
    path = f"/api/v1/topics/{topic.id}/posts"

    def api_post(header: str) -> int:
        return api.post(path, json={"raw": "hi"}, headers={"Authorization": header}).status_code

    assert [api_post(f"Bearer {secret}") for _n in range(2)] == [201, 201]
    # The same token written otherwise, or the same person's other token: the same bucket.
    assert api_post(f"Bearer  {secret}") == 429
    assert api_post(f"bearer {secret}") == 429
    assert api_post(f"Bearer {other_secret}") == 429
    # An invalid token is refused before anything is counted, so it opens no bucket either.
    assert api_post("Bearer fst_invented") == 401

    # A signed-in browser is counted as its person, whatever Authorization header it invents.
    reader = make_user("reader")
    browser = limited.test_client()
    login(browser, reader)
    token = csrf_token(browser, f"/t/{topic.id}")

    def reply(headers: dict[str, str]) -> int:
        data = {"raw": "A reply", "csrf_token": token}
        return browser.post(f"/t/{topic.id}/reply", data=data, headers=headers).status_code

    assert [reply({}) for _n in range(2)] == [303, 303]
    assert reply({"Authorization": "Bearer invented"}) == 429
    assert reply({"Authorization": f"Bearer {secret}"}) == 429


def test_anonymous_callers_are_counted_by_address_whatever_their_headers(limited_app):
    limited = limited_app(RATELIMIT_REACTIONS="2/minute")
    post_id = first_post_id(make_topic())
    anonymous = limited.test_client()
    token = csrf_token(anonymous, "/")

    def react(headers: dict[str, str]) -> int:
        data = {"kind": "like", "csrf_token": token}
        return anonymous.post(f"/p/{post_id}/react", data=data, headers=headers).status_code

    assert 429 not in [react({}) for _n in range(2)]
    assert react({"Authorization": "Bearer invented"}) == 429
    assert react({"Authorization": "anything else"}) == 429


def test_a_redis_that_is_down_refuses_no_write_and_is_logged_once(limited_app, caplog):
    closed = f"redis://127.0.0.1:{free_port()}/0"
    # Counting goes on in this process's memory meanwhile, so the limit still holds.
    check_posting_limit(limited_app(REDIS_URL=closed))
    warnings = [r for r in caplog.records if "storage unreachable" in r.getMessage()]
    assert len(warnings) == 1
