"""Database engine settings that SQLAlchemy does not apply by itself."""

import sqlite3
from contextvars import ContextVar

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from forum.extensions import db

# Set while an action opens its transaction: SQLite then takes the write lock at BEGIN.
immediate_begin: ContextVar[bool] = ContextVar("sqlite_immediate_begin", default=False)
# How long a connection waits for another writer's lock before SQLite reports it locked.
BUSY_TIMEOUT_MS = 10_000


@event.listens_for(Engine, "connect")
def _sqlite_on_connect(dbapi_connection: object, _record: object) -> None:
    """Foreign keys on, WAL journal, and transactions that SQLAlchemy (not pysqlite) begins.

    pysqlite's own transaction handling begins late and breaks SAVEPOINT; handing BEGIN to
    SQLAlchemy is the recipe from SQLAlchemy's SQLite dialect documentation.
    """
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()
    # SQLite's own lower() folds ASCII only; PostgreSQL's folds "Ä" and "Ö" as well.
    dbapi_connection.create_function("lower", 1, _lower, deterministic=True)


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


@event.listens_for(Engine, "begin")
def _sqlite_on_begin(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate_begin.get() else "BEGIN")


def _end_session(_error: BaseException | None = None) -> None:
    """End the context's session before Flask-SQLAlchemy removes it, even if the database went
    away since it was last used. Ending the read transaction then fails with a disconnect,
    which has already discarded the connection; the request's answer is made and stands."""
    try:
        db.session.close()
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
        db.session.close()  # nothing left to roll back on the discarded connection


def init_app(app: Flask) -> None:
    """Register after ``db.init_app``: teardown functions run last registered first."""
    app.teardown_appcontext(_end_session)
