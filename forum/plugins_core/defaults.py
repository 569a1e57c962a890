"""The core's own implementations of plugin hooks: it shows what plugins gather."""

from __future__ import annotations

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
