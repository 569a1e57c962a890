"""Who is signed in: the Flask-Login user loader, backed by server-side sessions.

The cookie (signed, HttpOnly, SameSite=Lax, Secure in production) holds the user id and a
random session token; the token's hash names a row in ``user_sessions``. A session is valid
only while that row exists and has neither idled out nor passed its absolute end, so signing
out everywhere, or erasing an account, ends it at once in every browser.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, flash, request, session
from flask_babel import force_locale, format_datetime
from flask_babel import gettext as _
from flask_login import login_user, logout_user
from sqlalchemy import bindparam, select

from forum.actions.sessions import as_utc, end_session, is_live, start_session, token_id
from forum.actions.sessions import touch_session as _touch
from forum.extensions import db
from forum.i18n import visitor_locale
from forum.models import Penalty, User, UserSession
from forum.models.base import utcnow
from forum.models.moderation import SUSPEND
from forum.queries.moderation import active_penalty

SESSION_TOKEN_KEY = "sid"  # noqa: S105 - the name of a session entry
# last_seen_at is written at most this often, not on every request.
TOUCH_INTERVAL = timedelta(seconds=60)
# What survives the new session made at sign-in: the interface language only.
KEPT_ON_SIGN_IN = ("locale",)


def load_user(user_id: str) -> User | None:
    token = session.get(SESSION_TOKEN_KEY)
    if not token or not isinstance(token, str) or not user_id.isdigit():
        return None
    row = _session_and_user(token_id(token), int(user_id))
    if row is None:
        return None
    record, user, suspended = row
    if not is_live(record):
        end_session(token)
        return None
    if as_utc(record.last_seen_at) + TOUCH_INTERVAL < utcnow():
        _touch(record)
    if not user.is_active:
        return None
    suspension = active_penalty(user.id, SUSPEND) if suspended else None
    if suspension is not None:
        # The person is not signed in, and is told why and until when on the page they see.
        if not request.path.startswith("/api/"):
            _tell_suspended(user, suspension.until, suspension.reason)
        return None
    return user


_SESSION_AND_USER = (
    select(
        UserSession,
        User,
        select(Penalty.id)
        .where(
            Penalty.user_id == User.id,
            Penalty.kind == SUSPEND,
            Penalty.lifted_at.is_(None),
            Penalty.until > bindparam("now"),
        )
        .exists(),
    )
    .join(User, User.id == UserSession.user_id)
    .where(UserSession.id == bindparam("session_id"), UserSession.user_id == bindparam("user_id"))
)


def _session_and_user(session_id: str, user_id: int) -> tuple[UserSession, User, bool] | None:
    """The session row, its user and whether a suspension is in force, in one statement
    (every signed-in request asks); the suspension's details are read only when there is one."""
    row = db.session.execute(
        _SESSION_AND_USER, {"session_id": session_id, "user_id": user_id, "now": utcnow()}
    ).first()
    return None if row is None else (row[0], row[1], bool(row[2]))


def _tell_suspended(user: User, until: datetime, reason: str) -> None:
    """Flash why the person is signed out, in their own language. Chosen here, not by the
    locale selector: that asks who the current user is, which is still being loaded."""
    languages = current_app.config["LANGUAGES"]
    with force_locale(user.locale if user.locale in languages else visitor_locale()):
        message = _(
            "Your account is suspended until %(until)s: %(reason)s",
            until=format_datetime(until, "short"),
            reason=reason,
        )
    flash(message, "error")


def sign_in(user: User, *, provider: str | None = None, acr: str | None = None) -> None:
    """A fresh session for ``user``: nothing from the session before sign-in is kept but the
    language, so a session id planted before sign-in (fixation) is worth nothing after it."""
    previous = session.get(SESSION_TOKEN_KEY)
    if isinstance(previous, str):
        end_session(previous)  # signing in again, perhaps as someone else, ends the old one
    kept = {key: session[key] for key in KEPT_ON_SIGN_IN if key in session}
    session.clear()
    session.update(kept)
    token = start_session(user, provider=provider, acr=acr)
    login_user(user)
    session[SESSION_TOKEN_KEY] = token
    session.permanent = False


def sign_out() -> str | None:
    """End this browser's session; returns the provider it was opened through, if any."""
    token = session.get(SESSION_TOKEN_KEY)
    provider = None
    if isinstance(token, str):
        record = db.session.get(UserSession, token_id(token))
        provider = record.provider if record else None
        end_session(token)
    logout_user()
    kept = {key: session[key] for key in KEPT_ON_SIGN_IN if key in session}
    session.clear()
    session.update(kept)
    return provider
