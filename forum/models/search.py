"""The PostgreSQL search backend's index table (unused, but present, on SQLite).

Rows are derived data, written only by ``forum/search/postgres_backend.py`` after commits and
by ``flask forum reindex``; the tsvector columns hold the forum's own analysis (see there).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db
from forum.models.base import UTCDateTime

TextList = JSON().with_variant(ARRAY(Text()), "postgresql")
TsVector = Text().with_variant(TSVECTOR(), "postgresql")


class SearchDocumentRow(db.Model):
    __tablename__ = "search_documents"
    __table_args__ = (
        Index("ix_search_documents_tsv_fi", "tsv_fi", postgresql_using="gin"),
        Index("ix_search_documents_tsv_sv", "tsv_sv", postgresql_using="gin"),
        Index("ix_search_documents_tsv_en", "tsv_en", postgresql_using="gin"),
        Index("ix_search_documents_title_tsv", "title_tsv", postgresql_using="gin"),
        Index("ix_search_documents_groups", "groups", postgresql_using="gin"),
        Index("ix_search_documents_created_at", "created_at"),
    )

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    type: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    groups: Mapped[list[str]] = mapped_column(TextList)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    space_id: Mapped[int | None] = mapped_column(Integer)
    author_id: Mapped[int | None] = mapped_column(Integer)
    topic_id: Mapped[int | None] = mapped_column(Integer)
    post_number: Mapped[int | None] = mapped_column(Integer)
    tags: Mapped[list[str]] = mapped_column(TextList)
    regions: Mapped[list[str]] = mapped_column(TextList)
    status: Mapped[str | None] = mapped_column(String(10))
    tsv_fi: Mapped[str] = mapped_column(TsVector)
    tsv_sv: Mapped[str] = mapped_column(TsVector)
    tsv_en: Mapped[str] = mapped_column(TsVector)
    title_tsv: Mapped[str] = mapped_column(TsVector)
