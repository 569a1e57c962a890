"""Private conversations: topics in the messages space, readable by their participants only."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import Timestamped, UTCDateTime

if TYPE_CHECKING:
    from forum.models.user import User

PARTICIPANTS_MAX = 10


class ConversationParticipant(Timestamped, db.Model):
    """A person in a conversation. Leaving keeps the row (``left_at``), so the posts they wrote
    keep their context, and being added again clears it."""

    __tablename__ = "conversation_participants"
    __table_args__ = (Index(None, "user_id", "left_at"),)

    topic_id: Mapped[int] = mapped_column(
        ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
