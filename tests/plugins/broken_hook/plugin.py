"""A plugin whose hooks raise at run time."""

from typing import Any

from forum.plugin_api import hookimpl


@hookimpl
def forum_tpl_home_sections() -> str:
    raise RuntimeError("the home section broke")


@hookimpl
def forum_event_post_created(payload: Any) -> None:
    raise RuntimeError("the post event broke")


@hookimpl
def forum_filter_post_validate(user: Any, topic: Any, raw: str) -> str | None:
    raise RuntimeError("the validator broke")
