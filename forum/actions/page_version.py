"""Bump the site's page version in the same transaction as any change a page may show.

Rather than a call in each action (one forgotten call would leave a stale page in the cache),
the session does it: a flush or DML statement that writes a table a page can show marks the
transaction, and the commit of a marked transaction runs one UPDATE of ``page_versions`` as its
last statement. It commits or rolls back with the change, so no process can read the new version
without the new data. Taking the row's lock only at commit keeps it for the moment of the commit:
a transaction never holds it while it waits for another lock (a topic row, say), so writers
cannot deadlock on it, and they queue on it only as long as a commit takes. Only the tables
listed in ``UNSHOWN_TABLES`` (what a reader does, mail queues, search rows) are left out, because
they change on every signed-in page view and never appear on the pages the cache holds.
"""

from __future__ import annotations

from itertools import chain

from sqlalchemy import event, text
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction
from sqlalchemy.sql.elements import TextClause

from forum.models.page_version import CHANGED, PAGE_VERSION_ID, READ

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
        "request_keys",
    }
)
WRITE_VERBS = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE", "TRUNCATE", "ALTER"})
_BUMP = text("UPDATE page_versions SET version = version + 1 WHERE id = :id").bindparams(
    id=PAGE_VERSION_ID
)


def _mark(session: Session) -> None:
    session.info[CHANGED] = True


def _shown(obj: object) -> bool:
    table = getattr(obj, "__table__", None)
    return table is None or table.name not in UNSHOWN_TABLES


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: object) -> None:
    if session.info.get(CHANGED):
        return
    if any(_shown(obj) for obj in chain(session.new, session.deleted)) or any(
        _shown(obj) and session.is_modified(obj) for obj in session.dirty
    ):
        _mark(session)


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> None:
    """Statements that bypass the unit of work: bulk insert/update/delete and raw SQL."""
    if state.session.info.get(CHANGED):
        return
    statement = state.statement
    if isinstance(statement, TextClause):
        words = statement.text.split(None, 1)
        if words and words[0].upper() in WRITE_VERBS:
            _mark(state.session)
    elif state.is_insert or state.is_update or state.is_delete:
        table = getattr(statement, "table", None)
        if getattr(table, "name", None) not in UNSHOWN_TABLES:
            _mark(state.session)


@event.listens_for(Session, "before_commit")
def _bump_at_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint: the outer commit bumps
    # The commit flushes after this hook; flush first so that its writes are counted.
    session.flush()
    if session.info.pop(CHANGED, False):
        session.connection().execute(_BUMP)


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: SessionTransaction) -> None:
    # A rolled-back savepoint keeps the mark: one needless bump at most, never a missing one.
    if transaction.parent is None:
        session.info.pop(CHANGED, None)
        session.info.pop(READ, None)
