"""Idempotent writes: a request sent again under the key it was first sent with (after a lost
answer, a worker that died, a double click) gets what the first one made, not a second copy.

The key is claimed in the same transaction as the write, so a write that rolled back (or died
with its worker) leaves the key free for the retry, and one that committed leaves it taken.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from forum.actions.base import action
from forum.actions.errors import Conflict, ValidationError
from forum.extensions import db
from forum.models import Post, RequestKey, User
from forum.models.base import utcnow
from forum.models.request_key import REQUEST_KEY_MAX

# How long a key is remembered: far longer than any client retries.
KEPT_FOR = timedelta(hours=24)


def _fingerprint(asked: tuple[object, ...]) -> str:
    return hashlib.sha256("\x1f".join(map(str, asked)).encode()).hexdigest()


def _stored(actor: User, key: str) -> RequestKey | None:
    return db.session.scalar(
        select(RequestKey).where(RequestKey.user_id == actor.id, RequestKey.key == key)
    )


def claim_request_key(
    actor: User, key: str | None, *asked: object
) -> tuple[RequestKey | None, Post | None]:
    """Claim ``key`` for the write described by ``asked``, inside the caller's action.

    Returns (the claim, None) when the key is new: the caller writes and ``settle``s the claim
    with its post. Returns (None, the post) when an earlier request under the key made it.
    Without a key: (None, None). A key used before for another request is refused.
    """
    if key is None:
        return None, None
    key = key.strip()
    if not key or len(key) > REQUEST_KEY_MAX or not (key.isascii() and key.isprintable()):
        raise ValidationError(
            _("A request key has 1 to %(max)d printable characters.", max=REQUEST_KEY_MAX),
            field="request_key",
        )
    fingerprint = _fingerprint(asked)
    stored = _stored(actor, key)
    if stored is None:
        claim = RequestKey(user_id=actor.id, key=key, fingerprint=fingerprint)
        try:
            # On PostgreSQL a request sent twice at once waits here for the other's commit.
            with db.session.begin_nested():
                db.session.add(claim)
            return claim, None
        except IntegrityError:
            stored = _stored(actor, key)
    if stored is None or stored.fingerprint != fingerprint:
        raise Conflict(_("This request key was used before for a different request."))
    earlier = db.session.get(Post, stored.post_id) if stored.post_id else None
    if earlier is None:
        raise Conflict(_("A request with this key is still being handled; try again shortly."))
    return None, earlier


def settle(claim: RequestKey | None, post: Post) -> None:
    """Record what the claimed request made."""
    if claim is not None:
        claim.post_id = post.id


@action
def forget_old_request_keys() -> int:
    """Drop keys older than KEPT_FOR (a periodic task); returns how many."""
    result = db.session.execute(
        delete(RequestKey).where(RequestKey.created_at < utcnow() - KEPT_FOR)
    )
    return result.rowcount or 0
