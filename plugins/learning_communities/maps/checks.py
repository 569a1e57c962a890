"""The rules for an actor and a relation, shared by the forms and the import."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from flask_babel import gettext as _

from forum.actions.errors import ValidationError
from forum.text import clean_line
from plugins.learning_communities.communities.actions import clean_themes
from plugins.learning_communities.maps.models import (
    LABEL_MAX,
    NODE_KINDS,
    NODE_TYPES,
    RELATION_KINDS,
    SECTOR_MAX,
    SOURCE_MAX,
)


def node_values(
    label: str, kind: str, type: str, sector: str = "", themes: Sequence[str] = ()
) -> dict[str, Any]:
    """An actor's fields, checked and cleaned."""
    label = clean_line(label or "", field="label")
    if not label or len(label) > LABEL_MAX:
        raise ValidationError(
            _("A name has 1 to %(max)d characters.", max=LABEL_MAX), field="label"
        )
    if kind not in NODE_KINDS:
        raise ValidationError(_("An actor is an organisation or a person."), field="kind")
    if type not in NODE_TYPES:
        raise ValidationError(_("Unknown actor type %(type)s.", type=type or "-"), field="type")
    sector = clean_line(sector or "", field="sector")
    if len(sector) > SECTOR_MAX:
        raise ValidationError(_("At most %(max)d characters.", max=SECTOR_MAX), field="sector")
    return {
        "label": label,
        "kind": kind,
        "type": type,
        "sector": sector,
        "themes": clean_themes(themes),
    }


def strength_value(value: Any) -> int:
    try:
        strength = int(value)
    except (TypeError, ValueError):
        strength = 0
    if not 1 <= strength <= 3:
        raise ValidationError(_("Strength is 1, 2 or 3."), field="strength")
    return strength


def since_value(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(_("Write the date as YYYY-MM-DD."), field="since") from None


def edge_values(
    kind: str, directed: bool, strength: Any, since: Any = None, source_note: str = ""
) -> dict[str, Any]:
    """A relation's own fields (its ends are checked against the map), checked and cleaned."""
    if kind not in RELATION_KINDS:
        raise ValidationError(_("Unknown relation %(kind)s.", kind=kind or "-"), field="kind")
    note = clean_line(source_note or "", field="source_note")
    if len(note) > SOURCE_MAX:
        raise ValidationError(_("At most %(max)d characters.", max=SOURCE_MAX), field="source_note")
    return {
        "kind": kind,
        "directed": bool(directed),
        "strength": strength_value(strength),
        "since": since_value(since),
        "source_note": note,
    }


def split_themes(value: str) -> list[str]:
    """Themes written in one field: separated by | (as Kumu does) or commas."""
    separator = "|" if "|" in value else ","
    return [part for part in (p.strip() for p in value.split(separator)) if part]
