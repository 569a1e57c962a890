"""The site's page version: one counter that every transaction changing what a page shows
bumps, so that each worker process can tell with one small query whether a page it rendered
earlier is still true (forum/page_cache.py, forum/actions/page_version.py)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Engine, text
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db

PAGE_VERSION_ID = 1
# session.info keys: the transaction wrote something a page shows (forum/actions/page_version.py);
# the version this transaction read.
CHANGED = "forum_page_version_changed"
READ = "forum_page_version_read"
_READ_VERSION = text("SELECT version FROM page_versions WHERE id = :id").bindparams(
    id=PAGE_VERSION_ID
)
# The same query for a bare DB-API cursor: a literal id, so no driver's paramstyle matters.
_READ_VERSION_SQL = f"SELECT version FROM page_versions WHERE id = {PAGE_VERSION_ID:d}"  # noqa: S608


class PageVersion(db.Model):
    """A single row (id 1). It starts at a random number, not 0, so that a database emptied and
    filled again never meets a version a running process has already cached pages under."""

    __tablename__ = "page_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)


def read_version() -> int | None:
    """The site's page version (None if its row is missing), remembered for this transaction."""
    version = db.session.execute(_READ_VERSION).scalar()
    db.session.info[READ] = version
    return version


def read_version_outside_session(engine: Engine) -> int | None:
    """The site's page version read on a pooled connection of its own, with no ORM session
    or transaction around it: for a request that may be answered before it needs either."""
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        try:
            cursor.execute(_READ_VERSION_SQL)
            row = cursor.fetchone()
        finally:
            cursor.close()
    finally:
        connection.close()
    return None if row is None else int(row[0])


def version_of_transaction() -> int | None:
    """The version this transaction read, while it has written nothing a page shows: whatever it
    reads now is at least as new as that version. None if it read none or has written since."""
    info = db.session.info
    return None if info.get(CHANGED) else info.get(READ)
