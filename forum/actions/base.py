"""The transaction every action runs in, and the after-commit queue for its effects."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import ParamSpec, TypeVar

from sqlalchemy import Connection, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from forum.database import immediate_begin
from forum.extensions import db

P = ParamSpec("P")
R = TypeVar("R")

log = logging.getLogger(__name__)
_depth: ContextVar[int] = ContextVar("action_depth", default=0)
_AFTER_COMMIT_KEY = "forum_after_commit"
_COMMITTED_KEY = "forum_committed_effects"
# Each attempt waits up to the connection's busy_timeout (forum/database.py).
WRITE_LOCK_ATTEMPTS = 3


def action(func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` in one transaction: commit when the outermost action returns, roll back if
    it raises. Actions may call each other; only the outermost one commits, then runs the
    effects its transaction queued (``on_commit``).
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        outermost = _depth.get() == 0
        token = _depth.set(_depth.get() + 1)
        try:
            if outermost:
                _begin_write()
            result = func(*args, **kwargs)
            if outermost:
                db.session.commit()
        except BaseException:
            if outermost:
                db.session.rollback()
            raise
        finally:
            _depth.reset(token)
        if outermost:
            run_committed_effects()
        return result

    return wrapper


def _begin_write() -> None:
    """On SQLite, start the action's transaction with BEGIN IMMEDIATE.

    SQLite allows one writer at a time. A transaction that reads first and writes later fails
    at once ("database is locked") if another writer committed in between; taking the write lock
    up front makes concurrent writers wait their turn (busy_timeout) instead. A read transaction
    the request left open is ended first; objects reload on their next use.
    """
    session = db.session()
    if session.get_bind().dialect.name != "sqlite":
        return
    if session.in_transaction():
        session.rollback()
    token = immediate_begin.set(True)
    try:
        for attempt in range(1, WRITE_LOCK_ATTEMPTS + 1):
            try:
                session.connection()
                return
            except OperationalError as error:
                # Nothing is written yet, so waiting again is safe: a long queue of writers
                # on a busy machine must not lose a post because busy_timeout ran out once.
                if "locked" not in str(error.orig) or attempt == WRITE_LOCK_ATTEMPTS:
                    raise
                session.rollback()
                log.warning("waited %d times for the database write lock; waiting again", attempt)
    finally:
        immediate_begin.reset(token)


def leave_read_transaction() -> None:
    """End the session's read transaction before maintenance work (a search rebuild) that runs
    in transactions of its own: on PostgreSQL those may wait for locks the reads still hold,
    for ever, since the reads' transaction would end only after them. Refused inside an action,
    whose writes are not committed yet."""
    if _depth.get():
        raise RuntimeError("maintenance work runs outside actions")
    db.session.rollback()


@contextmanager
def borrowed_connection() -> Iterator[Connection]:
    """The request session's connection, to read on beside the ORM; if the session held none,
    it goes back to the pool when the block ends (with the read transaction it began).

    A request never waits for a second pooled connection while it holds one. With as many busy
    requests as the pool has connections, each would hold one and wait for another, and the
    pool would wait on itself until its timeout (pool starvation).
    """
    session = db.session()
    began = not session.in_transaction()
    try:
        yield session.connection()
    finally:
        if began:
            session.rollback()


@contextmanager
def reading_session() -> Iterator[Session]:
    """An ORM session of its own (a fresh identity map) on ``borrowed_connection``, for reads
    that must not load objects into the request's session. It never commits."""
    with borrowed_connection() as connection, Session(bind=connection) as session:
        yield session


def on_commit(callback: Callable[[], object]) -> None:
    """Queue ``callback`` to run once the current transaction commits; dropped on rollback."""
    db.session().info.setdefault(_AFTER_COMMIT_KEY, []).append(callback)


@event.listens_for(Session, "after_commit")
def _keep_committed_effects(session: Session) -> None:
    """The commit is done but the session still holds its connection: keep the effects for
    ``run_committed_effects``, which runs them once the connection is back in the pool."""
    session.info.setdefault(_COMMITTED_KEY, []).extend(session.info.pop(_AFTER_COMMIT_KEY, []))


def run_committed_effects() -> None:
    """Run the effects of the transaction that just committed, in the order they were queued.

    They run with no database connection held by the request: an effect that needs one (search
    indexing, a plugin hook) takes it from the pool on its own, and a request never holds one
    connection while it waits for a second. Under load every worker thread would do that, and a
    full pool would wait on itself until its timeout (pool starvation). A read transaction an
    effect opened on the session is ended before the next effect runs, for the same reason.
    """
    session = db.session()
    callbacks = session.info.pop(_COMMITTED_KEY, [])
    for callback in callbacks:
        try:
            callback()
        except Exception:
            # The data is committed; a failing effect is logged and must not undo it.
            log.exception("after-commit effect %r failed", callback)
        finally:
            if session.in_transaction():
                session.rollback()


@event.listens_for(Session, "after_rollback")
def _drop_after_rollback(session: Session) -> None:
    session.info.pop(_AFTER_COMMIT_KEY, None)
