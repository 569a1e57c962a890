"""What arrives over HTTP, read by one rule each: ids in addresses, whole numbers and JSON in
request bodies, and the addresses a request asks to be sent back to.

Every route's ``<int:...>`` is ``IdConverter`` and every ``<name>`` ``TextConverter`` (set in
the app factory), every API body goes through ``parse_json`` and ``bounded_int``, and every
``next=`` through ``safe_next``, so input the database cannot hold or a browser would misread
is refused with a clear 4xx, never a 500.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

from flask import url_for
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter, Map, UnicodeConverter
from werkzeug.routing import ValidationError as RoutingValidationError

from forum.actions.errors import ValidationError

# Every integer column, ids included, is INTEGER: signed 32-bit on PostgreSQL (SQLite's hold
# 64 bits, and answer larger numbers with an OverflowError). One bound for both databases.
DB_INT_MIN = -(2**31)
DB_INT_MAX = 2**31 - 1
JSON_MAX_DEPTH = 32
JSON_MAX_BYTES = 1_000_000
WHOLE_NUMBER = re.compile(r"-?[0-9]{1,30}")
DEFAULT_PORTS = {"http": 80, "https": 443}


class IdConverter(IntegerConverter):
    """``<int:...>`` for every route: a number the database cannot hold answers 404 instead of
    reaching a query that would fail.

    The refusal is a NotFound rather than the converter's usual ValidationError: Werkzeug turns
    a ValidationError into "no match" after it has noted the methods of the other rules on the
    same path, so ``DELETE /posts/<huge>``, beside ``PATCH /posts/<int>``, answered 405."""

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = None,
        signed: bool = False,
    ) -> None:
        low = DB_INT_MIN if min is None or min < DB_INT_MIN else min
        high = DB_INT_MAX if max is None or max > DB_INT_MAX else max
        super().__init__(map, fixed_digits=fixed_digits, min=low, max=high, signed=signed)

    def to_python(self, value: str) -> Any:
        try:
            return super().to_python(value)
        except RoutingValidationError:
            raise NotFound() from None


class TextConverter(UnicodeConverter):
    """``<name>`` (the default converter) for every route: a segment with a NUL character,
    which PostgreSQL cannot hold even in a query, answers 404 instead of failing the query."""

    def to_python(self, value: str) -> str:
        if "\x00" in value:
            raise NotFound()
        return value


def is_db_int(value: Any) -> bool:
    """Whether ``value`` is a whole number (not a boolean) that the database can hold."""
    return isinstance(value, int) and not isinstance(value, bool) and fits_db(value)


def fits_db(value: int) -> bool:
    return DB_INT_MIN <= value <= DB_INT_MAX


def parse_int(text: str | None) -> int | None:
    """A whole number typed in a form or query string (ASCII digits, perhaps a minus) that
    the database can hold, else None. ``str.isdigit`` alone would let "²" through to an
    ``int()`` that fails."""
    if text is None or not WHOLE_NUMBER.fullmatch(text):
        return None
    number = int(text)
    return number if fits_db(number) else None


def parse_id(text: str | None) -> int | None:
    """As ``parse_int``, for ids and counts: never below zero."""
    number = parse_int(text)
    return number if number is not None and number >= 0 else None


def bounded_int(value: Any, field: str) -> int:
    """``value`` if it is a JSON whole number the database can hold, else a ValidationError
    that names ``field``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(_("%(field)s must be a whole number.", field=field), field=field)
    if not fits_db(value):
        raise ValidationError(
            _("%(field)s is too large a number.", field=field), field=field, code="out_of_range"
        )
    return value


class _Refused(ValueError):
    """A JSON text the forum does not read; the message is for a person."""


def _refuse_constant(name: str) -> Any:
    raise _Refused(_("JSON numbers must be finite (%(value)s is not).", value=name))


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise _Refused(_("JSON numbers must be finite (%(value)s is not).", value=text[:20]))
    return number


def parse_json(
    raw: bytes | str, *, max_bytes: int = JSON_MAX_BYTES, field: str | None = None
) -> Any:
    """Read a JSON text that people or programs sent: at most ``max_bytes`` long and
    ``JSON_MAX_DEPTH`` arrays or objects deep, with finite numbers and text that is valid
    Unicode (no lone surrogates). Anything else raises a ValidationError saying what is wrong
    (about ``field``, when the JSON came as one).
    """
    try:
        return _parse(raw, max_bytes)
    except ValidationError as error:
        error.field = field
        raise


def _parse(raw: bytes | str, max_bytes: int) -> Any:
    if len(raw) > max_bytes:
        raise json_too_large(max_bytes)
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("The JSON is not UTF-8 text."), code="invalid_json") from None
    try:
        data = json.loads(raw, parse_constant=_refuse_constant, parse_float=_finite_float)
    except _Refused as error:
        raise ValidationError(str(error), code="invalid_json") from None
    except RecursionError:
        raise _too_deep() from None
    except ValueError as error:
        raise ValidationError(
            _("The JSON cannot be read (line %(line)d).", line=getattr(error, "lineno", 0)),
            code="invalid_json",
        ) from None
    _check_values(data)
    return data


def json_too_large(max_bytes: int = JSON_MAX_BYTES) -> ValidationError:
    return ValidationError(
        _("The JSON is too long: at most %(size)d kB.", size=max_bytes // 1000), code="too_large"
    )


def _too_deep() -> ValidationError:
    return ValidationError(
        _("The JSON is nested too deeply: at most %(depth)d levels.", depth=JSON_MAX_DEPTH),
        code="invalid_json",
    )


def _check_values(data: Any) -> None:
    """Depth and text of a parsed value, walked without recursion."""
    pending = [(data, 0)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            _check_text(value)
        elif isinstance(value, dict | list):
            if depth >= JSON_MAX_DEPTH:
                raise _too_deep()
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str):
                    _check_text(key)
                pending.append((item, depth + 1))


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(
            _("The JSON holds text that is not valid Unicode (a lone surrogate)."),
            code="invalid_json",
        ) from None


def safe_next(target: str | None, default_endpoint: str = "main.home") -> str:
    """``target`` if it is a path on this site, else the default page: never an open redirect,
    never a header a control character would break. Browsers drop tabs and line breaks inside
    an address, so ``/\\t/evil.example`` would be read as ``//evil.example``: both are refused,
    as are backslashes (``/\\evil.example``) and addresses with a scheme or host."""
    if target and is_local_path(target):
        return target
    return url_for(default_endpoint)


def is_local_path(target: str) -> bool:
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    if any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def same_origin(url: str, origin: str) -> bool:
    """Whether ``url`` is an absolute http(s) address on exactly ``origin``'s scheme, host and
    port (``origin`` may carry a path, which ``url`` must then lie under)."""
    if any(unicodedata.category(ch) == "Cc" for ch in url) or "\\" in url:
        return False
    try:
        got, want = urlsplit(url), urlsplit(origin)
        got_port = got.port or DEFAULT_PORTS.get(got.scheme)
        want_port = want.port or DEFAULT_PORTS.get(want.scheme)
    except ValueError:
        return False
    if got.scheme not in ("http", "https") or got.username is not None or got.password:
        return False
    if (got.scheme, got.hostname, got_port) != (want.scheme, want.hostname, want_port):
        return False
    base = want.path.rstrip("/")
    return not base or got.path == base or got.path.startswith(base + "/")
