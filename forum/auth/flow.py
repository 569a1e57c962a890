"""The authorization code flow, from the redirect to the provider to a verified person.

``begin`` remembers, in this browser's session only, what the callback must find again
(state, nonce, PKCE verifier); ``complete`` consumes it once, so a replayed callback or one
started in another browser finds nothing and fails.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from authlib.integrations.requests_client import OAuth2Session
from flask import session, url_for
from joserfc import jwt

from forum.auth import client
from forum.auth.config import FTN, ProviderConfig
from forum.auth.errors import SignInError
from forum.auth.keys import SIGNING_ALG
from forum.auth.tokens import check_id_token_claims

PENDING_KEY = "oidc_pending"
PENDING_TTL = 600  # seconds a person has to finish identifying
MAX_PENDING = 5  # sign-ins started in other tabs that are still remembered
REQUEST_OBJECT_TTL = 300


@dataclass(frozen=True)
class VerifiedPerson:
    """What a provider vouched for. The identity number never reaches a log or a repr."""

    provider: str
    subject: str
    nin: str = field(repr=False)
    name: str = field(repr=False)
    acr: str | None = None


def redirect_uri(provider: ProviderConfig) -> str:
    return url_for("auth.callback", name=provider.name, _external=True)


def begin(provider: ProviderConfig, next_url: str, locale: str | None = None) -> str:
    """The provider's authorization URL for a new sign-in; remembers its secrets here."""
    meta = client.metadata(provider)
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(64)
    params: dict[str, Any] = {"nonce": nonce}
    if provider.acr_values:
        params["acr_values"] = " ".join(provider.acr_values)
    if locale:
        params["ui_locales"] = locale
    oauth = OAuth2Session(
        provider.client_id,
        redirect_uri=redirect_uri(provider),
        scope=" ".join(provider.scopes),
        code_challenge_method="S256",
    )
    url, _state = oauth.create_authorization_url(
        meta["authorization_endpoint"], state=state, code_verifier=verifier, **params
    )
    if provider.profile == FTN:
        url = _with_request_object(provider, meta, url)
    pending = dict(session.get(PENDING_KEY) or {})
    pending[state] = {
        "p": provider.name,
        "n": nonce,
        "v": verifier,
        "t": time.time(),
        "u": next_url,
    }
    while len(pending) > MAX_PENDING:
        oldest = min(pending, key=lambda key: pending[key]["t"])
        del pending[oldest]
    session[PENDING_KEY] = pending
    return url


def _with_request_object(provider: ProviderConfig, meta: dict[str, Any], url: str) -> str:
    """Move the authorization parameters into a signed request object (RFC 9101)."""
    parts = urlsplit(url)
    params = dict(parse_qsl(parts.query))
    now = int(time.time())
    key = client.client_key(provider)
    claims = {
        **params,
        "iss": provider.client_id,
        "aud": meta["issuer"],
        "iat": now,
        "nbf": now,
        "exp": now + REQUEST_OBJECT_TTL,
        "jti": secrets.token_urlsafe(24),
    }
    header = {"alg": SIGNING_ALG, "kid": key.kid, "typ": "oauth-authz-req+jwt"}
    request_object = jwt.encode(header, claims, key, algorithms=[SIGNING_ALG])
    outer = {
        "client_id": provider.client_id,
        "response_type": params["response_type"],
        "scope": params["scope"],
        "request": request_object,
    }
    return urlunsplit(parts._replace(query=urlencode(outer)))


def _take_pending(provider: ProviderConfig, state: str | None) -> dict[str, Any]:
    pending = dict(session.get(PENDING_KEY) or {})
    entry = pending.pop(state, None) if state else None
    session[PENDING_KEY] = pending
    if entry is None:
        raise SignInError("state is unknown: replayed, expired or from another browser")
    if entry["p"] != provider.name:
        raise SignInError("state belongs to another provider")
    if time.time() - entry["t"] > PENDING_TTL:
        raise SignInError("sign-in took too long", code="expired")
    return entry


def complete(provider: ProviderConfig, args: dict[str, str]) -> tuple[VerifiedPerson, str]:
    """Check the provider's answer in every way and return who signed in, and where to go."""
    entry = _take_pending(provider, args.get("state"))
    if "error" in args:
        cancelled = args["error"] == "access_denied"
        raise SignInError(
            f"provider answered {args['error'][:40]!r}",
            code="cancelled" if cancelled else "unverified",
        )
    meta = client.metadata(provider)
    if "iss" in args:
        if args["iss"] != meta["issuer"]:
            raise SignInError("authorization response iss is another issuer")
    elif meta.get("authorization_response_iss_parameter_supported"):
        raise SignInError("authorization response lacks the iss parameter")
    code = args.get("code")
    if not code:
        raise SignInError("authorization response has no code")
    tokens = client.exchange_code(provider, code, entry["v"], redirect_uri(provider))
    encrypted = provider.profile == FTN
    id_token = tokens.get("id_token")
    if not isinstance(id_token, str):
        raise SignInError("token response has no ID token")
    claims = client.open_token(provider, id_token, encrypted=encrypted, what="ID token")
    check_id_token_claims(
        claims,
        issuer=provider.issuer,
        client_id=provider.client_id,
        nonce=entry["n"],
        acr_values=provider.acr_values,
    )
    merged = dict(claims)
    access_token = tokens.get("access_token")
    if isinstance(access_token, str):
        info = client.userinfo(provider, access_token, encrypted=encrypted)
        if info and info.get("sub") != claims["sub"]:
            raise SignInError("userinfo sub is not the ID token's sub")
        merged.update({k: v for k, v in info.items() if k not in claims})
    return _person(provider, claims, merged), entry["u"]


def _person(provider: ProviderConfig, claims: dict, merged: dict) -> VerifiedPerson:
    nin = merged.get(provider.nin_claim)
    if not isinstance(nin, str) or not nin.strip():
        raise SignInError("no identity number claim", code="identity")
    given = merged.get(provider.given_name_claim)
    family = merged.get(provider.family_name_claim)
    full = merged.get(provider.name_claim)
    name = " ".join(p for p in (given, family) if isinstance(p, str) and p.strip())
    if not name and isinstance(full, str):
        name = full
    return VerifiedPerson(
        provider=provider.name,
        subject=claims["sub"],
        nin=nin,
        name=" ".join(name.split())[:160],
        acr=claims.get("acr"),
    )
