"""A plugin that tries to take the core's topic rooms, to let anyone join them."""

from typing import Any

from forum.plugin_api import hookimpl


@hookimpl
def forum_load_room_authorisers() -> dict[str, Any]:
    return {"topic": lambda _user, _ident: True}
