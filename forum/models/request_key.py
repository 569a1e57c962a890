"""Writes asked for under a key of the client's choosing (an ``Idempotency-Key`` header, or the
hidden key a composer page carries), so that a request sent again, after a lost answer, a
crashed worker or a double click, finds what the first one made instead of making it twice."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db
from forum.models.base import Timestamped

REQUEST_KEY_MAX = 100


class RequestKey(Timestamped, db.Model):
    __tablename__ = "request_keys"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(REQUEST_KEY_MAX))
    # SHA-256 of what was asked: the same key with another request is refused, not answered.
    fingerprint: Mapped[str] = mapped_column(String(64))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
