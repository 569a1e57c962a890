"""Looking up API tokens."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from forum.actions.tokens import hash_token
from forum.extensions import db
from forum.models import ApiToken


def token_by_secret(secret: str) -> ApiToken | None:
    """The live token with this secret, with its user loaded; None when unknown or revoked."""
    return db.session.scalar(
        select(ApiToken)
        .options(joinedload(ApiToken.user))
        .where(ApiToken.token_hash == hash_token(secret), ApiToken.revoked_at.is_(None))
    )


def tokens_of(user: Any) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.created_at.desc())
        )
    )
