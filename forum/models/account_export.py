"""A person's data export built in the background (large accounts): the ZIP file under the
export directory, kept until ``expires_at``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db
from forum.models.base import Timestamped, UTCDateTime

PENDING, READY, FAILED = "pending", "ready", "failed"


class AccountExport(Timestamped, db.Model):
    __tablename__ = "account_exports"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    # A random name, so that the file cannot be guessed from the export's number.
    file_name: Mapped[str | None] = mapped_column(String(80))
    size: Mapped[int | None] = mapped_column(Integer)
    ready_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
