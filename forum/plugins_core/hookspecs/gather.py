"""Gather hooks (``forum_gather_*``): each enabled plugin adds items to a list the core shows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from forum.plugins_core.hookspecs import hookspec
from forum.plugins_core.hookspecs.items import (
    AdminPage,
    DirectoryFilter,
    DocumentType,
    NavItem,
    ProfileField,
)


@hookspec
def forum_gather_navigation(user: Any) -> list[NavItem]:
    """Links for the main navigation, for ``user`` (anonymous or signed in).

    Example: ``return [NavItem("regions.index", _("Regions"), order=20)]``.
    """


@hookspec
def forum_gather_admin_pages() -> list[AdminPage]:
    """Pages in the administration menu. Example:
    ``return [AdminPage("example.admin", _("Example"))]``."""


@hookspec
def forum_gather_search_documents() -> list[DocumentType]:
    """Search document types (see DocumentType). They are indexed whether the plugin is on or
    off; while it is off (or failing) its documents drop out of every result and count.

    Example::

        @hookimpl
        def forum_gather_search_documents():
            return [DocumentType("practices", _("Good practice"), load_practice,
                                 practice_ids, lambda ident: f"/practices/{ident}")]
    """


@hookspec
def forum_gather_notification_types() -> list[str]:
    """Notification kinds the plugin sends with forum.actions.plugin_notifications.notify;
    they are hidden while the plugin is off. Example: ``return ["community.invited"]``."""


@hookspec
def forum_gather_profile_fields() -> list[ProfileField]:
    """Extra profile fields (see ProfileField). People fill them in at /settings/profile, each
    with its who-sees-it choice; the core validates (type, choices, length), stores, shows them
    on /u/<username>, exports and erases them. While the plugin is off they vanish everywhere.

    Example::

        @hookimpl
        def forum_gather_profile_fields():
            return [
                ProfileField("motto", _("Motto"), max_length=80),
                ProfileField("stage", _("Stage"), "choice",
                             choices=(("idea", _("Idea")), ("pilot", _("Pilot")))),
                ProfileField("portfolio", _("Portfolio"), "url"),
            ]
    """


@hookspec
def forum_gather_directory_filters() -> list[DirectoryFilter]:
    """Filters of the people directory (see DirectoryFilter), shown in its form and accepted by
    /directory and /api/v1/directory as the query parameter ``name``. While the plugin is off
    the filter disappears and its parameter is ignored.

    Example, on the plugin's own profile field (a hidden value never matches for others)::

        @hookimpl
        def forum_gather_directory_filters():
            return [DirectoryFilter("example_stage", _("Stage"),
                                    (("idea", _("Idea")), ("pilot", _("Pilot"))), field="stage")]

    or with ``narrow=lambda query, value, viewer: query.where(...)`` for any other criterion.
    """


@hookspec
def forum_gather_api_resources() -> Mapping[str, Any]:
    """OpenAPI path items for the plugin's API routes, merged into /api/v1/openapi.json.

    Example: ``return {"/example/notes": {"get": {"summary": "Notes", "responses": {...}}}}``.
    """
