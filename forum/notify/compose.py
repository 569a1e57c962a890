"""Mails in the reader's language: a burst of notifications, a digest, an address check.

Links are absolute, built against PUBLIC_URL, since a mail is read outside the site. Mails
about notifications and digests carry one-click unsubscribe headers (RFC 8058) whose signed
token names the person and the kind of mail.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import force_locale
from itsdangerous import BadSignature, URLSafeSerializer

from forum.models import User

UNSUBSCRIBE_SALT = "mail-unsubscribe"
NOTIFICATIONS, DIGEST, VERIFICATION = "notifications", "digest", "verification"
EXPORT_READY = "export"
UNSUBSCRIBABLE = (NOTIFICATIONS, DIGEST)


@dataclass
class Composed:
    subject: str
    text: str
    html: str
    headers: dict[str, str] = field(default_factory=dict)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user_id: int, kind: str) -> str:
    return _serializer().dumps({"u": user_id, "k": kind})


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """The person and the kind of mail a link was made for; None for a forged or broken one."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("u"), int)
        or data.get("k") not in UNSUBSCRIBABLE
    ):
        return None
    return data["u"], data["k"]


@contextmanager
def mail_context(user: User | None) -> Iterator[None]:
    """Render as for ``user``: their language, and URLs on the public address."""
    language = (user.locale if user else None) or current_app.config["BABEL_DEFAULT_LOCALE"]
    if has_request_context():
        with force_locale(language):
            yield
        return
    with (
        current_app.test_request_context("/", base_url=current_app.config["PUBLIC_URL"]),
        force_locale(language),
    ):
        yield


def compose(user: User | None, kind: str, template: str, **context: object) -> Composed:
    """Subject, text and HTML from ``templates/mail/<template>.{txt,html}`` (the subject is the
    text version's first line)."""
    with mail_context(user):
        unsubscribe = (
            url_for("mail.unsubscribe", token=unsubscribe_token(user.id, kind), _external=True)
            if user is not None and kind in UNSUBSCRIBABLE
            else None
        )
        values = {**context, "user": user, "unsubscribe_url": unsubscribe}
        subject, _sep, text = render_template(f"mail/{template}.txt", **values).partition("\n")
        html = render_template(f"mail/{template}.html", subject=subject.strip(), **values)
    headers = {}
    if unsubscribe:
        headers = {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    return Composed(subject.strip(), text.lstrip("\n"), html, headers)
