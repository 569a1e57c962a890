"""Blocks: one person no longer hears from another."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import Timestamped

if TYPE_CHECKING:
    from forum.models.user import User


class Block(Timestamped, db.Model):
    """``blocker`` does not want to hear from ``blocked``: no messages, mentions or
    notifications from them."""

    __tablename__ = "blocks"

    blocker_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    blocked_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    blocked: Mapped[User] = relationship(foreign_keys=[blocked_id])
