"""Calling hooks: only enabled plugins', each in isolation.

pluggy registers and validates the implementations; the forum calls them one by one so that a
plugin whose hook raises is logged, recorded as failing (admin page, ``flask forum check``) and
skipped, while the request, the action or the page goes on. The core's own implementations
(plugin name ``core``) and the typed errors of actions (a refusal) are not swallowed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from flask import current_app
from markupsafe import Markup

from forum.actions.base import on_commit
from forum.actions.errors import ActionError
from forum.plugin_api import AdminPage, DirectoryFilter, DocumentType, NavItem, ProfileField
from forum.plugins_core.hookspecs.items import PROFILE_FIELD_TYPES
from forum.plugins_core.manager import CORE, is_core, plugins_of
from forum.plugins_core.state import enabled_names

log = logging.getLogger(__name__)

#: What a plugin profile field may be called (it is stored in a 40-character column).
FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")

#: Real-time events (forum/event_types.py) that plugins receive, and the hook each calls.
EVENT_HOOKS = {
    "topic.created": "forum_event_topic_created",
    "post.created": "forum_event_post_created",
    "post.updated": "forum_event_post_edited",
    "post.hidden": "forum_event_post_hidden",
    "post.deleted": "forum_event_post_deleted",
    "reaction.changed": "forum_event_reaction_changed",
    "flag.raised": "forum_event_flag_raised",
    "moderation.act": "forum_event_moderation_act",
    "event.registration": "forum_event_event_registration",
}


def call_hook(
    name: str, *, strict: bool = False, disabled_too: bool = False, **kwargs: Any
) -> list[tuple[str, Any]]:
    """Call hook ``name`` on the core and every enabled plugin, last registered first.

    Returns ``(plugin, result)`` for each result that is not None. With ``strict`` a failing
    plugin's error propagates (for hooks whose failure must undo the action, like erasure);
    ``disabled_too`` reaches switched-off plugins as well (a person's data is theirs whether
    or not the plugin is on).
    """
    plugins = plugins_of(current_app)
    enabled = {CORE, *plugins.loaded_names()} if disabled_too else enabled_names()
    results = []
    for impl in reversed(getattr(plugins.pm.hook, name).get_hookimpls()):
        plugin = impl.plugin_name
        if plugin not in enabled and not is_core(plugin):
            continue
        try:
            result = impl.function(*[kwargs[arg] for arg in impl.argnames])
        except ActionError:
            raise
        except Exception as error:
            if is_core(plugin) or strict:
                raise
            plugins.runtime_failures[plugin] = f"{name}: {type(error).__name__}: {error}"
            log.exception("plugin %s failed in %s", plugin, name)
            continue
        if result is not None:
            results.append((plugin, result))
    return results


def gather(name: str, **kwargs: Any) -> list[Any]:
    """The items every enabled plugin returns from a ``forum_gather_*`` hook, in one list."""
    items: list[Any] = []
    for _plugin, result in call_hook(name, **kwargs):
        items.extend(result)
    return items


def run_hook(name: str, **kwargs: Any) -> Markup:
    """HTML of a template slot: what each enabled plugin returns, joined. Plugins are trusted
    code; they render their HTML with autoescaping templates."""
    if not name.startswith("forum_tpl_"):
        raise ValueError(f"{name} is not a template slot")
    parts = [html for _plugin, html in call_hook(name, **kwargs) if html]
    # Plugin output is the HTML of installed code (autoescaped templates), as the core's is.
    return Markup("\n").join(Markup(html) for html in parts)  # noqa: S704


def fire_event(event: str, payload: Mapping[str, Any]) -> None:
    """Call the event's hook (run after commit, from forum/events.py)."""
    hook = EVENT_HOOKS.get(event)
    if hook is not None:
        call_hook(hook, payload=payload)


def fire_on_commit(hook: str, **kwargs: Any) -> None:
    """Queue an event hook that has no real-time event of its own (user registered)."""
    on_commit(lambda: call_hook(hook, **kwargs))


def refusal(user: Any, topic: Any, raw: str) -> str | None:
    """The first message a post validator refuses a post with, or None."""
    for _plugin, message in call_hook(
        "forum_filter_post_validate", user=user, topic=topic, raw=raw
    ):
        if message:
            return str(message)
    return None


def navigation(user: Any) -> list[NavItem]:
    items = [i for i in gather("forum_gather_navigation", user=user) if isinstance(i, NavItem)]
    return sorted(items, key=lambda item: item.order)


def admin_pages() -> list[AdminPage]:
    return [p for p in gather("forum_gather_admin_pages") if isinstance(p, AdminPage)]


def _document_types(every: bool) -> list[tuple[str, DocumentType]]:
    """(plugin, type) for each search document type, named after the plugin that owns it."""
    types = []
    for plugin, items in call_hook("forum_gather_search_documents", disabled_too=every):
        for item in items:
            if isinstance(item, DocumentType) and (
                item.name == plugin or item.name.startswith(f"{plugin}_")
            ):
                types.append((plugin, item))
            else:
                failure = f"forum_gather_search_documents: {item!r} is not {plugin}_<name>"
                plugins_of(current_app).runtime_failures[plugin] = failure
    return types


def search_document_types() -> list[DocumentType]:
    """Document types of the enabled plugins: what search results may show now."""
    return [item for _plugin, item in _document_types(every=False)]


def indexed_document_types() -> dict[str, DocumentType]:
    """Document types of every loaded plugin, on or off: the index keeps them all, so that
    switching a plugin on or off changes results at once, with no re-indexing."""
    return {item.name: item for _plugin, item in _document_types(every=True)}


def hidden_document_types() -> frozenset[str]:
    """Types of the plugins that are off or failing now: search leaves their documents out."""
    enabled = enabled_names()
    return frozenset(item.name for plugin, item in _document_types(True) if plugin not in enabled)


def notification_kinds() -> frozenset[str]:
    """Notification kinds the enabled plugins send (forum/actions/plugin_notifications.py)."""
    return frozenset(str(kind) for kind in gather("forum_gather_notification_types"))


def hidden_notification_kinds() -> frozenset[str]:
    """Kinds of the plugins that are off or failing now: their notifications are not shown."""
    enabled = enabled_names()
    return frozenset(
        str(kind)
        for plugin, kinds in call_hook("forum_gather_notification_types", disabled_too=True)
        if plugin not in enabled
        for kind in kinds
    )


def api_paths() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for _plugin, resources in call_hook("forum_gather_api_resources"):
        paths.update(resources)
    return paths


def room_authoriser(kind: str) -> Any:
    """The authoriser of a plugin's room kind, or None (unknown kind, or plugin off)."""
    plugins = plugins_of(current_app)
    owner = plugins.room_authorisers.get(kind)
    if owner is None or owner[0] not in enabled_names():
        return None
    return owner[1]


def permission_verbs() -> list[str]:
    """Verbs plugins introduced (enabled or not: grants survive switching off)."""
    return sorted(plugins_of(current_app).verbs)


def route_enabled(endpoint: str) -> bool:
    """Whether the route of ``endpoint`` is served now (not a disabled plugin's)."""
    owners = plugins_of(current_app).blueprint_owners
    blueprint = endpoint.rpartition(".")[0]
    while blueprint:
        if blueprint in owners:
            return owners[blueprint] in enabled_names()
        blueprint = blueprint.rpartition(".")[0]
    return True


def markup_additions() -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """Tags and plain attributes of the enabled plugins' allow-list additions."""
    plugins = plugins_of(current_app)
    enabled = enabled_names()
    tags: set[str] = set()
    attributes: dict[str, frozenset[str]] = {}
    for name, (more_tags, more_attributes) in plugins.markup.items():
        if name in enabled:
            tags |= more_tags
            for tag, names in more_attributes.items():
                attributes[tag] = attributes.get(tag, frozenset()) | names
    return frozenset(tags), attributes


def _own_items(hook: str, kind: type, every: bool = False) -> list[tuple[str, Any]]:
    """(plugin, item) for each item of ``kind`` a plugin returns from ``hook``; a mapping is
    read as the item's fields. An item that cannot be read marks the plugin failing."""
    items = []
    for plugin, results in call_hook(hook, disabled_too=every):
        for item in results:
            try:
                items.append((plugin, item if isinstance(item, kind) else kind(**item)))
            except TypeError as error:
                plugins_of(current_app).runtime_failures[plugin] = f"{hook}: {item!r}: {error}"
    return items


def profile_fields(every: bool = False) -> list[tuple[str, ProfileField]]:
    """(plugin, field) for each extra profile field of the enabled (or, with ``every``, all
    loaded) plugins; a field with a type the core does not know or a name it cannot store
    marks its plugin failing and is left out."""
    fields = []
    for plugin, item in _own_items("forum_gather_profile_fields", ProfileField, every):
        if item.type in PROFILE_FIELD_TYPES and FIELD_NAME.fullmatch(item.name):
            fields.append((plugin, item))
        else:
            failure = f"forum_gather_profile_fields: {item!r} has an unknown type or bad name"
            plugins_of(current_app).runtime_failures[plugin] = failure
    return fields


def directory_filters() -> list[tuple[str, DirectoryFilter]]:
    """(plugin, filter) for the enabled plugins' directory filters, each named after its
    plugin (``<plugin>`` or ``<plugin>_<thing>``), so no filter takes a core parameter."""
    return [
        (plugin, item)
        for plugin, item in _own_items("forum_gather_directory_filters", DirectoryFilter)
        if item.name == plugin or item.name.startswith(f"{plugin}_")
    ]


def narrowed(plugin: str, item: DirectoryFilter, query: Any, value: str, viewer: Any) -> Any:
    """The directory query narrowed by a plugin's filter; a filter that raises marks its
    plugin failing and narrows nothing, so the directory still answers."""
    if item.narrow is None:
        return query
    try:
        return item.narrow(query, value, viewer)
    except Exception as error:
        plugins_of(current_app).runtime_failures[plugin] = f"{item.name}: {error!r}"
        log.exception("plugin %s failed in directory filter %s", plugin, item.name)
        return query
