"""Which plugins are on, read from the database once per request (or application context).

Every worker process reads the tiny ``plugin_states`` table and the Alembic version table on
its own, so switching a plugin on or off takes effect at the next request everywhere, with no
restart and no message between processes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, current_app, g, has_app_context
from flask_babel import gettext as _
from sqlalchemy import Connection, select, text
from sqlalchemy.exc import SQLAlchemyError

from forum.actions.base import borrowed_connection
from forum.extensions import db
from forum.models.plugin import PluginState
from forum.plugin_api import Setting
from forum.plugins_core import migrations
from forum.plugins_core.manager import CORE, PluginInfo, blueprint_plugin, plugins_of
from forum.text import clean_line

CACHE_KEY = "forum_plugin_state"
ENABLED_KEY = "forum_plugins_enabled"
TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class Status:
    """A plugin as the admin page and ``flask forum plugins list`` show it."""

    name: str
    distribution: str | None
    description: str
    state: str  # "enabled", "disabled" or "failed"
    reason: str
    settings: dict[str, Any]


@dataclass(frozen=True)
class Snapshot:
    rows: dict[str, tuple[bool, dict[str, Any]]]
    applied: frozenset[str] | None  # revisions in the database; None if unknown


def _read() -> Snapshot:
    """Read on the request's connection (in a read transaction of its own if the request has
    none open).

    In a transaction of its own, a missing table (before ``db upgrade``) reads as no state. In
    the request's open transaction it raises: the request runs on a database not migrated."""
    session = db.session()
    if session.in_transaction():
        return _read_on(session.connection())
    try:
        with borrowed_connection() as connection:
            return _read_on(connection)
    except SQLAlchemyError:
        return Snapshot({}, None)


def _read_on(connection: Connection) -> Snapshot:
    rows = {
        name: (enabled, settings or {})
        for name, enabled, settings in connection.execute(
            select(PluginState.name, PluginState.enabled, PluginState.settings)
        )
    }
    heads = [r for (r,) in connection.execute(text("SELECT version_num FROM alembic_version"))]
    return Snapshot(rows, migrations.applied_revisions(current_app, heads))


def snapshot() -> Snapshot:
    if not has_app_context():
        return _read()
    cached = g.get(CACHE_KEY)
    if cached is None:
        cached = _read()
        setattr(g, CACHE_KEY, cached)
    return cached


def forget() -> None:
    """Read the state again at its next use (after this context changed it)."""
    if has_app_context():
        g.pop(CACHE_KEY, None)


def validate_settings(schema: dict[str, Setting], values: dict[str, Any]) -> dict[str, Any]:
    """Typed values for ``values`` (strings from a form or the command line are converted).
    Raises ValueError with a message naming the setting."""
    unknown = sorted(set(values) - set(schema))
    if unknown:
        raise ValueError(_("Unknown setting: %(name)s.", name=", ".join(unknown)))
    return {key: _convert(key, schema[key], value) for key, value in values.items()}


def _convert(key: str, setting: Setting, value: Any) -> Any:
    if setting.type == "bool":
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in TRUE | FALSE:
            return word in TRUE
        raise ValueError(_("%(name)s must be true or false.", name=key))
    if setting.type == "int":
        try:
            number = int(str(value).strip())
        except ValueError:
            raise ValueError(_("%(name)s must be a whole number.", name=key)) from None
        low, high = setting.minimum, setting.maximum
        if (low is not None and number < low) or (high is not None and number > high):
            raise ValueError(
                _("%(name)s must be between %(low)s and %(high)s.", name=key, low=low, high=high)
            )
        return number
    if setting.type == "choice":
        if value not in setting.choices:
            raise ValueError(
                _(
                    "%(name)s must be one of: %(choices)s.",
                    name=key,
                    choices=", ".join(setting.choices),
                )
            )
        return value
    line = clean_line(str(value), field=key)
    if len(line) > setting.max_length:
        raise ValueError(
            _("%(name)s has at most %(max)d characters.", name=key, max=setting.max_length)
        )
    return line


def _problem(info: PluginInfo, snap: Snapshot) -> str | None:
    if info.error:
        return info.error
    stored = snap.rows.get(info.name, (True, {}))[1]
    try:
        validate_settings(info.schema, stored)
    except ValueError as error:
        return f"settings: {error}"
    if info.migrations and snap.applied is not None:
        missing = migrations.branch_heads(current_app, info.migrations) - snap.applied
        if missing:
            return f"migration {', '.join(sorted(missing))} is not applied (flask db upgrade)"
    return None


def _enabled(info: PluginInfo, snap: Snapshot) -> bool:
    row = snap.rows.get(info.name)
    return row[0] if row else info.default_enabled


def enabled_names() -> frozenset[str]:
    """Plugins whose hooks run now: loaded, switched on, valid settings, migrated.

    Every template hook asks (a topic page once per post), so the answer is kept beside the
    snapshot it came from and is worked out again when the snapshot is."""
    snap = snapshot()
    kept = g.get(ENABLED_KEY) if has_app_context() else None
    if kept is not None and kept[0] is snap:
        return kept[1]
    infos = plugins_of(current_app).infos.values()
    names = frozenset({i.name for i in infos if _enabled(i, snap) and _problem(i, snap) is None})
    names |= {CORE}
    if has_app_context():
        setattr(g, ENABLED_KEY, (snap, names))
    return names


def plugin_enabled(name: str) -> bool:
    return name in enabled_names()


def settings_of(name: str) -> dict[str, Any]:
    """The plugin's settings: its schema's defaults overlaid with the stored values."""
    info = plugins_of(current_app).infos[name]
    stored = snapshot().rows.get(name, (True, {}))[1]
    return {key: stored.get(key, setting.default) for key, setting in info.schema.items()}


def statuses() -> list[Status]:
    plugins = plugins_of(current_app)
    snap = snapshot()
    result = []
    for info in plugins.infos.values():
        problem = _problem(info, snap) or plugins.runtime_failures.get(info.name)
        if _problem(info, snap):
            state = "failed"
        else:
            state = "enabled" if _enabled(info, snap) else "disabled"
        settings = settings_of(info.name) if info.loaded else {}
        result.append(
            Status(info.name, info.distribution, info.description, state, problem or "", settings)
        )
    return result


def refuse_disabled_blueprint() -> None:
    """Routes, templates and static files of a switched-off or failed plugin answer 404."""
    owner = blueprint_plugin()
    if owner is not None and not plugin_enabled(owner):
        abort(404)
