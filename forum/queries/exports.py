"""A person's background data exports, as the settings page and the download show them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from forum.extensions import db
from forum.models import AccountExport
from forum.models.account_export import READY
from forum.models.base import utcnow


def exports_of(user: Any) -> list[AccountExport]:
    """The person's exports that are being built or can be downloaded, newest first."""
    return list(
        db.session.scalars(
            select(AccountExport)
            .where(AccountExport.user_id == user.id)
            .where((AccountExport.expires_at.is_(None)) | (AccountExport.expires_at > utcnow()))
            .order_by(AccountExport.id.desc())
        )
    )


def ready_export(user: Any, export_id: int) -> AccountExport | None:
    """The person's own export ``export_id``, if it is ready and its time is not up."""
    export = db.session.get(AccountExport, export_id)
    if export is None or export.user_id != user.id or export.status != READY:
        return None
    if export.expires_at is None or export.expires_at <= utcnow():
        return None
    return export
