"""What every benchmark reports beside its figures: command, versions, machine."""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from flask import Flask

from forum import create_app


def environment() -> dict:
    return {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "python": platform.python_version(),
        "flask": metadata.version("flask"),
        "sqlalchemy": metadata.version("sqlalchemy"),
        "cores": os.cpu_count(),
        "machine": platform.machine(),
    }


def fresh_app(database_url: str | None = None) -> Flask:
    """An application on a new, migrated database (SQLite in a temporary directory)."""
    from flask_migrate import upgrade

    instance = tempfile.mkdtemp(prefix="forum-bench-")
    app = create_app(
        {
            "ENV": "testing",
            "INSTANCE_PATH": instance,
            "DATABASE_URL": database_url or f"sqlite:///{instance}/bench.sqlite3",
        }
    )
    with app.app_context():
        upgrade(revision="heads")
    return app


def rate(call: Callable[[], object], seconds: float = 3.0, warmup: int = 20) -> dict:
    """Calls per second of ``call`` over about ``seconds``, after a warm-up."""
    for _ in range(warmup):
        call()
    count, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        call()
        count += 1
    return {
        "requests": count,
        "seconds": round(elapsed, 3),
        "per_second": round(count / elapsed, 1),
    }


def emit(name: str, figures: dict, summary: str) -> dict:
    result = {"benchmark": name, **figures, "environment": environment()}
    print(json.dumps(result, ensure_ascii=False))
    print(summary, file=sys.stderr)
    return result
