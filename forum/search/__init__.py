"""Search: a backend protocol with Whoosh (embedded) and PostgreSQL (scale-out) backends.

Actions queue index work with ``index_on_commit(key, ...)``; it runs after the transaction
commits, in its own database session, and never for a rolled-back one. A failure to index is
logged and its keys go to a pending file under the instance folder, retried after the next
successful index write and by ``flask forum reindex --pending``.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
from collections.abc import Iterable
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from forum.actions.base import leave_read_transaction, on_commit, reading_session
from forum.extensions import db
from forum.models import Post, Topic
from forum.search.backend import IndexUnavailable, SearchBackend
from forum.search.documents import resolve_many

__all__ = [
    "IndexUnavailable",
    "backend",
    "index_now",
    "index_on_commit",
    "init_app",
]

log = logging.getLogger(__name__)
_QUEUE_KEY = "forum_search_keys"
EXTENSION = "forum_search"


def make_backend(app: Flask, name: str | None = None) -> SearchBackend:
    name = name or app.config["SEARCH_BACKEND"]
    if name == "whoosh":
        from forum.search.whoosh_backend import WhooshBackend

        return WhooshBackend(Path(app.instance_path) / "search" / "whoosh")
    if name == "postgres":
        from forum.search.postgres_backend import PostgresBackend

        return PostgresBackend()
    raise ValueError(f"unknown search backend {name!r} (whoosh or postgres)")


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = make_backend(app)


def forget_erased_account(user: object, delete_content: bool) -> None:
    """An erased person leaves the index; with their content, so do their posts (called by the
    core's forum_account_erase, forum/plugins_core/defaults.py)."""
    keys = [f"user:{user.id}"]
    if delete_content:
        topic_ids = db.session.scalars(
            select(Post.topic_id).where(Post.user_id == user.id).distinct()
        )
        keys.extend(f"topic:{topic_id}" for topic_id in topic_ids)
    index_on_commit(*keys)


def backend() -> SearchBackend:
    return current_app.extensions[EXTENSION]


def pending_path() -> Path:
    return Path(current_app.instance_path) / "search-pending.txt"


def index_on_commit(*keys: str) -> None:
    """Queue documents (``topic:<id>``, ``post:<id>``, ``user:<id>``, ``space:<id>``) to be
    re-indexed once the current transaction commits."""
    session = db.session()
    queued = session.info.get(_QUEUE_KEY)
    if queued is None:
        queued = session.info[_QUEUE_KEY] = []
        app = current_app._get_current_object()
        on_commit(lambda: _flush(app, queued))
    queued.extend(key for key in keys if key not in queued)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _end_queue(session: Session) -> None:
    """The transaction's keys stay with its effect; the next transaction queues anew."""
    session.info.pop(_QUEUE_KEY, None)


def _flush(app: Flask, keys: list[str]) -> None:
    with app.app_context():
        index_now(keys)


def index_now(keys: Iterable[str]) -> bool:
    """Index ``keys`` now; on failure log it, keep the keys for a retry and return False."""
    keys = list(dict.fromkeys(keys))
    if not keys:
        return True
    leave_read_transaction()  # the write below takes a connection of its own
    try:
        with reading_session() as session:
            changes = resolve_many(session, keys)
            fresh = not session.scalar(select(Topic.id).limit(1))
        search = backend()
        if fresh and not search.ready():
            # A new forum: an empty index is complete. An index lost on a forum with topics
            # stays "being rebuilt" until flask forum reindex.
            search.clear()
        search.write(changes)
    except Exception:
        log.exception("search indexing failed for %s; queued for a retry", ", ".join(keys))
        _remember(keys)
        return False
    if _has_pending():
        with contextlib.suppress(Exception):  # logged; the keys stay pending
            retry_pending()
    return True


def _remember(keys: list[str]) -> None:
    path = pending_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as file:
        fcntl.flock(file, fcntl.LOCK_EX)
        file.write("".join(f"{key}\n" for key in keys))


def _has_pending() -> bool:
    path = pending_path()
    return path.exists() and path.stat().st_size > 0


def pending_keys() -> list[str]:
    path = pending_path()
    if not path.exists():
        return []
    return list(dict.fromkeys(path.read_text(encoding="utf-8").split()))


def retry_pending() -> int:
    """Index what failed before; returns how many keys were retried (kept if it fails again)."""
    path = pending_path()
    if not path.exists():
        return 0
    with path.open("r+", encoding="utf-8") as file:
        fcntl.flock(file, fcntl.LOCK_EX)
        keys = list(dict.fromkeys(file.read().split()))
        file.seek(0)
        file.truncate()
    if not keys:
        return 0
    leave_read_transaction()
    try:
        with reading_session() as session:
            changes = resolve_many(session, keys)
        backend().write(changes)
    except Exception:
        log.exception("search retry failed; %d keys stay pending", len(keys))
        _remember(keys)
        raise
    return len(keys)
