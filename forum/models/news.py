"""News: a topic kind with a lead paragraph and an optional image."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db

if TYPE_CHECKING:
    from forum.models.topic import Topic

LEAD_MAX = 1000
IMAGE_NAME_MAX = 80
ALT_MAX = 300


class NewsItem(db.Model):
    """The news details of a topic whose kind is 'news'."""

    __tablename__ = "news_items"

    topic_id: Mapped[int] = mapped_column(
        ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True
    )
    lead: Mapped[str] = mapped_column(Text)
    # A file name under the instance folder's news images; empty when there is none.
    image: Mapped[str] = mapped_column(String(IMAGE_NAME_MAX), default="")
    image_alt: Mapped[str] = mapped_column(String(ALT_MAX), default="")

    topic: Mapped[Topic] = relationship()
