"""Signed-in sessions, kept server-side so that they can time out and be ended everywhere."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import Timestamped, UTCDateTime, utcnow

if TYPE_CHECKING:
    from forum.models.user import User


class UserSession(Timestamped, db.Model):
    """One signed-in browser. ``id`` is the SHA-256 of the token in the cookie, never the token."""

    __tablename__ = "user_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    provider: Mapped[str | None] = mapped_column(String(40))
    acr: Mapped[str | None] = mapped_column(String(120))

    user: Mapped[User] = relationship()
