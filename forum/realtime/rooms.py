"""Room names and who may join them: the same ``can(user, "read", ...)`` as the pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from forum.extensions import db
from forum.models import Space, Topic
from forum.models.space import READ
from forum.permissions import can
from forum.plugins_core.calls import room_authoriser

ROOM_RE = re.compile(r"^([a-z][a-z_-]{0,30}):(\d{1,12})$")
#: Rooms of other kinds (plugins): kind -> authorise(user, id) -> bool.
ROOM_AUTHORISERS: dict[str, Callable[[Any, int], bool]] = {}


def parse(room: object) -> tuple[str, int] | None:
    if not isinstance(room, str):
        return None
    match = ROOM_RE.match(room)
    return (match.group(1), int(match.group(2))) if match else None


def may_join(user: Any, kind: str, ident: int) -> bool:
    if kind == "topic":
        topic = db.session.get(Topic, ident)
        return topic is not None and can(user, READ, topic)
    if kind == "space":
        space = db.session.get(Space, ident)
        return space is not None and can(user, READ, space)
    if kind == "user":
        return bool(getattr(user, "is_authenticated", False)) and user.id == ident
    authorise = ROOM_AUTHORISERS.get(kind) or room_authoriser(kind)
    return authorise is not None and authorise(user, ident)
