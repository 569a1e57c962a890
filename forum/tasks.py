"""The background tasks. Each runs in the application's context and changes state through
forum/actions/. Periodic ones run in ``flask forum worker``."""

from __future__ import annotations

from huey import crontab

from forum.actions.account_export import build_export, expire_exports
from forum.actions.mail import queue_digests, queue_notification_mails
from forum.actions.request_keys import forget_old_request_keys
from forum.background import huey, in_app_context
from forum.notify.outbox import deliver_due


@huey.task()
@in_app_context
def deliver_mail() -> tuple[int, int]:
    """Send what is due in the outbox."""
    return deliver_due()


@huey.periodic_task(crontab(minute="*"))
@in_app_context
def mail_notifications() -> tuple[int, int]:
    """Every minute: mail the notifications people have not seen, then retry what is due."""
    queue_notification_mails()
    return deliver_due()


@huey.periodic_task(crontab(minute="7"))
@in_app_context
def mail_digests() -> tuple[int, int]:
    """Every hour: queue the daily and weekly digests that are due, and send them."""
    queue_digests()
    return deliver_due()


@huey.task()
@in_app_context
def build_account_export(export_id: int) -> None:
    """Build a large account's data export and tell its owner."""
    build_export(export_id)


@huey.periodic_task(crontab(minute="*/10"))
@in_app_context
def expire_account_exports() -> int:
    """Every ten minutes: delete the data exports whose time is up."""
    return expire_exports()


@huey.periodic_task(crontab(minute="23"))
@in_app_context
def expire_request_keys() -> int:
    """Every hour: forget the idempotency keys of writes older than a day."""
    return forget_old_request_keys()
