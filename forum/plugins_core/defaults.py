"""The core's own implementations of plugin hooks: it shows what plugins gather, authorises its
own rooms, and puts what a person wrote into their export and erasure, through the same hooks a
plugin uses.

pluggy takes one implementation of a hook per registered object, so a second export section is
its own small part (registered as ``core.<part>``; ``core`` and its parts are always on).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import render_template
from flask_login import current_user

from forum.plugin_api import hookimpl


@hookimpl
def forum_tpl_header_nav() -> str | None:
    from forum.plugins_core.calls import navigation

    items = navigation(current_user)
    return render_template("plugins/_nav_items.html", items=items) if items else None


@hookimpl
def forum_tpl_admin_menu() -> str:
    from forum.plugins_core.calls import admin_pages

    return render_template("plugins/_admin_items.html", pages=admin_pages())


@hookimpl
def forum_load_room_authorisers() -> Mapping[str, Callable[[Any, int], bool]]:
    from forum.realtime.rooms import CORE_ROOMS

    return CORE_ROOMS


@hookimpl
def forum_account_export(user: Any) -> tuple[str, Any]:
    from forum.actions.own_content import export_posts

    return export_posts(user)


@hookimpl
def forum_account_erase(user: Any, delete_content: bool) -> None:
    from forum.actions.account_export import erase_exports
    from forum.actions.own_content import erase_content
    from forum.search import forget_erased_account

    forget_erased_account(user, delete_content)
    erase_content(user, delete_content)
    erase_exports(user)


class Activity:
    """The export's reactions and bookmarks."""

    @hookimpl
    def forum_account_export(self, user: Any) -> tuple[str, Any]:
        from forum.actions.own_content import export_reactions_and_bookmarks

        return export_reactions_and_bookmarks(user)


class Events:
    """The export's event registrations; erasure frees the person's places."""

    @hookimpl
    def forum_account_export(self, user: Any) -> tuple[str, Any]:
        from forum.actions.event_data import export_registrations

        return export_registrations(user)

    @hookimpl
    def forum_account_erase(self, user: Any, delete_content: bool) -> None:
        from forum.actions.event_data import erase_registrations

        erase_registrations(user, delete_content)


class PluginProfiles:
    """The values of plugins' extra profile fields, exported and erased whatever the plugin's
    state: a person's data is theirs."""

    @hookimpl
    def forum_account_export(self, user: Any) -> tuple[str, Any]:
        from forum.actions.plugin_profiles import export_plugin_values

        return export_plugin_values(user)

    @hookimpl
    def forum_account_erase(self, user: Any, delete_content: bool) -> None:
        from forum.actions.plugin_profiles import erase_plugin_values

        erase_plugin_values(user)


#: Further parts of the core, by the name they are registered under.
PARTS: dict[str, object] = {
    "core.activity": Activity(),
    "core.events": Events(),
    "core.plugin_profiles": PluginProfiles(),
}
