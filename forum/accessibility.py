"""The accessibility statement (/accessibility), generated from the ACCESSIBILITY setting.

Finnish public services must publish one (Act on the Provision of Digital Services 306/2019).
The setting names the organisation, the feedback address, the date of the latest assessment and
the known limitations; texts may be one string or one per language ({"fi": ..., "sv": ...}).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from forum.settings import ConfigError

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
REQUIRED = ("organisation", "email", "assessed")


@dataclass(frozen=True)
class Statement:
    organisation: str
    email: str
    assessed: date
    limitations: list[str]
    supervisor_url: str

    @property
    def fully_compliant(self) -> bool:
        return not self.limitations


def check(setting: Any) -> None:
    """Refuse a statement that could not be published, saying what to fix, in one line."""
    if not isinstance(setting, Mapping):
        raise ConfigError("ACCESSIBILITY must be a mapping (a JSON object in FORUM_ACCESSIBILITY).")
    missing = [key for key in REQUIRED if not setting.get(key)]
    if missing:
        raise ConfigError(f"ACCESSIBILITY needs {', '.join(missing)}.")
    if not EMAIL.fullmatch(str(setting["email"])):
        raise ConfigError(f"ACCESSIBILITY email {setting['email']!r} is not an e-mail address.")
    try:
        date.fromisoformat(str(setting["assessed"]))
    except ValueError:
        raise ConfigError(
            f"ACCESSIBILITY assessed {setting['assessed']!r} is not a date (YYYY-MM-DD)."
        ) from None
    limitations = setting.get("limitations") or []
    if not isinstance(limitations, list | Mapping):
        raise ConfigError("ACCESSIBILITY limitations must be a list or a list per language.")


def _localised(value: Any, language: str, default: str) -> Any:
    if isinstance(value, Mapping):
        return value.get(language) or value.get(default) or next(iter(value.values()), "")
    return value


def statement(setting: Mapping[str, Any], language: str, default: str) -> Statement:
    """The statement in ``language`` (falling back to ``default``) from a checked setting."""
    return Statement(
        organisation=str(_localised(setting["organisation"], language, default)),
        email=str(setting["email"]),
        assessed=date.fromisoformat(str(setting["assessed"])),
        limitations=[
            str(item) for item in _localised(setting.get("limitations") or [], language, default)
        ],
        supervisor_url=str(
            setting.get("supervisor_url") or "https://www.saavutettavuusvaatimukset.fi/"
        ),
    )
