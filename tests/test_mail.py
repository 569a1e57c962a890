"""E-mail against a real SMTP server process: the right mails arrive in the reader's language
with working one-click unsubscribe links; a server that is down or an address that bounces
loses nothing."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from forum.actions.accounts import confirm_email
from forum.actions.mail import queue_digests, queue_notification_mails
from forum.actions.notifications import set_watch_level
from forum.extensions import db
from forum.models import MailSettings, Notification, OutgoingMail, Profile
from forum.models.base import utcnow
from forum.notify.outbox import deliver_due
from forum.tasks import deliver_mail
from tests.conftest import login
from tests.factories import make_admin, make_post, make_space, make_topic, make_user
from tests.helpers import csrf_token
from tests.mailserver import SmtpServer


@pytest.fixture
def smtp(app, tmp_path):
    server = SmtpServer(tmp_path).start()
    saved = app.config["SMTP_URL"], app.config["MAIL_NOTIFICATION_DELAY"]
    app.config["SMTP_URL"], app.config["MAIL_NOTIFICATION_DELAY"] = server.url, 0
    yield server
    server.stop()
    app.config["SMTP_URL"], app.config["MAIL_NOTIFICATION_DELAY"] = saved


def verified_user(username: str, locale: str | None = None):
    user = make_user(username, locale=locale)
    confirm_email(user.id, user.email)
    return user


def mailed(user) -> list[OutgoingMail]:
    db.session.rollback()
    return list(db.session.scalars(select(OutgoingMail).where(OutgoingMail.user_id == user.id)))


def test_a_burst_of_notifications_makes_one_mail_in_the_readers_language(smtp):
    aino = verified_user("aino", locale="sv")
    bea = make_user("bea")
    topic = make_topic(aino, title="Kylähuone")
    make_post(topic, bea, "Hej @aino")
    make_post(topic, bea, "Svar", reply_to=1)
    assert queue_notification_mails() == 1
    assert queue_notification_mails() == 0  # each notification is mailed once
    deliver_mail()  # the task, run at once (the worker test runs it in a worker process)
    [message] = smtp.wait_for(1)
    assert message["To"] == "aino@example.org"
    assert message["Subject"] == "2 nya aviseringar"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "nämnde dig i Kylähuone" in text
    assert "svarade dig i Kylähuone" in html
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Unsubscribe"].startswith("<http")


def test_the_unsubscribe_link_works_with_one_click_and_refuses_forgeries(smtp, client):
    aino = verified_user("aino")
    make_post(make_topic(aino), make_user(), "Hi @aino")
    queue_notification_mails()
    deliver_mail()
    [message] = smtp.wait_for(1)
    link = urlsplit(message["List-Unsubscribe"].strip("<>"))
    assert client.get(link.path).status_code == 200  # asks first: link checkers change nothing
    assert db.session.get(MailSettings, aino.id) is None
    done = client.post(link.path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    db.session.rollback()
    assert db.session.get(MailSettings, aino.id).notifications is False
    forged = link.path.rsplit("/", 1)[0] + "/eyJ1IjoxLCJrIjoiZGlnZXN0In0.forged"
    assert client.post(forged).status_code == 400
    # No more notification mail for aino.
    make_post(make_topic(aino), make_user(), "Again @aino")
    assert queue_notification_mails() == 0


def test_no_mail_without_a_confirmed_address_or_once_read(smtp):
    unconfirmed = make_user("unconfirmed")
    reader = verified_user("reader")
    make_post(make_topic(unconfirmed), make_user(), "Hi @unconfirmed")
    make_post(make_topic(reader), make_user(), "Hi @reader")
    from forum.actions.notifications import mark_all_notifications_read

    mark_all_notifications_read(reader)
    assert queue_notification_mails() == 0
    db.session.rollback()
    considered = db.session.scalar(
        select(Notification.mailed_at).where(Notification.user_id == unconfirmed.id)
    )
    assert considered is not None  # looked at once, not again at every round


def test_a_digest_lists_new_topics_in_followed_spaces(smtp):
    aino = verified_user("aino")
    space = make_space(name="Kainuu")
    set_watch_level(aino, space, "tracking")
    make_topic(make_user(), space, title="Liikuntaneuvonnan ketju")
    assert queue_digests() == 1
    assert queue_digests() == 0  # not due again until the period has passed
    deliver_mail()
    [message] = smtp.wait_for(1)
    assert "Liikuntaneuvonnan ketju" in message.get_body(("plain",)).get_content()
    assert "/mail/unsubscribe/" in message["List-Unsubscribe"]


def test_a_server_that_is_down_keeps_mail_queued_and_retries_later(app, tmp_path):
    server = SmtpServer(tmp_path)  # not started yet: nothing listens on its port
    app.config["SMTP_URL"] = server.url
    try:
        aino = verified_user("aino")
        make_post(make_topic(aino), make_user(), "Hi @aino")
        app.config["MAIL_NOTIFICATION_DELAY"] = 0
        queue_notification_mails()
        assert deliver_due() == (0, 1)
        [mail] = mailed(aino)
        assert (mail.attempts, mail.sent_at, mail.failed_at) == (1, None, None)
        assert mail.next_attempt_at > utcnow()
        assert "ConnectionRefused" in mail.last_error
        assert deliver_due() == (0, 0)  # not due yet
        server.start()
        assert deliver_due(now=utcnow() + timedelta(hours=1)) == (1, 0)
        assert len(server.wait_for(1)) == 1
        [mail] = mailed(aino)
        assert mail.sent_at is not None
        assert mail.attempts == 2
    finally:
        server.stop()
        app.config["SMTP_URL"], app.config["MAIL_NOTIFICATION_DELAY"] = None, 10


def test_an_address_that_bounces_is_kept_as_failed_and_not_retried(smtp):
    person = make_user("person", email="bounce@example.org")
    confirm_email(person.id, person.email)
    make_post(make_topic(person), make_user(), "Hi @person")
    queue_notification_mails()
    assert deliver_due() == (0, 1)
    [mail] = mailed(person)
    assert mail.failed_at is not None
    assert "550" in mail.last_error
    assert deliver_due(now=utcnow() + timedelta(days=1)) == (0, 0)


def test_the_confirmation_link_goes_through_the_outbox(app, smtp, client):
    from forum.actions.accounts import request_email_verification

    person = make_user("person")
    with app.test_request_context("/"):
        request_email_verification(person)
    deliver_mail()
    [message] = smtp.wait_for(1)
    text = message.get_body(("plain",)).get_content()
    assert message["Subject"] == "Vahvista sähköpostiosoitteesi"
    [link] = [line.strip() for line in text.splitlines() if "/verify-email/" in line]
    assert message["List-Unsubscribe"] is None
    login(client, person)
    assert client.get(urlsplit(link).path).status_code in (200, 303)
    db.session.rollback()
    assert db.session.get(Profile, person.id).email_verified_at is not None


def test_the_outbox_page_is_for_administrators(client):
    aino = verified_user("aino")
    make_post(make_topic(aino), make_user(), "Hi @aino")
    from flask import current_app

    current_app.config["MAIL_NOTIFICATION_DELAY"] = 0
    try:
        queue_notification_mails()
    finally:
        current_app.config["MAIL_NOTIFICATION_DELAY"] = 10
    login(client, aino)
    assert client.get("/admin/outbox").status_code == 404
    login(client, make_admin())
    page = client.get("/admin/outbox")
    assert "aino@example.org" in page.text


def test_mail_settings_page_and_the_send_mail_command(app, smtp, client):
    aino = verified_user("aino")
    login(client, aino)
    token = csrf_token(client, "/notifications/settings")
    saved = client.post("/notifications/settings", data={"digest": "daily", "csrf_token": token})
    assert saved.status_code == 303
    refused = client.post("/notifications/settings", data={"digest": "hourly", "csrf_token": token})
    assert refused.status_code == 400
    db.session.rollback()
    settings = db.session.get(MailSettings, aino.id)
    assert (settings.notifications, settings.digest) == (False, "daily")
    make_post(make_topic(verified_user("bea")), make_user(), "Hi @bea")
    result = app.test_cli_runner().invoke(args=["forum", "send-mail"])
    assert result.exit_code == 0, result.output
    assert "Sent 1, failed 0" in result.output
    assert smtp.wait_for(1)[0]["To"] == "bea@example.org"


def test_a_mail_claimed_by_one_worker_is_not_sent_by_another(smtp):
    from forum.actions.mail import claim_mail

    aino = verified_user("aino")
    make_post(make_topic(aino), make_user(), "Hi @aino")
    queue_notification_mails()
    [mail] = mailed(aino)
    assert claim_mail(mail.id) is True
    assert claim_mail(mail.id) is False
    assert deliver_due() == (0, 0)
    # Had the claiming worker died, the mail is due again once the claim lapses.
    assert deliver_due(now=utcnow() + timedelta(minutes=11)) == (1, 0)
    assert len(smtp.wait_for(1)) == 1
