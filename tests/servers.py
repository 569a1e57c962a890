"""The production server in a process of its own: gunicorn with deploy/gunicorn.conf.py (a
gevent worker) on the test database."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import requests
from flask import Flask

from forum.localserver import clean_environment, free_port, running
from forum.settings import ROOT


@contextmanager
def server_process(
    app: Flask,
    redis_url: str | None,
    log_path: Path,
    settings: Mapping[str, str] | None = None,
    workers: int = 1,
) -> Iterator[str]:
    """gunicorn with the production settings, on the test database and instance folder, with
    the given message queue (or none) and any further FORUM_* ``settings``; yields its base
    URL."""
    with gunicorn_master(app, redis_url, log_path, settings, workers) as (url, _pid):
        yield url


@contextmanager
def gunicorn_master(
    app: Flask,
    redis_url: str | None,
    log_path: Path,
    settings: Mapping[str, str] | None = None,
    workers: int = 1,
) -> Iterator[tuple[str, int]]:
    """As ``server_process``; yields the base URL and the process id of gunicorn's master."""
    port = free_port()
    settings = {
        **(settings or {}),
        "FORUM_ENV": "testing",
        "FORUM_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "FORUM_INSTANCE_PATH": app.instance_path,
        "FORUM_BIND": f"127.0.0.1:{port}",
        "FORUM_WORKERS": str(workers),
    }
    env = clean_environment({**settings, **({"FORUM_REDIS_URL": redis_url} if redis_url else {})})
    command = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py")]
    with running(
        [*command, "wsgi:app"], port, env=env, path="/api/v1/spaces", log=log_path
    ) as process:
        yield f"http://127.0.0.1:{port}", process.pid


def post_as(url: str, secret: str, topic_id: int, raw: str) -> requests.Response:
    return requests.post(
        f"{url}/api/v1/topics/{topic_id}/posts",
        json={"raw": raw},
        headers={"Authorization": f"Bearer {secret}"},
        timeout=20,
    )
