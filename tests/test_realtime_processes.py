"""Several server processes behave as one through Redis; without Redis posting still works."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import requests

from forum.actions.tokens import create_api_token
from forum.localserver import clean_environment, free_port, running
from tests.conftest import require_redis
from tests.factories import make_topic, make_user
from tests.realtime_helpers import Listener


@contextmanager
def server_process(app, redis_url: str, log_path) -> Iterator[str]:
    """``flask run`` in its own process, on the test database, with the given message queue."""
    port = free_port()
    env = clean_environment(
        {
            "FORUM_ENV": "testing",
            "FORUM_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "FORUM_INSTANCE_PATH": app.instance_path,
            "FORUM_REDIS_URL": redis_url,
        }
    )
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "run", "--port", str(port)]
    with running([*command, "--no-reload"], port, env=env, path="/api/v1/spaces", log=log_path):
        yield f"http://127.0.0.1:{port}"


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
            answer = requests.post(
                f"{a}/api/v1/topics/{topic.id}/posts",
                json={"raw": "Across processes"},
                headers={"Authorization": f"Bearer {secret}"},
                timeout=10,
            )
            assert answer.status_code == 201
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
            answer = requests.post(
                f"{url}/api/v1/topics/{topic.id}/posts",
                json={"raw": f"Still saved {n}"},
                headers={"Authorization": f"Bearer {secret}"},
                timeout=20,
            )
            assert answer.status_code == 201
    log = log_path.read_text()
    assert log.count("could not be sent") == 1
