"""Sending what is queued: each due mail gets one attempt, and its result is recorded."""

from __future__ import annotations

import logging
from datetime import datetime

from flask import current_app

from forum.actions.mail import claim_mail, record_attempt
from forum.extensions import db
from forum.models import OutgoingMail
from forum.notify.smtp import PermanentFailure, TemporaryFailure, build_message, parse_url, send
from forum.queries.mail import due_mail_ids

log = logging.getLogger(__name__)


def deliver_due(now: datetime | None = None) -> tuple[int, int]:
    """Try every due mail once; returns (sent, failed). Without SMTP_URL mail stays queued."""
    url = current_app.config.get("SMTP_URL")
    ids = due_mail_ids(now)
    if not url:
        if ids:
            log.warning("%d mails wait: no SMTP_URL is configured", len(ids))
        return 0, 0
    settings = parse_url(url)
    sent = failed = 0
    for mail_id in ids:
        if not claim_mail(mail_id, now):
            continue  # another worker has it
        mail = db.session.get(OutgoingMail, mail_id)
        message = build_message(
            current_app.config["MAIL_FROM"],
            mail.recipient,
            mail.subject,
            mail.text,
            mail.html,
            mail.headers,
        )
        try:
            send(settings, message)
        except PermanentFailure as error:
            log.warning("mail %s refused for good: %s", mail_id, error)
            record_attempt(mail_id, error=str(error), permanent=True)
            failed += 1
        except TemporaryFailure as error:
            log.warning("mail %s not sent, will retry: %s", mail_id, error)
            record_attempt(mail_id, error=str(error))
            failed += 1
        else:
            record_attempt(mail_id)
            sent += 1
    return sent, failed
