"""What every benchmark reports beside its figures: command, versions, machine."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from flask import Flask
from sqlalchemy import create_engine, make_url

from forum import create_app
from forum.actions.bootstrap import ensure_reference_data
from forum.actions.spaces import create_space
from forum.actions.users import create_user

# Software the forum does not run on (the peer forum, the real-time clients) lives here, outside
# the repository and outside the forum's own environment.
CACHE = Path(os.environ.get("FORUM_BENCH_CACHE", Path.home() / ".cache" / "forum-bench"))


def environment() -> dict:
    return {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "python": platform.python_version(),
        "flask": metadata.version("flask"),
        "sqlalchemy": metadata.version("sqlalchemy"),
        "cores": os.cpu_count(),
        "machine": platform.machine(),
    }


def cached_venv(name: str, python: str, requirements: list[str]) -> Path:
    """A virtual environment ``CACHE/name`` holding ``requirements``, made once and again only
    when the requirements change."""
    venv = CACHE / name
    stamp = venv / "requirements.txt"
    wanted = "\n".join(requirements) + "\n"
    if not stamp.exists() or stamp.read_text() != wanted:
        subprocess.run([python, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
        subprocess.run([*pip, *requirements], check=True)
        stamp.write_text(wanted)
    return venv


def fresh_app(database_url: str | None = None, search_backend: str | None = None) -> Flask:
    """An application on a new, migrated database (SQLite in a temporary directory)."""
    from flask_migrate import upgrade

    instance = tempfile.mkdtemp(prefix="forum-bench-")
    settings = {
        "ENV": "testing",
        "INSTANCE_PATH": instance,
        "DATABASE_URL": database_url or f"sqlite:///{instance}/bench.sqlite3",
    }
    if search_backend is not None:
        settings["SEARCH_BACKEND"] = search_backend
    app = create_app(settings)
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


def spread(milliseconds: list[float]) -> dict:
    """Median and 95th percentile of a list of times in milliseconds."""
    ordered = sorted(milliseconds)
    return {
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 2),
    }


def emit(name: str, figures: dict, summary: str) -> dict:
    result = {"benchmark": name, **figures, "environment": environment()}
    print(json.dumps(result, ensure_ascii=False))
    print(summary, file=sys.stderr)
    return result


def postgres_database(server_url: str) -> str:
    url = make_url(server_url).set(drivername="postgresql+psycopg")
    name = f"forum_bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(database_url: str) -> None:
    url = make_url(database_url)
    engine = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
    engine.dispose()


def server_env(app: Flask, **settings: str) -> dict[str, str]:
    """FORUM_* variables that make a server process use ``app``'s database and instance."""
    env = {
        "FORUM_ENV": "testing",
        "FORUM_INSTANCE_PATH": app.instance_path,
        "FORUM_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "FORUM_SEARCH_BACKEND": app.config["SEARCH_BACKEND"],
    }
    return {**env, **{f"FORUM_{name}": value for name, value in settings.items()}}


def session_cookie(app: Flask, user_id: int) -> dict[str, str]:
    """A Cookie header for ``user_id``, signed in as sign-in does: a server-side session
    started through the action, its token in the signed cookie beside Flask-Login's id."""
    from forum.actions.sessions import start_session
    from forum.auth.sessions import SESSION_TOKEN_KEY
    from forum.extensions import db
    from forum.models import User

    with app.app_context():
        token = start_session(db.session.get(User, user_id))
    serializer = app.session_interface.get_signing_serializer(app)
    value = serializer.dumps({"_user_id": str(user_id), "_fresh": True, SESSION_TOKEN_KEY: token})
    return {"Cookie": f"{app.config['SESSION_COOKIE_NAME']}={value}"}


def postgres_server() -> str:
    """The PostgreSQL server the benchmarks make their databases on."""
    default = "postgresql+psycopg://postgres@127.0.0.1:5432"
    return os.environ.get("FORUM_BENCH_POSTGRES_URL", default)


def database_url(kind: str) -> str | None:
    """None for SQLite (a file in the instance); a new PostgreSQL database for "postgresql"."""
    return None if kind == "sqlite" else postgres_database(postgres_server())


def public_space(name: str = "Yleinen", slug: str = "yleinen") -> tuple[object, object]:
    """The reference data, an administrator and a space everyone reads and the registered
    write in, made through the actions; returns (administrator, space). Needs an app context."""
    ensure_reference_data()
    admin = create_user("bench-admin", "Bench Admin", groups=("administrators",))
    grants = {"everyone": ["see", "read"], "registered": ["create_topic", "reply"]}
    return admin, create_space(admin, name=name, slug=slug, grants=grants)
