"""Confirming an e-mail address by a link, before the forum mails notifications to it.

The link carries a signed token naming the account and the address; it works for
LINK_TTL and only while the account still has that address. ``deliver`` queues the mail in
the outbox (forum/actions/mail.py); the background worker sends it.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from forum.auth.errors import SignInError

SALT = "email-verification"
LINK_TTL = 7 * 24 * 60 * 60


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def verification_url(user_id: int, email: str) -> str:
    token = _serializer().dumps({"u": user_id, "e": email})
    return url_for("own_data.verify_email", token=token, _external=True)


def read_token(token: str) -> dict[str, Any]:
    """The account id and address a link was made for; SignInError when it cannot be used."""
    try:
        data = _serializer().loads(token, max_age=LINK_TTL)
    except SignatureExpired as error:
        raise SignInError("e-mail confirmation link has expired", code="expired") from error
    except BadSignature as error:
        raise SignInError("e-mail confirmation link is not valid") from error
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise SignInError("e-mail confirmation link is not valid")
    return data


def deliver(user_id: int, email: str, url: str) -> None:
    """Queue the confirmation link for ``email``, in the caller's transaction."""
    from forum.actions.mail import queue_verification_mail

    queue_verification_mail(user_id, email, url)
