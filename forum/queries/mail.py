"""Read-side of mail: what is due, what a person's settings are, the outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from forum.extensions import db
from forum.models import MailSettings, OutgoingMail, Profile, User
from forum.models.base import utcnow

OUTBOX_PAGE = 100


def due_mail_ids(now: datetime | None = None, limit: int = 100) -> list[int]:
    now = now or utcnow()
    return list(
        db.session.scalars(
            select(OutgoingMail.id)
            .where(
                OutgoingMail.sent_at.is_(None),
                OutgoingMail.failed_at.is_(None),
                (OutgoingMail.next_attempt_at.is_(None)) | (OutgoingMail.next_attempt_at <= now),
            )
            .order_by(OutgoingMail.id)
            .limit(limit)
        )
    )


def mail_settings(user_id: int) -> MailSettings:
    """The person's settings, or the defaults (not stored) when they chose none."""
    return db.session.get(MailSettings, user_id) or MailSettings(
        user_id=user_id, notifications=True, digest="weekly"
    )


def verified_address(user: User) -> str | None:
    """The address to mail, once the person has confirmed it."""
    if not user.email or not user.active:
        return None
    verified = db.session.scalar(
        select(Profile.email_verified_at).where(Profile.user_id == user.id)
    )
    return user.email if verified is not None else None


def outbox(limit: int = OUTBOX_PAGE) -> list[OutgoingMail]:
    return list(
        db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id.desc()).limit(limit))
    )
