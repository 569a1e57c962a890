"""Notifications that plugins send, of the kinds they declare (forum_gather_notification_types).

They reach the person as the core's do: the notifications page, the count in the header, the
live layer and, unseen, the notification mail. While the plugin is switched off they are not
shown.
"""

from __future__ import annotations

from flask_babel import gettext as _

from forum.actions.base import action
from forum.actions.errors import ValidationError
from forum.actions.notifications import announce
from forum.extensions import db
from forum.models import Notification, User
from forum.plugins_core.calls import notification_kinds
from forum.text import clean_line

TEXT_MAX = 300
KIND_MAX = 20  # notifications.kind


@action
def notify(
    recipient: User, kind: str, text: str, url: str | None = None, actor: User | None = None
) -> Notification:
    """Tell ``recipient`` something: ``text`` is the line they see, ``url`` a path on this site
    that opening the notification leads to."""
    if kind not in notification_kinds() or len(kind) > KIND_MAX:
        raise ValidationError(_("Unknown kind of notification: %(kind)s.", kind=kind))
    line = clean_line(text, field="text")[:TEXT_MAX]
    if url is not None and (not url.startswith("/") or url.startswith("//")):
        raise ValidationError(_("A notification links to a page of this forum."), field="url")
    notification = Notification(
        user_id=recipient.id,
        kind=kind,
        actor_id=actor.id if actor else None,
        data={"message": line, **({"url": url} if url else {})},
    )
    db.session.add(notification)
    announce([notification])
    return notification
