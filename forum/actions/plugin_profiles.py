"""The values of plugins' extra profile fields (forum_gather_profile_fields): set by the person
with their profile, exported with their data and erased with their account."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, select

from forum.actions.errors import ValidationError
from forum.actions.organisations import web_address
from forum.extensions import db
from forum.models import PluginProfileValue, User
from forum.models.plugin_profile import VALUE_MAX
from forum.models.profile import DEFAULT_VISIBILITY, VISIBILITY_LEVELS
from forum.plugin_api import ProfileField
from forum.plugins_core.calls import profile_fields
from forum.text import clean_line


def field_key(plugin: str, field: ProfileField) -> str:
    """How a field is named in forms and in ``store_plugin_values``: ``<plugin>.<name>``."""
    return f"{plugin}.{field.name}"


def _value(field: ProfileField, raw: str, key: str) -> str:
    if field.type == "url":
        return web_address(raw, field=key)
    value = clean_line(raw, field=key)
    if field.type == "choice" and value and value not in dict(field.choices):
        raise ValidationError(_("Choose %(field)s from the list.", field=field.label), field=key)
    limit = min(field.max_length, VALUE_MAX)
    if len(value) > limit:
        raise ValidationError(
            _("%(field)s has at most %(max)d characters.", field=field.label, max=limit),
            field=key,
            code="too_long",
        )
    return value


def store_plugin_values(user: User, entries: Mapping[str, tuple[str, str | None]]) -> None:
    """Set fields ``<plugin>.<name>`` of the enabled plugins to (value, who sees it); an empty
    value removes the field, a level of None keeps the one chosen before. Runs inside the
    profile's action (forum.actions.profiles.update_profile)."""
    known = {field_key(plugin, f): (plugin, f) for plugin, f in profile_fields()}
    unknown = sorted(set(entries) - set(known))
    if unknown:
        raise ValidationError(
            _("Unknown profile field: %(name)s.", name=unknown[0]), field=unknown[0]
        )
    rows = {
        (row.plugin, row.field): row
        for row in db.session.scalars(
            select(PluginProfileValue).where(PluginProfileValue.user_id == user.id)
        )
    }
    for key, (raw, level) in entries.items():
        plugin, field = known[key]
        if level is not None and level not in VISIBILITY_LEVELS:
            raise ValidationError(_("Choose who sees each field from the list."), field=key)
        value = _value(field, raw, key)
        row = rows.get((plugin, field.name))
        if not value:
            if row is not None:
                db.session.delete(row)
        elif row is None:
            db.session.add(
                PluginProfileValue(
                    user_id=user.id,
                    plugin=plugin,
                    field=field.name,
                    value=value,
                    level=level or DEFAULT_VISIBILITY,
                )
            )
        else:
            row.value, row.level = value, level or row.level


def export_plugin_values(user: User) -> tuple[str, Any]:
    """Every plugin profile value of the person, whether or not its plugin is on."""
    rows = db.session.scalars(
        select(PluginProfileValue)
        .where(PluginProfileValue.user_id == user.id)
        .order_by(PluginProfileValue.plugin, PluginProfileValue.field)
    )
    return "plugin_profile_fields", [
        {"plugin": r.plugin, "field": r.field, "value": r.value, "visibility": r.level}
        for r in rows
    ]


def erase_plugin_values(user: User) -> None:
    db.session.execute(delete(PluginProfileValue).where(PluginProfileValue.user_id == user.id))
