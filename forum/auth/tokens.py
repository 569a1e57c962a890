"""Checks on ID tokens and signed or encrypted responses, built on joserfc.

authlib leaves several checks to the caller (the audience, the issuer once claims options are
given, the assurance level), so the forum makes every one of them here, explicitly.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from typing import Any

from joserfc import jwe, jws
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.registry import HeaderParameter, is_str

from forum.auth.errors import SignInError
from forum.auth.keys import ENCRYPTION_ALG, ENCRYPTION_ENC

# Asymmetric signatures only: "none" and the HMAC family (keyed with the client secret, which
# the forum would share with every other client of a careless provider) are refused.
SIGNATURE_ALGS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384")
LEEWAY = 60  # seconds of clock difference tolerated
MAX_AGE = 600  # an ID token issued longer ago than this is not accepted
# Claims a provider may repeat in the JWE header (RFC 7519, section 5.3).
REPLICATED_CLAIMS = {
    "iss": HeaderParameter("Issuer", is_str),
    "aud": HeaderParameter("Audience", is_str),
}


def is_encrypted(token: str) -> bool:
    return token.count(".") == 4


def decrypt(token: str, keys: KeySet) -> str:
    """The plaintext of a compact JWE made with RSA-OAEP-256 + A256GCM."""
    registry = jwe.JWERegistry(
        header_registry=REPLICATED_CLAIMS, algorithms=[ENCRYPTION_ALG, ENCRYPTION_ENC]
    )
    try:
        result = jwe.decrypt_compact(token, keys, registry=registry)
    except (JoseError, ValueError) as error:
        raise SignInError(
            f"encrypted token could not be decrypted: {error.__class__.__name__}"
        ) from error
    return result.plaintext.decode("utf-8")


def verify_signature(
    token: str, keys: Callable[[bool], KeySet], *, what: str = "ID token"
) -> dict[str, Any]:
    """The claims of a compact JWS after checking its algorithm and signature.

    ``keys(refresh)`` gives the provider's keys; it is asked again with refresh=True when the
    token names a key id the cached set does not hold (the provider rotated its keys).
    """
    try:
        header = jws.extract_compact(token.encode("ascii")).protected
    except (JoseError, ValueError, UnicodeError) as error:
        raise SignInError(f"{what} is not a compact JWS: {error.__class__.__name__}") from error
    alg = header.get("alg")
    if alg not in SIGNATURE_ALGS:
        raise SignInError(f"{what} uses a refused algorithm {alg!r}")
    key_set = keys(False)
    kid = header.get("kid")
    if kid and not any(key.kid == kid for key in key_set):
        key_set = keys(True)
        if not any(key.kid == kid for key in key_set):
            raise SignInError(f"{what} is signed with an unknown key id")
    registry = jws.JWSRegistry(algorithms=[alg])
    try:
        result = jws.deserialize_compact(token, key_set, registry=registry)
        claims = json.loads(result.payload)
    except (JoseError, ValueError) as error:
        raise SignInError(
            f"{what} signature does not verify: {error.__class__.__name__}"
        ) from error
    if not isinstance(claims, dict):
        raise SignInError(f"{what} payload is not a JSON object")
    return claims


def check_id_token_claims(
    claims: dict[str, Any],
    *,
    issuer: str,
    client_id: str,
    nonce: str,
    acr_values: Iterable[str],
    now: float | None = None,
) -> None:
    """Every check OpenID Connect Core 3.1.3.7 asks of a client, plus the assurance level."""
    now = time.time() if now is None else now
    if claims.get("iss") != issuer:
        raise SignInError("ID token iss is not the configured issuer")
    audience = claims.get("aud")
    audiences = [audience] if isinstance(audience, str) else audience
    if not isinstance(audiences, list) or client_id not in audiences:
        raise SignInError("ID token aud does not contain the client id")
    azp = claims.get("azp")
    if (azp is not None or len(audiences) > 1) and azp != client_id:
        raise SignInError("ID token azp is not the client id")
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise SignInError("ID token has no sub")
    exp, iat = claims.get("exp"), claims.get("iat")
    if not isinstance(exp, int | float) or not isinstance(iat, int | float):
        raise SignInError("ID token lacks exp or iat")
    if exp < now - LEEWAY:
        raise SignInError("ID token has expired")
    if iat > now + LEEWAY:
        raise SignInError("ID token is issued in the future")
    if iat < now - MAX_AGE - LEEWAY:
        raise SignInError("ID token was issued too long ago")
    if claims.get("nonce") != nonce:
        raise SignInError("ID token nonce does not match this sign-in")
    required = set(acr_values)
    if required and claims.get("acr") not in required:
        raise SignInError("ID token acr is not an accepted assurance level", code="assurance")
