"""A real worker process (``flask forum worker``) for tests, and the queue it reads."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from huey.storage import RedisStorage, SqliteStorage

from forum.background import huey
from forum.settings import ROOT


@contextmanager
def queue_of(instance: Path, redis: str | None = None) -> Iterator[None]:
    """Enqueue into the worker's queue instead of running tasks here."""
    saved = huey.storage, huey._immediate
    huey._immediate = False
    huey.storage = (
        RedisStorage("forum", url=redis)
        if redis
        else SqliteStorage("forum", filename=str(instance / "background.sqlite3"))
    )
    try:
        yield
    finally:
        huey.storage.close()
        huey.storage, huey._immediate = saved


def start_worker(app: Flask, instance: Path, smtp_url: str, **settings: str) -> subprocess.Popen:
    """A worker on the test's database, with its queue under ``instance``; ``settings`` are
    further FORUM_* variables (without the prefix)."""
    env = {
        **os.environ,
        "FORUM_ENV": "testing",
        "FORUM_DATABASE_URL": app.config["DATABASE_URL"],
        "FORUM_INSTANCE_PATH": str(instance),
        "FORUM_SMTP_URL": smtp_url,
        "FORUM_BACKGROUND_IMMEDIATE": "false",
        **{f"FORUM_{key}": value for key, value in settings.items()},
    }
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "forum", "worker", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def stop_worker(process: subprocess.Popen) -> None:
    """Stop the worker; it must not have logged a traceback."""
    process.terminate()
    _out, errors = process.communicate(timeout=20)
    assert b"Traceback" not in errors, errors.decode(errors="replace")[-2000:]
