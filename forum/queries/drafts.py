"""A person's saved drafts."""

from __future__ import annotations

from typing import Any

from forum.extensions import db
from forum.models import Draft


def draft_for(user: Any, key: str) -> Draft | None:
    return db.session.get(Draft, (user.id, key))
