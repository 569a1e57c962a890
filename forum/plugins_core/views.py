"""Administration of plugins: state, failures with their reasons, switching, settings."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.actions.errors import ActionError
from forum.actions.plugins import set_plugin_enabled, update_plugin_settings
from forum.permissions import is_admin
from forum.plugins_core.manager import plugins_of
from forum.plugins_core.state import statuses

bp = Blueprint("admin_plugins", __name__, url_prefix="/admin/plugins")


@bp.before_request
def administrators_only() -> None:
    if not is_admin(current_user):
        abort(403 if current_user.is_authenticated else 404)


def _page(error: ActionError | None = None, name: str | None = None, status: int = 200):
    infos = plugins_of(current_app).infos
    return (
        render_template(
            "admin/plugins.html",
            plugins=statuses(),
            schemas={n: info.schema for n, info in infos.items()},
            error=error,
            error_plugin=name,
        ),
        status,
    )


@bp.get("/")
def index():
    return _page()


@bp.post("/<name>/state")
def switch(name: str):
    enable = request.form.get("enabled") == "1"
    try:
        set_plugin_enabled(current_user, name, enable)
    except ActionError as error:
        return _page(error, name, error.status)
    flash(
        _("%(name)s is on.", name=name) if enable else _("%(name)s is off.", name=name), "success"
    )
    return redirect(url_for("admin_plugins.index"))


@bp.post("/<name>/settings")
def settings(name: str):
    info = plugins_of(current_app).infos.get(name)
    if info is None:
        abort(404)
    values = {}
    for key, setting in info.schema.items():
        if setting.type == "bool":
            values[key] = f"setting-{key}" in request.form
        elif f"setting-{key}" in request.form:
            values[key] = request.form[f"setting-{key}"]
    try:
        update_plugin_settings(current_user, name, values)
    except ActionError as error:
        return _page(error, name, error.status)
    flash(_("The settings of %(name)s are saved.", name=name), "success")
    return redirect(url_for("admin_plugins.index"))
