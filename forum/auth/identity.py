"""The account's identity key: HMAC-SHA256 over the national identity number.

The number itself is never stored; only this keyed hash is, with the version of the pepper
(FORUM_IDENTITY_PEPPER) that made it. To rotate the pepper, set the new one with a higher
FORUM_IDENTITY_PEPPER_VERSION and keep the old one in IDENTITY_OLD_PEPPERS ({"1": "..."}): an
account's key is rewritten with the new pepper the next time the person signs in.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from collections.abc import Mapping
from typing import Any

from flask import current_app


def normalise_nin(nin: str) -> str:
    """One spelling per number: NFKC, no spaces, upper case (Finnish HETU "010190-123a")."""
    return "".join(unicodedata.normalize("NFKC", nin).split()).upper()


def identity_key(nin: str, pepper: str) -> str:
    digest = hmac.new(pepper.encode("utf-8"), normalise_nin(nin).encode("utf-8"), hashlib.sha256)
    return digest.hexdigest()


def peppers(config: Mapping[str, Any] | None = None) -> dict[int, str]:
    """Every known pepper by version, the current one included."""
    config = current_app.config if config is None else config
    known = {int(v): str(p) for v, p in (config.get("IDENTITY_OLD_PEPPERS") or {}).items()}
    pepper = config.get("IDENTITY_PEPPER")
    if pepper:
        known[int(config["IDENTITY_PEPPER_VERSION"])] = str(pepper)
    return known


def current_version(config: Mapping[str, Any] | None = None) -> int:
    config = current_app.config if config is None else config
    return int(config["IDENTITY_PEPPER_VERSION"])


def candidate_keys(nin: str) -> dict[int, str]:
    """The identity key of ``nin`` under every known pepper version."""
    return {version: identity_key(nin, pepper) for version, pepper in peppers().items()}
