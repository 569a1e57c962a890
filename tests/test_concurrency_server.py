"""Many people writing at once through a real server lose nothing and wait no longer than
their turn: the threaded server `make run` starts and production's gunicorn with gevent, on the
suite's database (SQLite, and PostgreSQL in the suite's second pass).

Before every request held one pooled connection at a time, sixteen concurrent writers stalled
for the pool's 30-second timeout and most then failed with 500.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
import requests
from sqlalchemy import select

from forum.actions.tokens import create_api_token
from forum.extensions import db
from forum.models import Post
from tests.factories import make_topic, make_user
from tests.live import serve
from tests.servers import post_as, server_process

ONE_TOPIC = 100
MANY_TOPICS = 50


@pytest.fixture(params=["threaded", "gevent"])
def server(request: pytest.FixtureRequest, app, tmp_path) -> Iterator[str]:
    if request.param == "threaded":
        with serve(app) as url:
            yield url
    else:
        with server_process(app, None, tmp_path / "server.log") as url:
            yield url


def all_at_once(calls: list[Callable[[], requests.Response]]) -> list[requests.Response]:
    """Make every call at the same moment, each from its own thread; the answers in order."""
    start = threading.Barrier(len(calls))
    answers: list[requests.Response | BaseException | None] = [None] * len(calls)

    def run(index: int) -> None:
        start.wait()
        try:
            answers[index] = calls[index]()
        except BaseException as error:  # reported below with the others
            answers[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    failures = [a for a in answers if not isinstance(a, requests.Response)]
    assert failures == []
    return answers  # type: ignore[return-value]


def tokens(count: int) -> list[str]:
    return [create_api_token(make_user(), "concurrency")[1] for _ in range(count)]


def posts_of(topic_id: int) -> list[tuple[int, str]]:
    db.session.rollback()
    rows = db.session.execute(
        select(Post.post_number, Post.raw)
        .where(Post.topic_id == topic_id)
        .order_by(Post.post_number)
    )
    return [(number, raw) for number, raw in rows]


def test_a_hundred_replies_to_one_topic_at_once_are_all_kept_and_numbered_gap_free(server):
    topic_id = make_topic().id
    texts = [f"Reply number {n} from the workshop" for n in range(ONE_TOPIC)]
    calls = [
        lambda s=s, t=t: post_as(server, s, topic_id, t)
        for s, t in zip(tokens(ONE_TOPIC), texts, strict=True)
    ]
    answers = all_at_once(calls)
    assert [a.status_code for a in answers] == [201] * ONE_TOPIC
    kept = posts_of(topic_id)
    assert [number for number, _raw in kept] == list(range(1, ONE_TOPIC + 2))
    assert sorted(raw for _number, raw in kept[1:]) == sorted(texts)
    numbers = {a.json()["post_number"] for a in answers}
    assert numbers == set(range(2, ONE_TOPIC + 2))


def test_fifty_replies_to_fifty_topics_at_once_each_land_once(server):
    topic_ids = [make_topic().id for _ in range(MANY_TOPICS)]
    secrets = tokens(MANY_TOPICS)
    calls = [
        lambda s=secret, t=topic_id: post_as(server, s, t, f"Answer in topic {t}")
        for secret, topic_id in zip(secrets, topic_ids, strict=True)
    ]
    answers = all_at_once(calls)
    assert [a.status_code for a in answers] == [201] * MANY_TOPICS
    for topic_id in topic_ids:
        assert [raw for _n, raw in posts_of(topic_id)][1:] == [f"Answer in topic {topic_id}"]
