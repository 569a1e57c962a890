"""What a viewer may see of the extra profile fields of the enabled plugins, and the SQL a
directory filter on such a field uses (a value its owner hid never matches for others)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, exists, select

from forum.extensions import db
from forum.models import PluginProfileValue, Profile, User
from forum.models.profile import DEFAULT_VISIBILITY
from forum.plugin_api import ProfileField
from forum.plugins_core.calls import profile_fields
from forum.queries.profiles import levels_for


@dataclass(frozen=True)
class PluginFact:
    """One extra field as shown: ``text`` is the value, or the label of the chosen value."""

    key: str
    label: str
    type: str
    value: str
    text: str
    level: str = DEFAULT_VISIBILITY


def _fact(plugin: str, field: ProfileField, row: PluginProfileValue) -> PluginFact:
    text = dict(field.choices).get(row.value, row.value) if field.type == "choice" else row.value
    return PluginFact(
        f"{plugin}.{field.name}", str(field.label), field.type, row.value, str(text), row.level
    )


def _facts(user: User, shown: Any) -> list[PluginFact]:
    rows = {
        (row.plugin, row.field): row
        for row in db.session.scalars(
            select(PluginProfileValue).where(PluginProfileValue.user_id == user.id)
        )
    }
    return [
        _fact(plugin, field, rows[(plugin, field.name)])
        for plugin, field in profile_fields()
        if (plugin, field.name) in rows and shown(rows[(plugin, field.name)])
    ]


def plugin_facts(viewer: Any, user: User) -> list[PluginFact]:
    """The enabled plugins' fields of ``user`` that ``viewer`` may see, in declared order."""
    if getattr(viewer, "is_authenticated", False) and viewer.id == user.id:
        return _facts(user, lambda _row: True)
    levels = levels_for(viewer)
    return _facts(user, lambda row: row.level in levels)


def own_plugin_values(user: User) -> dict[str, PluginFact]:
    """The person's own values, by ``<plugin>.<name>``, for the settings form."""
    return {fact.key: fact for fact in _facts(user, lambda _row: True)}


def plugin_field_matches(plugin: str, name: str, value: str, viewer: Any) -> ColumnElement[bool]:
    """SQL: the profile (Profile.user_id) holds ``value`` in the plugin's field ``name`` and
    lets ``viewer`` see it."""
    visible = PluginProfileValue.level.in_(levels_for(viewer))
    if getattr(viewer, "is_authenticated", False):
        visible = visible | (PluginProfileValue.user_id == viewer.id)
    return exists(
        select(PluginProfileValue.user_id).where(
            PluginProfileValue.user_id == Profile.user_id,
            PluginProfileValue.plugin == plugin,
            PluginProfileValue.field == name,
            PluginProfileValue.value == value,
            visible,
        )
    )
