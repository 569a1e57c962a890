"""Talking to an identity provider: discovery, its keys, the token and userinfo endpoints.

The token request goes through authlib's OAuth2Session (client_secret_basic or
private_key_jwt with ``kid`` and a fresh ``jti``); every answer is checked in forum.auth.tokens.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from typing import Any

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from flask import current_app
from joserfc.jwk import KeySet, RSAKey

from forum.auth.config import CLIENT_SECRET_BASIC, PRIVATE_KEY_JWT, ProviderConfig
from forum.auth.errors import SignInError
from forum.auth.keys import SIGNING_ALG, forum_keys, import_key
from forum.auth.tokens import decrypt, is_encrypted, verify_signature

log = logging.getLogger(__name__)
METADATA_TTL = 3600
_lock = threading.Lock()


def _cache() -> dict[str, tuple[float, Any]]:
    return current_app.extensions.setdefault("forum_oidc_cache", {})


def _get_json(provider: ProviderConfig, url: str) -> dict[str, Any]:
    try:
        response = requests.get(
            url, timeout=provider.timeout, headers={"Accept": "application/json"}
        )
        response.raise_for_status()
        data = response.json()
    except requests.Timeout as error:
        raise SignInError(f"{url} did not answer in time", code="unavailable") from error
    except (requests.RequestException, ValueError) as error:
        raise SignInError(
            f"{url} could not be read: {error.__class__.__name__}", code="unavailable"
        ) from error
    if not isinstance(data, dict):
        raise SignInError(f"{url} did not answer with a JSON object", code="unavailable")
    return data


def _cached(key: str, load, refresh: bool = False):
    cache = _cache()
    with _lock:
        entry = cache.get(key)
    if entry and not refresh and entry[0] > time.monotonic():
        return entry[1]
    value = load()
    with _lock:
        cache[key] = (time.monotonic() + METADATA_TTL, value)
    return value


def metadata(provider: ProviderConfig) -> dict[str, Any]:
    """The provider's discovery document, checked to name our issuer, cached for an hour."""

    def load() -> dict[str, Any]:
        data = _get_json(provider, provider.discovery_url)
        if data.get("issuer") != provider.issuer:
            raise SignInError("discovery document names another issuer", code="unavailable")
        for endpoint in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not isinstance(data.get(endpoint), str):
                raise SignInError(f"discovery document has no {endpoint}", code="unavailable")
        return data

    return _cached(f"metadata:{provider.name}", load)


def provider_keys(provider: ProviderConfig, refresh: bool = False) -> KeySet:
    """The provider's public signing keys (its jwks_uri), fetched again on ``refresh``."""

    def load() -> KeySet:
        data = _get_json(provider, metadata(provider)["jwks_uri"])
        keys = [key for key in data.get("keys", []) if key.get("use", "sig") == "sig"]
        try:
            return KeySet.import_key_set({"keys": keys})
        except (ValueError, TypeError) as error:
            raise SignInError("provider keys could not be read", code="unavailable") from error

    return _cached(f"jwks:{provider.name}", load, refresh)


def client_key(provider: ProviderConfig) -> RSAKey:
    """The private key the forum signs with for ``provider``: its own, or the forum's."""
    if provider.private_key:
        return import_key(provider.private_key, use="sig", alg=SIGNING_ALG, kid=provider.key_id)
    keys = forum_keys()
    if keys is None:
        raise SignInError("no signing key is configured", code="unavailable")
    return keys.signing


def exchange_code(
    provider: ProviderConfig, code: str, code_verifier: str, redirect_uri: str
) -> dict[str, Any]:
    """Trade the authorization code for tokens at the token endpoint."""
    endpoint = metadata(provider)["token_endpoint"]
    if provider.auth_method == PRIVATE_KEY_JWT:
        key = client_key(provider)
        session = OAuth2Session(provider.client_id, key, token_endpoint_auth_method=PRIVATE_KEY_JWT)
        session.register_client_auth_method(
            PrivateKeyJWT(endpoint, headers={"kid": key.kid}, alg=SIGNING_ALG)
        )
    else:
        session = OAuth2Session(
            provider.client_id,
            provider.client_secret,
            token_endpoint_auth_method=CLIENT_SECRET_BASIC,
        )
    try:
        with session:
            token = session.fetch_token(
                endpoint,
                grant_type="authorization_code",
                code=code,
                code_verifier=code_verifier,
                redirect_uri=redirect_uri,
                timeout=provider.timeout,
            )
    except requests.Timeout as error:
        raise SignInError("token endpoint did not answer in time", code="unavailable") from error
    except requests.RequestException as error:
        raise SignInError(
            f"token endpoint unreachable: {error.__class__.__name__}", code="unavailable"
        ) from error
    except (AuthlibBaseError, ValueError) as error:
        raise SignInError(f"token endpoint refused the code: {error}") from error
    return dict(token)


def open_token(provider: ProviderConfig, token: str, *, encrypted: bool, what: str) -> dict:
    """Claims of a signed (and, when ``encrypted``, first decrypted) token from ``provider``."""
    if is_encrypted(token):
        keys = forum_keys()
        if keys is None:
            raise SignInError(f"{what} is encrypted but the forum has no key")
        token = decrypt(token, keys.decryption_keys())
    elif encrypted:
        raise SignInError(f"{what} is not encrypted as the profile requires")
    return verify_signature(token, lambda refresh: provider_keys(provider, refresh), what=what)


def userinfo(provider: ProviderConfig, access_token: str, *, encrypted: bool) -> dict[str, Any]:
    """The userinfo claims: plain JSON, or a signed and possibly encrypted JWT."""
    endpoint = metadata(provider).get("userinfo_endpoint")
    if not endpoint:
        return {}
    try:
        response = requests.get(
            endpoint,
            headers={"Authorization": f"Bearer {access_token}"},
            timeout=provider.timeout,
        )
        response.raise_for_status()
    except requests.Timeout as error:
        raise SignInError("userinfo endpoint did not answer in time", code="unavailable") from error
    except requests.RequestException as error:
        raise SignInError(
            f"userinfo endpoint failed: {error.__class__.__name__}", code="unavailable"
        ) from error
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
    if content_type == "application/jwt":
        return open_token(provider, response.text.strip(), encrypted=encrypted, what="userinfo")
    if encrypted:
        raise SignInError("userinfo is not encrypted as the profile requires")
    try:
        data = json.loads(response.text)
    except ValueError as error:
        raise SignInError("userinfo is not JSON") from error
    if not isinstance(data, dict):
        raise SignInError("userinfo is not a JSON object")
    return data
