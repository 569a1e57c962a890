"""Background work: one Huey queue for everything that runs outside a request.

Storage is an SQLite file under the instance path (the embedded default) or Redis when
REDIS_URL is set. ``flask forum worker`` runs the consumer (the Makefile's ``run`` target starts
it beside the web server); periodic tasks run in it too. With BACKGROUND_IMMEDIATE (the test
suite) a task runs at once, in the caller. Tasks change state through forum/actions/ like any
other caller, inside an application context.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

from flask import Flask, has_app_context
from huey import Huey
from huey.storage import RedisStorage, SqliteStorage

from forum import redis_client

P = ParamSpec("P")
R = TypeVar("R")

huey = Huey("forum", results=False, immediate=True)
_app: Flask | None = None


def init_app(app: Flask) -> None:
    """Point the queue at this application's storage."""
    global _app
    _app = app
    redis = app.config.get("REDIS_URL")
    if redis:
        pool = redis_client.pool(redis)
        huey.storage_class, huey.storage_kwargs = RedisStorage, {"connection_pool": pool}
    else:
        path = Path(app.instance_path) / "background.sqlite3"
        huey.storage_class, huey.storage_kwargs = SqliteStorage, {"filename": str(path)}
    huey._immediate = bool(app.config["BACKGROUND_IMMEDIATE"])
    huey.storage = huey.create_storage()


def in_app_context(func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` in the application's context (a worker thread has none of its own)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if has_app_context():
            return func(*args, **kwargs)
        if _app is None:
            raise RuntimeError("forum.background.init_app() has not been called")
        with _app.app_context():
            return func(*args, **kwargs)

    return wrapper


def run_worker(workers: int = 2) -> None:
    """Consume tasks until interrupted (``flask forum worker``)."""
    import forum.tasks  # noqa: F401 - registers the tasks

    if huey.immediate:
        raise RuntimeError("the worker needs a real queue; BACKGROUND_IMMEDIATE is on")
    consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=True)
    consumer.run()
