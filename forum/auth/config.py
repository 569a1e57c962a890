"""Identity providers as configured: FORUM_OIDC_* for the provider named "default", and the
OIDC_PROVIDERS setting (a JSON object, name -> settings) for more.

A provider's settings use the same names as the FORUM_OIDC_* variables, lower-case and without
the prefix: ``{"suomifi": {"issuer": "https://...", "client_id": "...", "profile": "ftn"}}``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from forum.settings import ConfigError

STANDARD = "standard"
FTN = "ftn"
PROFILES = (STANDARD, FTN)
CLIENT_SECRET_BASIC = "client_secret_basic"  # noqa: S105 - a method name, not a secret
PRIVATE_KEY_JWT = "private_key_jwt"
AUTH_METHODS = (CLIENT_SECRET_BASIC, PRIVATE_KEY_JWT)
DEFAULT = "default"
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
# The settings a provider takes, each also readable as FORUM_OIDC_<NAME> for "default".
KEYS = (
    "issuer",
    "discovery_url",
    "client_id",
    "client_secret",
    "private_key",
    "key_id",
    "auth_method",
    "scopes",
    "acr_values",
    "nin_claim",
    "given_name_claim",
    "family_name_claim",
    "name_claim",
    "profile",
    "title",
    "timeout",
)


@dataclass(frozen=True)
class ProviderConfig:
    """One identity provider the forum trusts."""

    name: str
    issuer: str
    client_id: str
    client_secret: str | None = field(default=None, repr=False)
    private_key: str | None = field(default=None, repr=False)
    key_id: str | None = None
    auth_method: str = CLIENT_SECRET_BASIC
    discovery_url: str = ""
    scopes: tuple[str, ...] = ("openid", "profile")
    acr_values: tuple[str, ...] = ()
    nin_claim: str = "nin"
    given_name_claim: str = "given_name"
    family_name_claim: str = "family_name"
    name_claim: str = "name"
    profile: str = STANDARD
    title: str = ""
    timeout: float = 10.0

    @property
    def uses_private_key_jwt(self) -> bool:
        return self.auth_method == PRIVATE_KEY_JWT


def _words(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(value.split())
    return tuple(str(v) for v in value)


def build(name: str, raw: Mapping[str, Any], defaults: Mapping[str, Any]) -> ProviderConfig:
    """A checked ProviderConfig from ``raw`` settings, missing ones taken from ``defaults``."""
    if not NAME_RE.match(name):
        raise ConfigError(f"OIDC provider name {name!r} must be lower-case letters and digits.")
    unknown = set(raw) - set(KEYS)
    if unknown:
        raise ConfigError(f"OIDC provider {name}: unknown settings {', '.join(sorted(unknown))}.")

    def get(key: str) -> Any:
        value = raw.get(key)
        return defaults.get(key) if value in (None, "") else value

    issuer = str(get("issuer") or "")
    client_id = str(get("client_id") or "")
    if not issuer or not client_id:
        raise ConfigError(f"OIDC provider {name}: issuer and client_id are required.")
    profile = str(get("profile") or STANDARD)
    if profile not in PROFILES:
        raise ConfigError(f"OIDC provider {name}: profile must be one of {', '.join(PROFILES)}.")
    secret = get("client_secret")
    method = get("auth_method") or (
        PRIVATE_KEY_JWT if profile == FTN or not secret else CLIENT_SECRET_BASIC
    )
    if method not in AUTH_METHODS:
        raise ConfigError(f"OIDC provider {name}: auth_method must be one of {AUTH_METHODS}.")
    if profile == FTN and method != PRIVATE_KEY_JWT:
        raise ConfigError(f"OIDC provider {name}: the ftn profile needs private_key_jwt.")
    if method == CLIENT_SECRET_BASIC and not secret:
        raise ConfigError(f"OIDC provider {name}: client_secret_basic needs a client_secret.")
    scopes = _words(get("scopes")) or ("openid",)
    if "openid" not in scopes:
        scopes = ("openid", *scopes)
    try:
        timeout = float(get("timeout") or 10)
    except (TypeError, ValueError) as error:
        raise ConfigError(f"OIDC provider {name}: timeout must be a number of seconds.") from error
    return ProviderConfig(
        name=name,
        issuer=issuer,
        client_id=client_id,
        client_secret=str(secret) if secret else None,
        private_key=get("private_key") or None,
        key_id=get("key_id") or None,
        auth_method=method,
        discovery_url=str(
            get("discovery_url") or f"{issuer.rstrip('/')}/.well-known/openid-configuration"
        ),
        scopes=scopes,
        acr_values=_words(get("acr_values")),
        nin_claim=str(get("nin_claim") or "nin"),
        given_name_claim=str(get("given_name_claim") or "given_name"),
        family_name_claim=str(get("family_name_claim") or "family_name"),
        name_claim=str(get("name_claim") or "name"),
        profile=profile,
        title=str(get("title") or name),
        timeout=timeout,
    )


def defaults(config: Mapping[str, Any]) -> dict[str, Any]:
    """Settings that providers in OIDC_PROVIDERS take from the FORUM_OIDC_* ones."""
    return {
        "acr_values": config.get("OIDC_ACR_VALUES"),
        "nin_claim": config.get("OIDC_NIN_CLAIM"),
        "scopes": config.get("OIDC_SCOPES"),
        "timeout": config.get("OIDC_TIMEOUT"),
    }


def load(config: Mapping[str, Any]) -> dict[str, ProviderConfig]:
    """Every configured provider by name, checked; an empty dict when none is."""
    providers: dict[str, ProviderConfig] = {}
    if config.get("OIDC_ISSUER"):
        own = {key: config.get(f"OIDC_{key.upper()}") for key in KEYS}
        providers[DEFAULT] = build(DEFAULT, {k: v for k, v in own.items() if v is not None}, {})
    more = config.get("OIDC_PROVIDERS") or {}
    if not isinstance(more, Mapping):
        raise ConfigError("OIDC_PROVIDERS must be a JSON object: name -> provider settings.")
    for name, raw in more.items():
        if name in providers:
            raise ConfigError(f"OIDC provider {name} is configured twice.")
        if not isinstance(raw, Mapping):
            raise ConfigError(f"OIDC provider {name}: its settings must be a JSON object.")
        providers[name] = build(name, raw, defaults(config))
    for provider in providers.values():
        if config.get("ENV") == "production" and not provider.issuer.startswith("https://"):
            raise ConfigError(f"OIDC provider {provider.name}: the issuer must use https.")
    return providers


def providers() -> dict[str, ProviderConfig]:
    return current_app.extensions["forum_oidc_providers"]


def provider(name: str) -> ProviderConfig | None:
    return providers().get(name)
