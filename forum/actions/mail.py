"""Mail: queueing messages, the notification and digest mails, the result of each attempt,
and what people choose to receive. Nothing is sent here; forum/notify/outbox.py sends."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from forum.actions.base import action, on_commit
from forum.actions.errors import NotFound, ValidationError
from forum.extensions import db
from forum.models import AccountExport, MailSettings, Notification, OutgoingMail, Topic, User, Watch
from forum.models.base import utcnow
from forum.models.notification import DIGEST_DAILY, DIGEST_OFF, DIGESTS, TRACKING
from forum.models.space import READ
from forum.notify.compose import (
    DIGEST,
    EXPORT_READY,
    NOTIFICATIONS,
    UNSUBSCRIBABLE,
    VERIFICATION,
    Composed,
    compose,
)
from forum.permissions import can, may_see_notification
from forum.queries.mail import mail_settings, verified_address
from forum.queries.notifications import headline

ERROR_MAX = 500
DIGEST_TOPICS = 30
SEND_LEASE = timedelta(minutes=10)


def _queue(user: User | None, kind: str, recipient: str, mail: Composed) -> OutgoingMail:
    row = OutgoingMail(
        user_id=user.id if user else None,
        kind=kind,
        recipient=recipient,
        subject=mail.subject[:300],
        text=mail.text,
        html=mail.html,
        headers=mail.headers,
    )
    db.session.add(row)
    on_commit(_deliver_soon)
    return row


def _deliver_soon() -> None:
    """Hand the queue to the worker at once rather than at its next periodic round. With an
    immediate (in-process) queue there is no worker: the caller delivers when it chooses."""
    from forum.background import huey
    from forum.tasks import deliver_mail

    if not huey.immediate:
        deliver_mail()


@action
def queue_verification_mail(user_id: int, email: str, url: str) -> None:
    """The link that confirms an address: sent to the address being confirmed."""
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("No such account."))
    _queue(user, VERIFICATION, email, compose(user, VERIFICATION, "verify", url=url))


@action
def queue_export_mail(user: User, export: AccountExport) -> bool:
    """Tell the person their data export is ready, with its download link, when their address
    is confirmed. Returns whether a mail was queued."""
    from forum.auth.export import export_token

    address = verified_address(user)
    if address is None:
        return False
    token = export_token(user.id, export.id)
    mail = compose(user, EXPORT_READY, "export_ready", token=token, until=export.expires_at)
    _queue(user, EXPORT_READY, address, mail)
    return True


@action
def queue_notification_mails(now: datetime | None = None) -> int:
    """One mail per person for the notifications they have not seen within the delay.

    Every notification looked at is marked mailed, sent or not (the person does not want mail,
    has no confirmed address, or has read it), so that each is considered once.
    """
    now = now or utcnow()
    cutoff = now - timedelta(minutes=current_app.config["MAIL_NOTIFICATION_DELAY"])
    pending = db.session.scalars(
        select(Notification)
        .where(
            Notification.mailed_at.is_(None),
            Notification.read_at.is_(None),
            Notification.created_at <= cutoff,
        )
        .order_by(Notification.user_id, Notification.id)
    ).all()
    by_user: dict[int, list[Notification]] = {}
    for notification in pending:
        by_user.setdefault(notification.user_id, []).append(notification)
    sent = 0
    for user_id, notifications in by_user.items():
        user = db.session.get(User, user_id)
        address = verified_address(user) if user else None
        if address and mail_settings(user_id).notifications:
            shown = [n for n in notifications if may_see_notification(user, n)]
            if shown:
                mail = compose(
                    user, NOTIFICATIONS, "notifications", notifications=shown, headline=headline
                )
                _queue(user, NOTIFICATIONS, address, mail)
                sent += 1
    if pending:
        db.session.execute(
            update(Notification)
            .where(Notification.id.in_([n.id for n in pending]))
            .values(mailed_at=now)
            .execution_options(synchronize_session=False)
        )
    return sent


def _digest_due(settings: MailSettings, now: datetime) -> bool:
    if settings.digest == DIGEST_OFF:
        return False
    period = timedelta(days=1 if settings.digest == DIGEST_DAILY else 7)
    last = settings.last_digest_at
    return last is None or last + period <= now


@action
def queue_digests(now: datetime | None = None) -> int:
    """A digest of new topics in the spaces a person watches or tracks, daily or weekly."""
    now = now or utcnow()
    watchers = db.session.scalars(
        select(Watch.user_id).where(Watch.space_id.is_not(None), Watch.level >= TRACKING).distinct()
    ).all()
    sent = 0
    for user_id in watchers:
        user = db.session.get(User, user_id)
        settings = db.session.get(MailSettings, user_id)
        if settings is None:
            settings = MailSettings(user_id=user_id, notifications=True, digest="weekly")
            db.session.add(settings)
        address = verified_address(user) if user else None
        if address is None or not _digest_due(settings, now):
            continue
        period = timedelta(days=1 if settings.digest == DIGEST_DAILY else 7)
        since = settings.last_digest_at or now - period
        spaces = select(Watch.space_id).where(Watch.user_id == user_id, Watch.level >= TRACKING)
        topics = [
            topic
            for topic in db.session.scalars(
                select(Topic)
                .where(
                    Topic.space_id.in_(spaces),
                    Topic.created_at > since,
                    Topic.deleted_at.is_(None),
                    Topic.listed.is_(True),
                )
                .order_by(Topic.created_at.desc())
                .limit(DIGEST_TOPICS)
            )
            if can(user, READ, topic)
        ]
        settings.last_digest_at = now
        if topics:
            _queue(user, DIGEST, address, compose(user, DIGEST, "digest", topics=topics))
            sent += 1
    return sent


@action
def claim_mail(mail_id: int, now: datetime | None = None) -> bool:
    """Take a due mail for sending. The claim holds for SEND_LEASE, so that two workers never
    send the same mail, and a worker that died mid-send leaves it to be tried again."""
    now = now or utcnow()
    claimed = db.session.execute(
        update(OutgoingMail)
        .where(
            OutgoingMail.id == mail_id,
            OutgoingMail.sent_at.is_(None),
            OutgoingMail.failed_at.is_(None),
            OutgoingMail.next_attempt_at.is_(None) | (OutgoingMail.next_attempt_at <= now),
        )
        .values(next_attempt_at=now + SEND_LEASE)
        .execution_options(synchronize_session=False)
    ).rowcount
    return claimed == 1


@action
def record_attempt(mail_id: int, *, error: str | None = None, permanent: bool = False) -> None:
    """Note how sending went. A temporary failure is retried later, waiting longer each time;
    after MAIL_MAX_ATTEMPTS, or on a permanent refusal, the mail is kept as failed."""
    mail = db.session.get(OutgoingMail, mail_id)
    if mail is None:
        raise NotFound(_("No such mail."))
    now = utcnow()
    mail.attempts += 1
    if error is None:
        mail.sent_at, mail.last_error = now, ""
        return
    mail.last_error = error[:ERROR_MAX]
    if permanent or mail.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        mail.failed_at = now
    else:
        mail.next_attempt_at = now + timedelta(minutes=min(2**mail.attempts, 360))


@action
def update_mail_settings(user: User, *, notifications: bool, digest: str) -> None:
    if digest not in DIGESTS:
        raise ValidationError(_("Choose how often the digest comes."), field="digest")
    settings = db.session.get(MailSettings, user.id)
    if settings is None:
        settings = MailSettings(user_id=user.id)
        db.session.add(settings)
    settings.notifications, settings.digest = notifications, digest


@action
def unsubscribe(user_id: int, kind: str) -> None:
    """Stop one kind of mail, as the link in it asks."""
    if kind not in UNSUBSCRIBABLE:
        raise ValidationError(_("This link is not valid."))
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("This link is not valid."))
    current = mail_settings(user_id)
    update_mail_settings(
        user,
        notifications=current.notifications and kind != NOTIFICATIONS,
        digest=DIGEST_OFF if kind == DIGEST else current.digest,
    )
