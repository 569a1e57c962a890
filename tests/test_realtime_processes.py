"""The production server in its own process: gunicorn with deploy/gunicorn.conf.py (a gevent
worker). Several such processes behave as one through Redis; without Redis posting still works."""

import time

from forum.actions.posts import create_post
from forum.actions.tokens import create_api_token
from tests.conftest import require_redis
from tests.factories import make_group, make_space, make_topic, make_user
from tests.realtime_helpers import Listener
from tests.servers import post_as, server_process


def test_the_production_server_catches_up_delivers_and_keeps_private_rooms_private(app, tmp_path):
    member = make_user()
    group = make_group(members=[member])
    space = make_space(grants={group.name: ["see", "read", "reply", "create_topic"]})
    hidden = make_topic(member, space)
    topic = make_topic()
    author = make_user()
    create_post(author, topic, "Before the readers came")
    secret = create_api_token(author, "poster")[1]
    with server_process(app, None, tmp_path / "server.log") as url:
        readers = [Listener(url) for _ in range(10)]
        outsider = Listener(url, token=create_api_token(make_user(), "outsider")[1])
        try:
            assert outsider.join(f"topic:{hidden.id}")["code"] == "forbidden"
            for reader in readers:
                assert reader.join(f"topic:{topic.id}", since=1)["ok"]
            assert post_as(url, secret, topic.id, "Live *now*").status_code == 201
            assert post_as(url, create_api_token(member, "m")[1], hidden.id, "Inside").ok
            for reader in readers:
                assert reader.wait_for(lambda r=reader: len(r.named("post.created")) == 2)
                first, live = reader.named("post.created")
                assert first["cooked"] == "<p>Before the readers came</p>\n"
                assert (live["post_number"], live["cooked"]) == (3, "<p>Live <em>now</em></p>\n")
            time.sleep(0.3)
            assert all("Inside" not in str(data) for _e, data in outsider.events)
            assert all(reader.named("post.created")[-1]["post_number"] == 3 for reader in readers)
        finally:
            for listener in [*readers, outsider]:
                listener.close()


def test_a_post_through_process_a_reaches_a_client_of_process_b(app, tmp_path):
    redis_url = require_redis()
    topic = make_topic()
    secret = create_api_token(make_user(), "poster")[1]
    with (
        server_process(app, redis_url, tmp_path / "a.log") as a,
        server_process(app, redis_url, tmp_path / "b.log") as b,
    ):
        listener = Listener(b)
        try:
            assert listener.join(f"topic:{topic.id}")["ok"]
            assert post_as(a, secret, topic.id, "Across processes").status_code == 201
            assert listener.wait_for(lambda: listener.named("post.created"), timeout=10)
            assert listener.named("post.created")[0]["cooked"] == "<p>Across processes</p>\n"
        finally:
            listener.close()


def test_posting_works_while_redis_is_down_and_the_failure_is_logged_once(app, tmp_path):
    topic = make_topic()
    secret = create_api_token(make_user(), "poster")[1]
    log_path = tmp_path / "server.log"
    with server_process(app, "redis://127.0.0.1:1/0", log_path) as url:
        for n in range(3):
            assert post_as(url, secret, topic.id, f"Still saved {n}").status_code == 201
    log = log_path.read_text()
    assert log.count("could not be sent") == 1
