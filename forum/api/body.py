"""Reading a JSON request body, with clear errors for what is missing or of the wrong type."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import gettext as _

from forum.actions.errors import ValidationError

_MISSING = object()


def json_body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ValidationError(_("The request body must be a JSON object."), code="invalid_json")
    return data


def string(data: dict[str, Any], key: str, default: object = _MISSING) -> str:
    value = data.get(key, default)
    if value is _MISSING:
        raise ValidationError(_("%(field)s is required.", field=key), field=key, code="missing")
    if not isinstance(value, str):
        raise ValidationError(_("%(field)s must be text.", field=key), field=key)
    return value


def optional_int(data: dict[str, Any], key: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(_("%(field)s must be a whole number.", field=key), field=key)
    return value


def string_list(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("%(field)s must be a list of texts.", field=key), field=key)
    return value
