"""The example plugin's table: its name carries the plugin's prefix, ``example_``."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db
from forum.models.base import Timestamped

NOTE_MAX = 280


class ExampleNote(Timestamped, db.Model):
    __tablename__ = "example_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A plugin may refer to core tables; it never alters them.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(NOTE_MAX))
