"""Configuration: config/default.py, then config/<environment>.py, then FORUM_* variables.

FORUM_X in the environment sets the setting X (FORUM_SECRET_KEY -> SECRET_KEY); values that
read as JSON numbers, booleans, lists or objects are parsed, everything else stays a string.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Config

ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENTS = ("development", "testing", "production")
ENV_PREFIX = "FORUM"
STRING_SETTINGS = (
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "SEARCH_BACKEND",
    "INSTANCE_PATH",
    "IDENTITY_PEPPER",
    "TERMS_VERSION",
    *(
        f"OIDC_{name}"
        for name in (
            "ISSUER",
            "DISCOVERY_URL",
            "CLIENT_ID",
            "CLIENT_SECRET",
            "PRIVATE_KEY",
            "KEY_ID",
            "AUTH_METHOD",
            "SCOPES",
            "ACR_VALUES",
            "NIN_CLAIM",
            "PROFILE",
            "TITLE",
            "SIGNING_KEY",
            "ENCRYPTION_KEY",
        )
    ),
)
MIN_SECRET_KEY_LENGTH = 32
# The keys in config/: public, so never acceptable in production.
PUBLIC_SECRET_KEYS = frozenset({"insecure-development-key", "testing-secret-key"})
PUBLIC_PEPPERS = frozenset({"insecure-development-pepper-not-for-production", "testing-pepper"})
# Seconds a new PostgreSQL connection may take before the attempt fails (libpq connect_timeout).
CONNECT_TIMEOUT = 5


class ConfigError(RuntimeError):
    """The configuration cannot be used; the message says what to change, in one line."""


def environment(overrides: Mapping[str, Any] | None = None) -> str:
    """The environment name from the overrides or FORUM_ENV; development when unset."""
    name = (overrides or {}).get("ENV") or os.environ.get(f"{ENV_PREFIX}_ENV") or "development"
    if name not in ENVIRONMENTS:
        raise ConfigError(f"FORUM_ENV is {name!r}; it must be one of {', '.join(ENVIRONMENTS)}.")
    return name


def instance_path(overrides: Mapping[str, Any] | None = None) -> Path:
    """Where the SQLite file, the search index and uploads live."""
    raw = (overrides or {}).get("INSTANCE_PATH") or os.environ.get(f"{ENV_PREFIX}_INSTANCE_PATH")
    return Path(raw).resolve() if raw else ROOT / "instance"


def _loads(value: str) -> Any:
    try:
        parsed = json.loads(value)
    except ValueError:
        return value
    return parsed if not isinstance(parsed, str) else value


def _as_text(value: Any) -> str:
    """A string setting as text: a JWK given as an object stays JSON, which the key loader
    reads, rather than becoming a Python repr, which nothing reads."""
    if isinstance(value, str):
        return value
    return json.dumps(value) if isinstance(value, dict | list) else str(value)


def load(config: Config, env: str, instance: Path, overrides: Mapping[str, Any] | None) -> None:
    """Fill ``config`` for ``env`` and check that it is usable."""
    config.from_pyfile(str(ROOT / "config" / "default.py"))
    config.from_pyfile(str(ROOT / "config" / f"{env}.py"))
    config.from_prefixed_env(ENV_PREFIX, loads=_loads)
    for key in STRING_SETTINGS:
        if f"{ENV_PREFIX}_{key}" in os.environ:
            config[key] = os.environ[f"{ENV_PREFIX}_{key}"]
    config.update(overrides or {})
    for key in STRING_SETTINGS:
        if config.get(key) is not None:
            config[key] = _as_text(config[key])
    config["ENV"] = env
    config["INSTANCE_PATH"] = str(instance)
    config["SQLALCHEMY_DATABASE_URI"] = database_url(config.get("DATABASE_URL"), instance)
    if config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        config["SQLALCHEMY_ENGINE_OPTIONS"] = postgres_engine_options(
            config.get("SQLALCHEMY_ENGINE_OPTIONS")
        )
    check(config)


def postgres_engine_options(options: Mapping[str, Any] | None) -> dict[str, Any]:
    """The engine options for PostgreSQL, with what the settings leave out filled in: test each
    pooled connection before use (pre-ping), so that after the server restarts the pool drops
    connections that died with it instead of failing a request on each; and give up on a
    connection attempt after CONNECT_TIMEOUT seconds, so that a request answers (503) instead
    of waiting while the server cannot be reached."""
    filled = {"pool_pre_ping": True, **(options or {})}
    filled["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT, **filled.get("connect_args", {})}
    return filled


def database_url(url: str | None, instance: Path) -> str:
    """The SQLAlchemy URL: psycopg 3 for PostgreSQL, a file under the instance path by default."""
    if not url:
        return f"sqlite:///{instance / 'forum.sqlite3'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def check(config: Config) -> None:
    """Refuse settings that would be unsafe in production."""
    if config["ENV"] != "production":
        return
    key = config.get("SECRET_KEY") or ""
    if key in PUBLIC_SECRET_KEYS or len(key) < MIN_SECRET_KEY_LENGTH:
        raise ConfigError(
            "FORUM_SECRET_KEY must be set to a random value of at least "
            f"{MIN_SECRET_KEY_LENGTH} characters in production "
            '(for example: python3 -c "import secrets; print(secrets.token_urlsafe(48))").'
        )
    if config.get("DEV_IDENTITY_PROVIDER"):
        raise ConfigError(
            "FORUM_DEV_IDENTITY_PROVIDER must be off in production: its test persons would let "
            "anyone sign in."
        )
    pepper = config.get("IDENTITY_PEPPER") or ""
    if pepper in PUBLIC_PEPPERS or len(pepper) < MIN_SECRET_KEY_LENGTH:
        raise ConfigError(
            "FORUM_IDENTITY_PEPPER must be set to a random value of at least "
            f"{MIN_SECRET_KEY_LENGTH} characters in production; it keys the identity hashes."
        )
