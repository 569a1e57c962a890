"""PostgreSQL restarted under load: a private cluster stopped for a few seconds and started again
under a gunicorn server that clients keep posting to and reading from. While it is down every
request answers at once with a clean 503 (a page or JSON saying the database is unreachable);
once it is back the same server process serves again, and each client's retries under its
request key (the Idempotency-Key header) land every post exactly once, numbered gap-free.
A server that takes the connection but never answers costs a request CONNECT_TIMEOUT seconds,
not a hang."""

from __future__ import annotations

import html
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from flask import Flask

from forum import create_app
from forum.actions.tokens import create_api_token
from forum.extensions import db
from forum.settings import CONNECT_TIMEOUT
from tests.conftest import create_postgres_database
from tests.factories import make_topic, make_user
from tests.plugin_helpers import migrated_app
from tests.private_postgres import PrivatePostgres, private_postgres  # noqa: F401 - fixture
from tests.servers import gunicorn_master
from tests.test_faults_worker import assert_each_post_made_once, workers_of

CLIENTS = 6
POSTS_EACH = 8
DOWN_FOR = 4.0
RETRY_FOR = 90.0
# The slowest answer allowed while the database is down.
ANSWER_WITHIN = 5.0
DOWN_MESSAGE = "The forum's database is not answering just now."
FINNISH_DOWN_MESSAGE = "Foorumin tietokanta ei vastaa juuri nyt."
FINNISH = {"Accept-Language": "fi"}
ENGLISH = {"Accept-Language": "en"}


@dataclass
class Answers:
    """Every answer that was not a success: (what was asked, status, seconds, body,
    Retry-After)."""

    failures: list[tuple[str, int, float, str, str | None]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def ask(self, what: str, call, *args, success: int = 200, **kwargs) -> requests.Response | None:
        """Make the request; note it unless it answered ``success``. None if it got no answer
        in time (noted with status 0)."""
        started = time.monotonic()
        try:
            answer = call(*args, timeout=ANSWER_WITHIN * 3, **kwargs)
        except requests.RequestException as error:
            with self.lock:
                self.failures.append((what, 0, time.monotonic() - started, repr(error), None))
            return None
        if answer.status_code != success:
            failure = (what, answer.status_code, time.monotonic() - started, answer.text)
            with self.lock:
                self.failures.append((*failure, answer.headers.get("Retry-After")))
        return answer


@pytest.fixture
def forum_on_private_postgres(
    private_postgres: PrivatePostgres,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> Iterator[tuple[PrivatePostgres, Flask]]:
    """An application migrated on a database of the private cluster."""
    application = migrated_app(
        tmp_path / "instance", database_url=create_postgres_database(private_postgres.url)
    )
    try:
        yield private_postgres, application
    finally:
        with application.app_context():
            db.engine.dispose()


def test_postgres_restarted_under_load_fails_cleanly_and_recovers(forum_on_private_postgres):
    server, application = forum_on_private_postgres
    with application.app_context():
        topic = make_topic()
        topic_id, topic_path = topic.id, f"/t/{topic.id}"
        secrets = [create_api_token(make_user(), "faults")[1] for _ in range(CLIENTS)]
        db.session.remove()
    answers = Answers()
    made: dict[str, int] = {}
    stop_reading = threading.Event()
    log = Path(application.instance_path) / "server.log"
    with gunicorn_master(application, None, log) as (url, master):
        workers = workers_of(master)

        def post_until_it_lands(secret: str, key: str) -> int:
            deadline = time.monotonic() + RETRY_FOR
            while time.monotonic() < deadline:
                answer = answers.ask(
                    "post",
                    requests.post,
                    f"{url}/api/v1/topics/{topic_id}/posts",
                    success=201,
                    json={"raw": f"Viesti {key}"},
                    headers={
                        **ENGLISH,
                        "Authorization": f"Bearer {secret}",
                        "Idempotency-Key": key,
                    },
                )
                if answer is not None and answer.status_code == 201:
                    return answer.json()["id"]
                time.sleep(0.2)
            raise AssertionError(f"{key} did not land within {RETRY_FOR} s")

        def poster(n: int) -> None:
            for k in range(POSTS_EACH):
                key = f"client{n}-post{k}"
                post_id = post_until_it_lands(secrets[n], key)
                with answers.lock:
                    made[key] = post_id
                time.sleep(0.3)

        def reader(path: str, headers: dict[str, str]) -> None:
            while not stop_reading.is_set():
                answers.ask(path, requests.get, f"{url}{path}", headers=headers)
                time.sleep(0.1)

        # An anonymous visitor's page goes through the page cache front once it is stored.
        assert requests.get(f"{url}{topic_path}", headers=FINNISH, timeout=10).status_code == 200
        threads = [threading.Thread(target=poster, args=(n,)) for n in range(CLIENTS)]
        threads += [
            threading.Thread(target=reader, args=(topic_path, FINNISH)),
            threading.Thread(target=reader, args=(f"/api/v1/topics/{topic_id}", ENGLISH)),
            threading.Thread(
                target=reader,
                args=(
                    f"/api/v1/topics/{topic_id}",
                    {**ENGLISH, "Authorization": f"Bearer {secrets[0]}"},
                ),
            ),
        ]
        for thread in threads:
            thread.start()
        try:
            under_way = time.monotonic() + RETRY_FOR
            while len(made) < CLIENTS:  # posting is well under way
                assert time.monotonic() < under_way, "posting did not start"
                time.sleep(0.05)
            server.stop()
            time.sleep(DOWN_FOR)
            server.start()
            for thread in threads[:CLIENTS]:
                thread.join()
        finally:
            stop_reading.set()
            for thread in threads:
                thread.join()
        assert workers_of(master) == workers  # recovered without a restart
        after = requests.get(f"{url}{topic_path}", timeout=10)
        assert after.status_code == 200
        assert "Viesti client0-post0" in after.text
    server_log = log.read_text(errors="replace")

    assert answers.failures, "no request met the database while it was down"
    for what, status, took, body, retry_after in answers.failures:
        assert status == 503, (what, status, body[:2000])
        assert retry_after == "5"
        assert took < ANSWER_WITHIN, (what, took)
        if what.startswith("/api/") or what == "post":
            assert '"error":"database_unavailable"' in body.replace(" ", ""), body
        expected = FINNISH_DOWN_MESSAGE if what == topic_path else DOWN_MESSAGE
        assert expected in html.unescape(body), body[:2000]
    assert {what for what, *_ in answers.failures} == {
        "post",
        topic_path,
        f"/api/v1/topics/{topic_id}",
    }
    # No request fell through to the 500 handler, and the outage is noted once, not per request.
    assert "Exception on " not in server_log, server_log[-4000:]
    assert server_log.count("database unavailable, answering 503") == 1, server_log[-4000:]

    with application.app_context():
        assert_each_post_made_once(topic_id, made, CLIENTS * POSTS_EACH)
        db.session.remove()


def test_a_database_that_never_answers_gives_503_after_the_connect_timeout(tmp_path):
    """A PostgreSQL address that accepts the connection and then says nothing (a server hung
    or cut off behind a proxy) makes the request give up after the connect timeout."""
    answered: list[tuple[int, str, float]] = []
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        port = silent.getsockname()[1]
        application = create_app(
            {
                "ENV": "testing",
                "INSTANCE_PATH": str(tmp_path),
                "DATABASE_URL": f"postgresql://postgres@127.0.0.1:{port}/forum",
                "SERVER_NAME": "forum.test",
            }
        )

        def ask() -> None:
            started = time.monotonic()
            answer = application.test_client().get("/api/v1/spaces")
            answered.append(
                (answer.status_code, answer.get_data(as_text=True), time.monotonic() - started)
            )

        asking = threading.Thread(target=ask, daemon=True)
        asking.start()
        asking.join(timeout=CONNECT_TIMEOUT * 3)
    asking.join(timeout=10)  # without a timeout, the closed socket ends the wait
    [(status, body, took)] = answered
    assert took < CONNECT_TIMEOUT * 3, f"no answer for {took:.1f} s"
    assert status == 503, body
    assert '"error":"database_unavailable"' in body.replace(" ", ""), body


def test_a_database_lost_after_the_answer_was_made_still_gives_the_answer(
    forum_on_private_postgres,
):
    """The server stops after the view has read and answered but before the request's
    transaction is ended: the answer stands, and ending the session on the dead connection
    does not turn it into an error."""
    server, application = forum_on_private_postgres
    with application.app_context():
        topic_id = make_topic(title="Read before the restart").id
        db.session.remove()

    @application.after_request
    def stop_the_database(response):
        server.stop()
        return response

    try:
        answer = application.test_client().get(f"/api/v1/topics/{topic_id}")
    finally:
        server.start()
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert "Read before the restart" in answer.get_data(as_text=True)
