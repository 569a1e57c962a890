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


def parse(room: object) -> tuple[str, int] | None:
    if not isinstance(room, str):
        return None
    match = ROOM_RE.match(room)
    return (match.group(1), int(match.group(2))) if match else None


def _topic(user: Any, ident: int) -> bool:
    topic = db.session.get(Topic, ident)
    return topic is not None and can(user, READ, topic)


def _space(user: Any, ident: int) -> bool:
    space = db.session.get(Space, ident)
    return space is not None and can(user, READ, space)


def _own(user: Any, ident: int) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.id == ident


#: The core's room kinds, given to forum_load_room_authorisers (forum/plugins_core/defaults.py)
#: like a plugin's.
CORE_ROOMS: dict[str, Callable[[Any, int], bool]] = {"topic": _topic, "space": _space, "user": _own}


def may_join(user: Any, kind: str, ident: int) -> bool:
    """Whether ``user`` may join room ``kind:ident``: the authoriser of the kind's owner (the
    core, or a plugin while it is on) decides."""
    authorise = room_authoriser(kind)
    return authorise is not None and bool(authorise(user, ident))
