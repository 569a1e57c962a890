"""How an account is tied to a strongly identified person, without storing who that is."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import Timestamped, UTCDateTime, utcnow

if TYPE_CHECKING:
    from forum.models.user import User

PROVIDER_NAME_MAX = 40
SUBJECT_MAX = 255


class Identity(Timestamped, db.Model):
    """The account's identity key: HMAC-SHA256 of the national identity number (never stored)."""

    __tablename__ = "identities"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    key_version: Mapped[int] = mapped_column(Integer)
    identity_key: Mapped[str] = mapped_column(String(64), unique=True)

    user: Mapped[User] = relationship()


class ProviderLink(Timestamped, db.Model):
    """A provider's own identifier (``sub``) for the person: a secondary link per provider."""

    __tablename__ = "provider_links"
    __table_args__ = (UniqueConstraint("provider", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(String(PROVIDER_NAME_MAX))
    subject: Mapped[str] = mapped_column(String(SUBJECT_MAX))
    last_used_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()
