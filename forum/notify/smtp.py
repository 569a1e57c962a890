"""Sending one message over SMTP (``SMTP_URL``), and telling a retryable failure from a
permanent one (an address the server refuses)."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

SMTP_TIMEOUT = 15


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    username: str | None
    password: str | None
    tls: bool  # implicit TLS (smtps://)
    starttls: bool


def parse_url(url: str) -> SmtpSettings:
    """``smtp://[user:password@]host[:port][?starttls=1]`` or ``smtps://...``."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError("SMTP_URL must look like smtp://host:port or smtps://host:port")
    tls = parts.scheme == "smtps"
    query = parse_qs(parts.query)
    return SmtpSettings(
        host=parts.hostname,
        port=parts.port or (465 if tls else 25),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        tls=tls,
        starttls=query.get("starttls", ["0"])[0] in ("1", "true", "yes"),
    )


class PermanentFailure(Exception):
    """The server refused the message for good (e.g. the address does not exist)."""


class TemporaryFailure(Exception):
    """The server could not be reached or asked to try later."""


def build_message(
    sender: str, recipient: str, subject: str, text: str, html: str, headers: dict[str, str]
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    for name, value in headers.items():
        message[name] = value
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


def send(settings: SmtpSettings, message: EmailMessage) -> None:
    try:
        if settings.tls:
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host,
                settings.port,
                timeout=SMTP_TIMEOUT,
                context=ssl.create_default_context(),
            )
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT)
        with client:
            if settings.starttls:
                client.starttls(context=ssl.create_default_context())
            if settings.username:
                client.login(settings.username, settings.password or "")
            client.send_message(message)
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _text in error.recipients.values()]
        if all(500 <= code < 600 for code in codes):
            raise PermanentFailure(f"recipient refused: {error.recipients}") from error
        raise TemporaryFailure(f"recipient deferred: {error.recipients}") from error
    except smtplib.SMTPResponseException as error:
        if 500 <= error.smtp_code < 600:
            raise PermanentFailure(f"{error.smtp_code} {error.smtp_error!r}") from error
        raise TemporaryFailure(f"{error.smtp_code} {error.smtp_error!r}") from error
    except (OSError, smtplib.SMTPException) as error:
        raise TemporaryFailure(f"{type(error).__name__}: {error}") from error
