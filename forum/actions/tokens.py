"""Personal API tokens: made and revoked by their owner (or for them by an operator's CLI)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import update

from forum.actions.base import action, on_commit
from forum.actions.errors import NotFound, ValidationError
from forum.events import revalidate_connections
from forum.extensions import db
from forum.models import ApiToken, User
from forum.models.base import utcnow
from forum.models.token import TOKEN_NAME_MAX
from forum.text import clean_line

TOKEN_PREFIX = "fst_"  # noqa: S105 - a public marker, not a secret
# Recording every use would make each API call a write; once in a while is enough.
LAST_USED_GRANULARITY = timedelta(minutes=10)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@action
def create_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Make a token; returns it with its secret, which is never shown again."""
    name = clean_line(name, field="name")
    if not name or len(name) > TOKEN_NAME_MAX:
        raise ValidationError(
            _("A token name has 1 to %(max)d characters.", max=TOKEN_NAME_MAX), field="name"
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_hash=hash_token(secret), prefix=secret[:12])
    db.session.add(token)
    db.session.flush()
    return token, secret


@action
def revoke_api_token(user: User, token_id: int) -> None:
    revoked = db.session.execute(
        update(ApiToken)
        .where(ApiToken.id == token_id, ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    ).rowcount
    if revoked == 0:
        raise NotFound(_("No such token."))
    user_id = user.id
    on_commit(lambda: revalidate_connections(user_id))  # its open sockets close at once


@action
def record_token_use(token: ApiToken) -> None:
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
        token.last_used_at = now
