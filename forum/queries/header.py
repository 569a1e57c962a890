"""The counts in the page header, asked on every page a signed-in person opens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from forum.extensions import db
from forum.queries.conversations import UNREAD_CONVERSATIONS
from forum.queries.notifications import UNREAD, unread_parameters


@dataclass(frozen=True)
class HeaderCounts:
    messages: int = 0  # conversations with posts the person has not read
    notifications: int = 0  # unread notifications


_COUNTS = select(
    UNREAD_CONVERSATIONS.scalar_subquery().label("messages"),
    UNREAD.scalar_subquery().label("notifications"),
)


def header_counts(user: Any) -> HeaderCounts:
    """Every count of the header in one statement."""
    if not getattr(user, "is_authenticated", False):
        return HeaderCounts()
    row = db.session.execute(_COUNTS, unread_parameters(user)).one()
    return HeaderCounts(messages=row.messages, notifications=row.notifications)
