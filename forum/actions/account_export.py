"""Data exports of large accounts, built by the worker: requested from the settings page, the
ZIP written under the export directory, the person told by notification (and e-mail when their
address is confirmed), the file deleted when its time is up or the account is erased.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select

from forum.actions.base import action, on_commit
from forum.actions.errors import Conflict
from forum.actions.mail import queue_export_mail
from forum.actions.notifications import announce
from forum.extensions import db
from forum.models import AccountExport, Notification, User
from forum.models.account_export import FAILED, PENDING, READY
from forum.models.base import utcnow
from forum.models.notification import EXPORT

log = logging.getLogger(__name__)


def export_directory() -> Path:
    configured = current_app.config.get("EXPORT_DIRECTORY")
    return Path(configured) if configured else Path(current_app.instance_path) / "exports"


def export_path(export: AccountExport) -> Path | None:
    return export_directory() / export.file_name if export.file_name else None


def _remove_files_on_commit(exports: list[AccountExport]) -> None:
    paths = [path for export in exports if (path := export_path(export)) is not None]
    if paths:
        on_commit(lambda: [path.unlink(missing_ok=True) for path in paths])


@action
def create_export(user: User) -> AccountExport:
    """Queue the building of ``user``'s export; one at a time per person."""
    pending = db.session.scalar(
        select(AccountExport.id).where(
            AccountExport.user_id == user.id, AccountExport.status == PENDING
        )
    )
    if pending is not None:
        raise Conflict(_("Your data export is being prepared already."))
    export = AccountExport(user_id=user.id, status=PENDING)
    db.session.add(export)
    db.session.flush()
    return export


def request_export(user: User) -> AccountExport:
    """Create the export, then hand it to the worker (with an immediate queue, build it here)."""
    from forum.tasks import build_account_export

    export = create_export(user)
    build_account_export(export.id)
    return export


@action
def build_export(export_id: int, now: datetime | None = None) -> AccountExport | None:
    """Write the ZIP, mark the export ready until EXPORT_KEEP_HOURS from now and tell the
    person. Older exports of theirs are replaced."""
    from forum.auth.export import export_zip

    export = db.session.get(AccountExport, export_id)
    if export is None or export.status != PENDING:
        return None
    user = db.session.get(User, export.user_id)
    directory = export_directory()
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_urlsafe(24)}.zip"
    try:
        data = export_zip(user)
        (directory / name).write_bytes(data)
    except Exception:
        (directory / name).unlink(missing_ok=True)
        log.exception("the data export %s could not be built", export_id)
        export.status = FAILED
        return export
    older = list(
        db.session.scalars(
            select(AccountExport).where(
                AccountExport.user_id == user.id,
                AccountExport.status == READY,
                AccountExport.id != export.id,
            )
        )
    )
    _remove_files_on_commit(older)
    for old in older:
        db.session.delete(old)
    now = now or utcnow()
    export.status, export.file_name, export.size = READY, name, len(data)
    export.ready_at = now
    export.expires_at = now + timedelta(hours=current_app.config["EXPORT_KEEP_HOURS"])
    notification = Notification(
        user_id=user.id, kind=EXPORT, data={"until": export.expires_at.isoformat()}
    )
    db.session.add(notification)
    if queue_export_mail(user, export):
        notification.mailed_at = now  # told by its own mail already
    announce([notification])
    return export


@action
def expire_exports(now: datetime | None = None) -> int:
    """Delete the exports (rows and files) whose time is up; returns how many."""
    expired = list(
        db.session.scalars(
            select(AccountExport).where(AccountExport.expires_at <= (now or utcnow()))
        )
    )
    _remove_files_on_commit(expired)
    for export in expired:
        db.session.delete(export)
    return len(expired)


def erase_exports(user: User) -> None:
    """An erased account's exports go, files included (inside the erasure's transaction)."""
    exports = list(
        db.session.scalars(select(AccountExport).where(AccountExport.user_id == user.id))
    )
    _remove_files_on_commit(exports)
    db.session.execute(delete(AccountExport).where(AccountExport.user_id == user.id))
