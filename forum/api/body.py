"""Reading a JSON request body, with clear errors for what is missing or of the wrong type."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import gettext as _

from forum.actions.errors import ValidationError
from forum.http_input import JSON_MAX_BYTES, bounded_int, json_too_large, parse_json

_MISSING = object()


def json_body() -> dict[str, Any]:
    """The request's JSON object, read by the one parser with its limits on size and depth."""
    if not request.is_json:
        raise ValidationError(_("The request body must be a JSON object."), code="invalid_json")
    if (request.content_length or 0) > JSON_MAX_BYTES:
        raise json_too_large()
    data = parse_json(request.get_data(cache=True))
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
    return None if value is None else bounded_int(value, key)


def int_list(data: dict[str, Any], key: str) -> list[int]:
    """A list of whole numbers the database can hold, such as ids."""
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ValidationError(_("%(field)s must be a list of numbers.", field=key), field=key)
    return [bounded_int(item, key) for item in value]


def string_list(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("%(field)s must be a list of texts.", field=key), field=key)
    return value
