"""Faults with real processes: a private Redis stopped and started again under a gunicorn server
that a client keeps posting and reacting to. Writes never fail for Redis's sake, a socket join
answers at once, and live delivery and rate-limit counting come back with Redis."""

from __future__ import annotations

import re
import subprocess
import time
import uuid
from collections.abc import Iterator

import pytest
import redis
import requests
from sqlalchemy import select

from forum.actions.tokens import create_api_token
from forum.extensions import db
from forum.localserver import free_port, stop, wait_until_ready
from forum.models import Post
from tests import conftest
from tests.conftest import login
from tests.factories import make_topic, make_user
from tests.realtime_helpers import Listener
from tests.servers import server_process

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
LIMIT_PREFIX = "faults"


class PrivateRedis:
    """A redis-server of the test's own on a free port, without persistence, so that stopping
    it touches nothing shared."""

    def __init__(self, log_path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no"]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=log)
        wait_until_ready(self.process, self.port, path=None, timeout=10, log=self.log_path)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_timeout=2, socket_connect_timeout=2)


@pytest.fixture
def private_redis(tmp_path) -> Iterator[PrivateRedis]:
    try:
        subprocess.run(["redis-server", "--version"], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("needs redis-server: install it (apt-get install redis-server)")
    server = PrivateRedis(tmp_path / "redis.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()


class Writer:
    """One person writing through the API with a token, another replying from the page with a
    signed-in session and its CSRF token; both react."""

    def __init__(self, url: str, topic, first_post_id: int, secret: str, cookies: dict) -> None:
        self.url, self.topic_id, self.space_id = url, topic.id, topic.space_id
        self.first_post_id = first_post_id
        self.api = requests.Session()
        self.api.headers["Authorization"] = f"Bearer {secret}"
        self.browser = requests.Session()
        for name, value in cookies.items():  # as the server's own cookies, which replace them
            self.browser.cookies.set(name, value, domain="127.0.0.1")
        self.posts = 0
        self.statuses: list[tuple[str, int]] = []

    def _note(self, what: str, response: requests.Response) -> requests.Response:
        self.statuses.append((what, response.status_code))
        return response

    def api_post(self, raw: str) -> int:
        response = self._note(
            "api post",
            self.api.post(
                f"{self.url}/api/v1/topics/{self.topic_id}/posts", json={"raw": raw}, timeout=20
            ),
        )
        self.posts += response.status_code == 201
        return response.json()["id"] if response.status_code == 201 else 0

    def page_reply(self, raw: str) -> None:
        page = self.browser.get(f"{self.url}/t/{self.topic_id}", timeout=20)
        token = CSRF.search(page.text)
        assert token, page.text[:500]
        response = self._note(
            "page reply",
            self.browser.post(
                f"{self.url}/t/{self.topic_id}/reply",
                data={"raw": raw, "csrf_token": token.group(1)},
                allow_redirects=False,
                timeout=20,
            ),
        )
        self.posts += response.status_code == 303

    def react(self) -> None:
        path = f"{self.url}/api/v1/posts/{self.first_post_id}/reactions"
        self._note("react", self.api.post(path, json={"kind": "like"}, timeout=20))
        self._note("unreact", self.api.delete(f"{path}/like", timeout=20))

    def new_topic(self, label: str) -> None:
        data = {"space_id": self.space_id, "title": f"{label}: a new topic", "raw": "Opening"}
        self._note("new topic", self.api.post(f"{self.url}/api/v1/topics", json=data, timeout=20))

    def round(self, label: str) -> None:
        self.api_post(f"{label}: through the API")
        self.page_reply(f"{label}: from the page")
        self.react()
        self.new_topic(label)

    def failures(self) -> list[tuple[str, int]]:
        return [(what, status) for what, status in self.statuses if status >= 400]


def counted_posts(server: PrivateRedis) -> int:
    """What the rate limiter has counted in Redis for posts, over every caller."""
    client = server.client()
    keys = [k for k in client.scan_iter(f"*{LIMIT_PREFIX}*") if b":posts/" in k]
    return sum(int(client.get(k) or 0) for k in keys)


def test_writes_survive_redis_going_away_and_everything_resumes_when_it_returns(
    app, tmp_path, private_redis
):
    topic = make_topic()
    first_post_id = db.session.scalar(select(Post.id).where(Post.topic_id == topic.id))
    author, reader = make_user("author"), make_user("reader")
    secret = create_api_token(author, "poster")[1]
    browser = app.test_client()
    login(browser, reader)
    cookies = {c.key: c.value for c in browser._cookies.values()}
    settings = {
        "FORUM_RATELIMIT_ENABLED": "true",
        "FORUM_RATELIMIT_KEY_PREFIX": f"{LIMIT_PREFIX}-{uuid.uuid4().hex}",
        "FORUM_RATELIMIT_POSTS": "1000/hour",
        "FORUM_RATELIMIT_REACTIONS": "1000/hour",
        "FORUM_RATELIMIT_TOPICS": "1000/hour",
    }
    log_path = tmp_path / "server.log"
    with server_process(app, private_redis.url, log_path, settings) as url:
        writer = Writer(url, topic, first_post_id, secret, cookies)
        listener = Listener(url)
        late: Listener | None = None
        try:
            assert listener.join(f"topic:{topic.id}")["ok"]
            # Presence is kept in Redis while it answers.
            assert listener.wait_for(lambda: listener.named("presence"))
            assert listener.named("presence")[0]["anonymous"] == 1
            assert private_redis.client().keys("forum:presence:*")
            writer.round("Redis up")
            assert listener.wait_for(lambda: len(listener.named("post.created")) == 2)
            assert counted_posts(private_redis) == 2

            private_redis.stop()
            for n in range(3):
                writer.round(f"Redis down {n}")
            started = time.monotonic()
            late = Listener(url)
            assert late.join(f"topic:{topic.id}", since=0)["ok"]
            assert time.monotonic() - started < 2
            writer.round("Redis still down")

            private_redis.start()
            deadline = time.monotonic() + 60
            delivered = counted = False
            while not (delivered and counted) and time.monotonic() < deadline:
                before = counted_posts(private_redis)
                post_id = writer.api_post("Redis back")
                delivered = delivered or listener.wait_for(
                    lambda p=post_id: any(
                        e["post_id"] == p for e in listener.named("post.created")
                    ),
                    timeout=1,
                )
                counted = counted or counted_posts(private_redis) == before + 1
            assert delivered, "live delivery did not come back with Redis"
            assert counted, "rate limits did not count in Redis again"
        finally:
            for client in (listener, late):
                if client is not None:
                    client.close()
    assert writer.failures() == []
    db.session.rollback()
    numbers = list(
        db.session.scalars(
            select(Post.post_number).where(Post.topic_id == topic.id).order_by(Post.post_number)
        )
    )
    assert numbers == list(range(1, writer.posts + 2))
    log = log_path.read_text()
    assert log.count("Rate limit storage unreachable") == 1, log


def test_the_suite_finds_a_local_redis_without_the_variable(monkeypatch, private_redis):
    monkeypatch.delenv(conftest.REDIS_ENV, raising=False)
    monkeypatch.setattr(conftest, "LOCAL_REDIS_URL", private_redis.url)
    conftest.redis_url.cache_clear()
    try:
        assert conftest.redis_url() == private_redis.url
        conftest.redis_url.cache_clear()
        private_redis.stop()
        started = time.monotonic()
        assert conftest.redis_url() is None
        assert time.monotonic() - started < 1
        with pytest.raises(pytest.skip.Exception, match="apt-get install redis-server"):
            conftest.require_redis()
        monkeypatch.setenv(conftest.REDIS_ENV, "redis://127.0.0.1:1/15")
        conftest.redis_url.cache_clear()
        assert conftest.redis_url() == "redis://127.0.0.1:1/15"
    finally:
        conftest.redis_url.cache_clear()
