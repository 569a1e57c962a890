"""Bump the site's page version in the same transaction as any change a page may show.

Rather than a call in each action (one forgotten call would leave a stale page in the cache),
the session does it: the first flush or DML statement of a transaction that writes a table a
page can show runs one UPDATE of ``page_versions``. It commits or rolls back with the change,
so no process can read the new version without the new data. Only the tables listed in
``UNSHOWN_TABLES`` (what a reader does, mail queues, search rows) are left out, because they
change on every signed-in page view and never appear on the pages the cache holds.
"""

from __future__ import annotations

from itertools import chain

from sqlalchemy import event, text
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.sql.elements import TextClause

from forum.models.page_version import PAGE_VERSION_ID

UNSHOWN_TABLES = frozenset(
    {
        "page_versions",
        "topic_reads",
        "drafts",
        "bookmarks",
        "user_sessions",
        "notifications",
        "watches",
        "outgoing_mail",
        "search_documents",
        "api_tokens",
        "account_exports",
    }
)
WRITE_VERBS = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE", "TRUNCATE", "ALTER"})
_BUMPED = "forum_page_version_bumped"
_BUMP = text("UPDATE page_versions SET version = version + 1 WHERE id = :id").bindparams(
    id=PAGE_VERSION_ID
)


def _bump(session: Session) -> None:
    if session.info.get(_BUMPED):
        return
    session.info[_BUMPED] = True
    session.connection().execute(_BUMP)


def _shown(obj: object) -> bool:
    table = getattr(obj, "__table__", None)
    return table is None or table.name not in UNSHOWN_TABLES


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: object) -> None:
    if session.info.get(_BUMPED):
        return
    if any(_shown(obj) for obj in chain(session.new, session.deleted)) or any(
        _shown(obj) and session.is_modified(obj) for obj in session.dirty
    ):
        _bump(session)


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> None:
    """Statements that bypass the unit of work: bulk insert/update/delete and raw SQL."""
    if state.session.info.get(_BUMPED):
        return
    statement = state.statement
    if isinstance(statement, TextClause):
        words = statement.text.split(None, 1)
        if words and words[0].upper() in WRITE_VERBS:
            _bump(state.session)
    elif state.is_insert or state.is_update or state.is_delete:
        table = getattr(statement, "table", None)
        if getattr(table, "name", None) not in UNSHOWN_TABLES:
            _bump(state.session)


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, _transaction: object) -> None:
    # A rolled-back savepoint takes its bump with it; the next write bumps again.
    session.info.pop(_BUMPED, None)
