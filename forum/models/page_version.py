"""The site's page version: one counter that every transaction changing what a page shows
bumps, so that each worker process can tell with one small query whether a page it rendered
earlier is still true (forum/page_cache.py, forum/actions/page_version.py)."""

from __future__ import annotations

from sqlalchemy import BigInteger
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db

PAGE_VERSION_ID = 1


class PageVersion(db.Model):
    """A single row (id 1). It starts at a random number, not 0, so that a database emptied and
    filled again never meets a version a running process has already cached pages under."""

    __tablename__ = "page_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
