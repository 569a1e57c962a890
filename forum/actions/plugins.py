"""Switching plugins on and off and changing their settings (administrators only).

The change takes effect at the next request in every worker process: each reads the state
table once per request (forum/plugins_core/state.py).
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext as _

from forum.actions.base import action, on_commit
from forum.actions.errors import NotFound, PermissionDenied, ValidationError
from forum.extensions import db
from forum.models import User
from forum.models.plugin import PluginState
from forum.permissions import is_admin
from forum.plugins_core.manager import plugins_of
from forum.plugins_core.state import forget, validate_settings


def _state(actor: User | None, name: str) -> PluginState:
    """``actor`` None is the command line, run by whoever runs the server."""
    if actor is not None and not is_admin(actor):
        raise PermissionDenied(_("Only administrators can manage plugins."))
    if name not in plugins_of(current_app).infos:
        raise NotFound(_("No plugin called %(name)s is installed.", name=name))
    state = db.session.get(PluginState, name)
    if state is None:
        info = plugins_of(current_app).infos[name]
        state = PluginState(name=name, enabled=info.default_enabled, settings={})
        db.session.add(state)
    forget()
    on_commit(forget)
    return state


@action
def set_plugin_enabled(actor: User | None, name: str, enabled: bool) -> None:
    info = plugins_of(current_app).infos.get(name)
    if enabled and info is not None and not info.loaded:
        raise ValidationError(
            _("The plugin %(name)s failed to load: %(reason)s", name=name, reason=info.error)
        )
    _state(actor, name).enabled = enabled


@action
def update_plugin_settings(actor: User | None, name: str, values: dict[str, Any]) -> None:
    """Merge ``values`` (typed, or strings from a form) into the plugin's settings."""
    state = _state(actor, name)
    info = plugins_of(current_app).infos[name]
    try:
        clean = validate_settings(info.schema, values)
    except ValueError as error:
        raise ValidationError(str(error), field="settings") from None
    state.settings = {**(state.settings or {}), **clean}
