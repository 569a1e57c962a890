"""SMTP down and back, with real processes: a worker process (``flask forum worker``) sends
through a real SMTP server that is stopped and started again. Mail queued while the server
refuses connections waits in the outbox with the error noted, and goes once the server is back
and the retry is due; nothing is lost and nothing arrives twice."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select, update

from forum.actions.accounts import confirm_email
from forum.actions.mail import queue_verification_mail
from forum.extensions import db
from forum.models import OutgoingMail
from forum.models.base import utcnow
from forum.tasks import deliver_mail
from tests.factories import make_user
from tests.mailserver import SmtpServer
from tests.worker_helpers import queue_of, start_worker, stop_worker

WAIT_FOR = 30.0


def outbox() -> list[OutgoingMail]:
    db.session.rollback()  # see what the worker committed
    return list(db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id)))


def wait_until(condition, what: str) -> list[OutgoingMail]:
    deadline = time.monotonic() + WAIT_FOR
    while time.monotonic() < deadline:
        mails = outbox()
        if condition(mails):
            return mails
        time.sleep(0.2)
    raise AssertionError(f"{what}: {[(m.recipient, m.attempts, m.sent_at) for m in outbox()]}")


def queue_confirmation(app, username: str) -> None:
    person = make_user(username, locale="en")
    confirm_email(person.id, person.email)
    with app.test_request_context("/"):
        queue_verification_mail(person.id, person.email, f"https://forum.test/verify/{username}")


@pytest.mark.slow
def test_mail_queued_while_smtp_is_down_waits_and_goes_once_it_is_back(app, tmp_path):
    server = SmtpServer(tmp_path).start()
    instance = tmp_path / "instance"
    instance.mkdir()
    worker = start_worker(app, instance, server.url)
    try:
        queue_confirmation(app, "before")
        with queue_of(instance):
            deliver_mail()
        assert len(server.wait_for(1)) == 1

        server.stop()
        for name in ("during1", "during2", "during3"):
            queue_confirmation(app, name)
        with queue_of(instance):
            deliver_mail()
        waiting = wait_until(
            lambda mails: all(m.attempts == 1 for m in mails[1:]), "the worker tried each mail"
        )
        for mail in waiting[1:]:
            assert (mail.sent_at, mail.failed_at) == (None, None)
            assert mail.next_attempt_at > utcnow()
            assert "refused" in mail.last_error.lower(), mail.last_error
        assert waiting[0].attempts == 1
        assert waiting[0].sent_at is not None

        server.start()  # the same port and mailbox
        # The retry's delay has passed.
        db.session.execute(
            update(OutgoingMail)
            .where(OutgoingMail.sent_at.is_(None))
            .values(next_attempt_at=utcnow())
        )
        db.session.commit()
        with queue_of(instance):
            deliver_mail()
        sent = wait_until(
            lambda mails: all(m.sent_at is not None for m in mails), "every mail went"
        )
        assert [m.attempts for m in sent] == [1, 2, 2, 2]
        server.wait_for(4)
        time.sleep(1)  # anything sent twice would have arrived by now
        arrived = server.messages()
        recipients = sorted(message["To"] for message in arrived)
        assert recipients == sorted(mail.recipient for mail in sent)
    finally:
        server.stop()
        stop_worker(worker)
