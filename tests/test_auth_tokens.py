"""The JOSE helpers on their own: claim checks, signatures, encryption."""

from __future__ import annotations

import time

import pytest
from joserfc import jwe, jws, jwt
from joserfc.jwk import KeySet, OctKey, RSAKey

from forum.auth.errors import SignInError
from forum.auth.tokens import check_id_token_claims, decrypt, verify_signature

ISSUER, CLIENT = "https://idp.example", "forum"
ACR = ("http://eidas.europa.eu/LoA/substantial",)


def claims(**changes):
    now = int(time.time())
    base = {
        "iss": ISSUER,
        "aud": CLIENT,
        "sub": "s1",
        "exp": now + 300,
        "iat": now,
        "nonce": "n1",
        "acr": ACR[0],
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def check(value):
    check_id_token_claims(value, issuer=ISSUER, client_id=CLIENT, nonce="n1", acr_values=ACR)


def test_good_claims_pass():
    check(claims())
    check(claims(aud=[CLIENT, "other"], azp=CLIENT))


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"iss": "https://evil.example"}, "iss"),
        ({"aud": "other"}, "aud"),
        ({"aud": [CLIENT, "other"]}, "azp"),
        ({"azp": "other"}, "azp"),
        ({"sub": None}, "sub"),
        ({"exp": None}, "exp"),
        # Times relative to when the test runs, not to when it was collected.
        ({"exp": lambda: int(time.time()) - 120}, "expired"),
        ({"iat": lambda: int(time.time()) + 600}, "future"),
        ({"iat": lambda: int(time.time()) - 3600}, "too long ago"),
        ({"nonce": "n2"}, "nonce"),
        ({"nonce": None}, "nonce"),
        ({"acr": "http://eidas.europa.eu/LoA/low"}, "acr"),
    ],
)
def test_bad_claims_fail(changes, reason):
    changes = {key: value() if callable(value) else value for key, value in changes.items()}
    with pytest.raises(SignInError, match=reason):
        check(claims(**changes))


def test_signatures_are_checked_and_unknown_keys_refetched_once():
    key = RSAKey.generate_key(2048, parameters={"kid": "k1"}, private=True)
    token = jwt.encode({"alg": "RS256", "kid": "k1"}, claims(), key)
    asked = []

    def keys(refresh):
        asked.append(refresh)
        return KeySet([key]) if refresh else KeySet([])

    assert verify_signature(token, keys)["sub"] == "s1"
    assert asked == [False, True]
    other = RSAKey.generate_key(2048, parameters={"kid": "k1"}, private=True)
    with pytest.raises(SignInError, match="does not verify"):
        verify_signature(token, lambda refresh: KeySet([other]))


def test_symmetric_and_none_algorithms_are_refused():
    secret = OctKey.generate_key(256)
    hs = jws.serialize_compact({"alg": "HS256"}, b'{"sub": "s1"}', secret)
    with pytest.raises(SignInError, match="refused algorithm 'HS256'"):
        verify_signature(hs, lambda refresh: KeySet([secret]))
    with pytest.raises(SignInError, match="not a compact JWS"):
        verify_signature("garbage", lambda refresh: KeySet([]))


def test_decryption_needs_the_right_key_and_algorithms():
    key = RSAKey.generate_key(2048, private=True)
    header = {"alg": "RSA-OAEP-256", "enc": "A256GCM"}
    token = jwe.encrypt_compact(header, b"inner", key, algorithms=["RSA-OAEP-256", "A256GCM"])
    assert decrypt(token, KeySet([key])) == "inner"
    other = RSAKey.generate_key(2048, private=True)
    with pytest.raises(SignInError, match="could not be decrypted"):
        decrypt(token, KeySet([other]))
    weak = jwe.encrypt_compact(
        {"alg": "RSA-OAEP", "enc": "A128GCM"}, b"inner", key, algorithms=["RSA-OAEP", "A128GCM"]
    )
    with pytest.raises(SignInError, match="could not be decrypted"):
        decrypt(weak, KeySet([key]))
