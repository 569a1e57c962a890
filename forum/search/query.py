"""The query language: words, "exact phrases", -exclusions and operators.

``parse_query`` never raises on user input: what it cannot understand goes to ``errors``,
translated, for the search page and the API to show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _

QUERY_MAX = 500
TYPES = ("topic", "post", "user", "organisation", "event", "practice")
STATUSES = ("open", "closed")
IN_VALUES = ("title", "bookmarks", "mine")
SORTS = ("relevance", "date")
_TOKEN_RE = re.compile(r'(-?)"([^"]*)("?)|(\S+)')
_OPERATOR_RE = re.compile(r"^([a-zA-Z_]+):(.*)$")
_NAME_RE = re.compile(r"^[\w.-]+$")


@dataclass
class ParsedQuery:
    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    author: str | None = None
    space: str | None = None
    tags: list[str] = field(default_factory=list)
    in_title: bool = False
    in_bookmarks: bool = False
    in_mine: bool = False
    status: str | None = None
    before: date | None = None
    after: date | None = None
    region: str | None = None
    type: str | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        return bool(self.words or self.phrases)

    @property
    def has_filter(self) -> bool:
        return bool(
            self.author
            or self.space
            or self.tags
            or self.in_bookmarks
            or self.in_mine
            or self.status
            or self.before
            or self.after
            or self.region
            or self.type
        )

    @property
    def empty(self) -> bool:
        return not (self.has_text or self.has_filter)


def parse_query(text: str) -> ParsedQuery:
    parsed = ParsedQuery()
    text = (text or "").strip()
    if len(text) > QUERY_MAX:
        parsed.errors.append(_("A search has at most %(max)d characters.", max=QUERY_MAX))
        return parsed
    if "\x00" in text:
        parsed.errors.append(_("The search contains characters that are not allowed."))
        return parsed
    for match in _TOKEN_RE.finditer(text):
        minus, phrase, closing, token = match.groups()
        if token is None:
            if not closing:
                parsed.errors.append(_('A quotation mark is not closed: add the closing ".'))
            phrase = " ".join(phrase.split())
            if phrase:
                (parsed.excluded if minus else parsed.phrases).append(phrase)
            continue
        if token.startswith("-") and len(token) > 1:
            parsed.excluded.append(token[1:])
        elif token.startswith("@") and len(token) > 1:
            _set_once(parsed, "author", token[1:].lower(), "@")
        elif token.startswith("#") and len(token) > 1:
            _set_once(parsed, "space", token[1:].lower(), "#")
        elif (operator := _OPERATOR_RE.match(token)) is not None:
            _operator(parsed, operator.group(1).lower(), operator.group(2))
        elif token not in ("-", "@", "#"):
            parsed.words.append(token)
    return parsed


def _set_once(parsed: ParsedQuery, name: str, value: str, label: str) -> None:
    if not _NAME_RE.match(value):
        parsed.errors.append(_("%(operator)s needs a name: %(value)s", operator=label, value=value))
    elif getattr(parsed, name) not in (None, value):
        parsed.errors.append(_("%(operator)s can be given once.", operator=label))
    else:
        setattr(parsed, name, value)


def _operator(parsed: ParsedQuery, key: str, value: str) -> None:
    label = f"{key}:"
    value = value.strip()
    if key == "tag":
        if not value:
            parsed.errors.append(_("%(operator)s needs a value.", operator=label))
        else:
            parsed.tags.append(value.lower().lstrip("#"))
    elif key == "in":
        if value.lower() not in IN_VALUES:
            parsed.errors.append(_choice_error(label, value, IN_VALUES))
        else:
            setattr(parsed, f"in_{value.lower()}", True)
    elif key == "status":
        if value.lower() not in STATUSES:
            parsed.errors.append(_choice_error(label, value, STATUSES))
        else:
            parsed.status = value.lower()
    elif key == "type":
        if value.lower() not in TYPES:
            parsed.errors.append(_choice_error(label, value, TYPES))
        else:
            parsed.type = value.lower()
    elif key in ("before", "after"):
        try:
            setattr(parsed, key, date.fromisoformat(value))
        except ValueError:
            parsed.errors.append(
                _(
                    "%(operator)s needs a date written YYYY-MM-DD: %(value)s",
                    operator=label,
                    value=value,
                )
            )
    elif key == "region":
        if not value:
            parsed.errors.append(_("%(operator)s needs a value.", operator=label))
        else:
            parsed.region = value.lower()
    else:
        parsed.errors.append(_("Unknown search operator: %(operator)s", operator=label))


def _choice_error(label: str, value: str, choices: tuple[str, ...]) -> str:
    return _(
        "%(operator)s takes one of %(choices)s, not %(value)s",
        operator=label,
        choices=", ".join(choices),
        value=value or "…",
    )
