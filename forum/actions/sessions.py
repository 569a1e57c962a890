"""Signed-in sessions: started at sign-in, touched while used, ended one by one or everywhere."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import delete

from forum.actions.base import action, on_commit
from forum.events import revalidate_connections
from forum.extensions import db
from forum.models import User, UserSession
from forum.models.base import utcnow


def token_id(token: str) -> str:
    """The stored id of a session token: its SHA-256, so that a copy of the table opens none."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def is_live(record: UserSession, now: datetime | None = None) -> bool:
    """Neither past its absolute end nor idle for longer than SESSION_IDLE_TIMEOUT."""
    now = now or utcnow()
    idle = timedelta(seconds=current_app.config["SESSION_IDLE_TIMEOUT"])
    return as_utc(record.expires_at) > now and as_utc(record.last_seen_at) + idle > now


@action
def start_session(user: User, *, provider: str | None = None, acr: str | None = None) -> str:
    """A new session for ``user``; returns the token for the cookie (shown once, not stored)."""
    now = utcnow()
    db.session.execute(
        delete(UserSession).where(UserSession.user_id == user.id, UserSession.expires_at <= now)
    )
    token = secrets.token_urlsafe(32)
    lifetime = timedelta(seconds=current_app.config["SESSION_ABSOLUTE_TIMEOUT"])
    db.session.add(
        UserSession(
            id=token_id(token),
            user_id=user.id,
            last_seen_at=now,
            expires_at=now + lifetime,
            provider=provider,
            acr=acr,
        )
    )
    db.session.flush()
    return token


@action
def touch_session(record: UserSession) -> None:
    record.last_seen_at = utcnow()


@action
def end_session(token: str) -> None:
    db.session.execute(delete(UserSession).where(UserSession.id == token_id(token)))
    on_commit(revalidate_connections)


@action
def end_all_sessions(user: User) -> int:
    """Sign ``user`` out in every browser; returns how many sessions ended."""
    result = db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    user_id = user.id
    on_commit(lambda: revalidate_connections(user_id))
    return result.rowcount or 0
