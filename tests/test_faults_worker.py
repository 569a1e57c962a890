"""A worker process killed while people are posting loses nothing and doubles nothing: each
post is in the database whole or not at all, and a client that retries with its request key
(the Idempotency-Key header) after the connection broke finds its post made exactly once.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import requests
from sqlalchemy import select

from forum.actions.tokens import create_api_token
from forum.extensions import db
from forum.models import Post, Topic
from tests.factories import make_topic, make_user
from tests.servers import gunicorn_master

CLIENTS = 12
POSTS_EACH = 6
RETRY_FOR = 90.0


def workers_of(master: int) -> list[int]:
    """The worker processes gunicorn's master has started."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def post_until_it_lands(url: str, secret: str, topic_id: int, key: str, raw: str) -> int:
    """Send one post, again and again with the same key until the server answers 201."""
    deadline = time.monotonic() + RETRY_FOR
    while True:
        try:
            answer = requests.post(
                f"{url}/api/v1/topics/{topic_id}/posts",
                json={"raw": raw},
                headers={"Authorization": f"Bearer {secret}", "Idempotency-Key": key},
                timeout=10,
            )
            if answer.status_code == 201:
                return answer.json()["id"]
            assert answer.status_code < 500 or time.monotonic() < deadline, answer.text
        except requests.ConnectionError:
            assert time.monotonic() < deadline, "the server did not come back"
        time.sleep(0.2)


def test_a_worker_killed_mid_post_leaves_every_post_whole_and_made_once(app, tmp_path):
    topic_id = make_topic().id
    secrets = [create_api_token(make_user(), "faults")[1] for _ in range(CLIENTS)]
    made: dict[str, int] = {}
    lock = threading.Lock()
    with gunicorn_master(app, None, tmp_path / "server.log") as (url, master):

        def client(n: int) -> None:
            for k in range(POSTS_EACH):
                key = f"client{n}-post{k}"
                post_id = post_until_it_lands(url, secrets[n], topic_id, key, f"Viesti {key}")
                with lock:
                    made[key] = post_id

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        while len(made) < CLIENTS:  # posting is well under way
            time.sleep(0.05)
        killed = workers_of(master)
        for pid in killed:
            os.kill(pid, signal.SIGKILL)
        for thread in threads:
            thread.join()
        assert not set(killed) & set(workers_of(master))  # a new worker took over
    assert_each_post_made_once(topic_id, made, CLIENTS * POSTS_EACH)


def assert_each_post_made_once(topic_id: int, made: dict[str, int], count: int) -> None:
    """``count`` posts were made under their keys, each stored once with its text ("Viesti
    <key>"), beside the topic's first post; the topic's posts are numbered without a gap and
    its counters agree."""
    db.session.rollback()
    stored = db.session.execute(
        select(Post.id, Post.raw, Post.post_number).where(Post.topic_id == topic_id)
    ).all()
    assert len(made) == count
    by_text = {raw: post_id for post_id, raw, _n in stored}
    assert len(by_text) == len(stored)  # no text twice
    assert {f"Viesti {key}": post_id for key, post_id in made.items()}.items() <= by_text.items()
    assert len(stored) == count + 1
    assert sorted(n for _id, _raw, n in stored) == list(range(1, len(stored) + 1))
    topic = db.session.get(Topic, topic_id)
    assert topic.posts_count == topic.last_post_number == len(stored)
