"""Fixtures: one application per test session on a migrated database, emptied after each test.

The database is SQLite in a temporary directory, or PostgreSQL with ``--database=postgresql``
(a fresh database is created on the server named by FORUM_TEST_DATABASE_URL and dropped at the
end). Tests commit for real, exactly as the application does; each test then starts from empty
tables plus the reference data.
"""

from __future__ import annotations

import contextvars
import functools
import os
import uuid
from collections.abc import Iterator

import pytest
import redis
from flask import Flask, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, make_url, text

from forum import create_app
from forum.actions.bootstrap import ensure_reference_data
from forum.extensions import db as _db

pytest_plugins = ["tests.oidc.fixtures"]

PG_ENV = "FORUM_TEST_DATABASE_URL"
REDIS_ENV = "FORUM_TEST_REDIS_URL"
# Used when FORUM_TEST_REDIS_URL is unset and a Redis answers here (database 15, kept for tests).
LOCAL_REDIS_URL = "redis://127.0.0.1:6379/15"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="database the suite runs on (postgresql needs FORUM_TEST_DATABASE_URL)",
    )


def postgres_server_url() -> str | None:
    return os.environ.get(PG_ENV) or None


@functools.cache
def redis_url() -> str | None:
    """FORUM_TEST_REDIS_URL when set, or else LOCAL_REDIS_URL when a Redis answers there."""
    explicit = os.environ.get(REDIS_ENV)
    if explicit:
        return explicit
    local = redis.Redis.from_url(LOCAL_REDIS_URL, socket_connect_timeout=0.3, socket_timeout=0.3)
    try:
        local.ping()
    except redis.RedisError:
        return None
    finally:
        local.close()
    return LOCAL_REDIS_URL


def require_postgres() -> str:
    url = postgres_server_url()
    if not url:
        pytest.skip(
            f"needs PostgreSQL: install it (apt-get install postgresql) and set {PG_ENV}, "
            "e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test"
        )
    return url


def require_redis() -> str:
    url = redis_url()
    if not url:
        pytest.skip(
            f"needs Redis: none answers at {LOCAL_REDIS_URL}; install and start it "
            f"(apt-get install redis-server), or set {REDIS_ENV} to another one"
        )
    return url


def create_postgres_database(server_url: str, prefix: str = "forum_test") -> str:
    """Create an empty database beside the one in ``server_url``; return its URL."""
    url = make_url(server_url).set(drivername="postgresql+psycopg")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(database_url: str) -> None:
    url = make_url(database_url)
    name = url.database
    engine = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    if request.config.getoption("--database") == "postgresql":
        url = create_postgres_database(require_postgres())
        yield url
        drop_postgres_database(url)
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'forum.sqlite3'}"


TEST_LOCK_TIMEOUT_MS = 30_000


class IsolatedClient(FlaskClient):
    """A test client whose every request gets its own application context, ``g`` and database
    session, as in a server, even though the test itself runs inside an application context.
    """

    def open(self, *args, **kwargs):
        response = contextvars.Context().run(super().open, *args, **kwargs)
        # End the test's own read transaction, so that it sees what the request committed
        # (on SQLite a transaction reads from the snapshot it started with).
        if has_app_context():
            _db.session.rollback()
        return response


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    from flask_migrate import upgrade

    settings = {
        "ENV": "testing",
        "INSTANCE_PATH": str(tmp_path_factory.mktemp("instance")),
        "DATABASE_URL": database_url,
        "SERVER_NAME": "forum.test",
    }
    if database_url.startswith("postgresql"):
        # A test that waits on a lock its own thread holds (PostgreSQL cannot see such a
        # deadlock) fails with the statement that waited instead of hanging the run.
        settings["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "pool_pre_ping": True,
            "connect_args": {"options": f"-c lock_timeout={TEST_LOCK_TIMEOUT_MS}"},
        }
    application = create_app(settings)
    application.test_client_class = IsolatedClient
    with application.app_context():
        upgrade(revision="heads")
        ensure_reference_data()
        _db.session.remove()
    yield application
    with application.app_context():
        _db.engine.dispose()


@pytest.fixture(autouse=True)
def _one_connection_at_a_time() -> Iterator[None]:
    """No request, action or thread holds two pooled connections at once
    (tests/connection_guard.py)."""
    from tests import connection_guard

    connection_guard.offences.clear()
    yield
    if connection_guard.offences:
        pytest.fail(
            "a second pooled connection was taken while one was held:\n"
            + connection_guard.offences[0],
            pytrace=False,
        )


@pytest.fixture(autouse=True)
def _app_context(app: Flask) -> Iterator[None]:
    """Each test runs inside an application context, and ends with empty tables."""
    with app.app_context():
        yield
        _db.session.remove()
        empty_tables()
        ensure_reference_data()
        _db.session.remove()


def empty_tables() -> None:
    tables = list(reversed(_db.metadata.sorted_tables))
    with _db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            connection.commit()
            return
        # Self-references (a space's parent) make a plain DELETE order-dependent; the schema
        # is emptied whole, so foreign keys are off for the moment it takes.
        raw = connection.connection.driver_connection
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            for table in tables:
                connection.execute(table.delete())
            connection.commit()
        finally:
            raw.execute("PRAGMA foreign_keys=ON")


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def login(client: FlaskClient, user: object) -> None:
    """Sign ``user`` (a User or its id) in on ``client`` as sign-in does: a server-side session
    whose token the cookie carries beside Flask-Login's user id."""
    from forum.actions.sessions import start_session
    from forum.auth.sessions import SESSION_TOKEN_KEY
    from forum.models import User

    if isinstance(user, int):
        user = _db.session.get(User, user)
    user_id = str(user.id)
    # The action commits; touching ``user`` after it would open a read transaction here that
    # outlives the requests the test makes next.
    token = start_session(user)
    with client.session_transaction() as session:
        session["_user_id"] = user_id
        session["_fresh"] = True
        session[SESSION_TOKEN_KEY] = token


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The application served on 127.0.0.1 (HTTP and Socket.IO); yields the base URL."""
    from tests.live import serve

    with serve(app) as url:
        yield url


@pytest.fixture
def captured_events() -> Iterator[list[tuple[str, str, dict]]]:
    """Every real-time event published while the test runs, as (name, room, payload)."""
    from forum.events import LISTENERS

    events: list[tuple[str, str, dict]] = []

    def capture(name: str, room: str, payload: dict) -> None:
        events.append((name, room, dict(payload)))

    LISTENERS.append(capture)
    yield events
    LISTENERS.remove(capture)
