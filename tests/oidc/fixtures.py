"""Fixtures for sign-in tests: the test OpenID Provider process, and the forum configured
with a provider of each profile ("default": standard, "ftn": ftn) that points at it."""

from __future__ import annotations

import pytest

from forum.auth import config as oidc_config
from tests.oidc.process import FORUM, NIN, start_provider, walk_to_callback

SECRET = "standard-client-secret-for-tests"


@pytest.fixture(scope="session")
def op(app):
    keys = app.extensions["forum_oidc_keys"]
    provider = start_provider(
        {
            "ninClaim": "hetu",
            "acrValues": [
                "http://eidas.europa.eu/LoA/low",
                "http://eidas.europa.eu/LoA/substantial",
                "http://eidas.europa.eu/LoA/high",
            ],
            "clients": [
                {
                    "client_id": "forum-standard",
                    "client_secret": SECRET,
                    "redirect_uris": [f"{FORUM}/auth/oidc/default/callback"],
                    "post_logout_redirect_uris": [f"{FORUM}/auth/signed-out"],
                    "token_endpoint_auth_method": "client_secret_basic",
                },
                {
                    "client_id": "forum-ftn",
                    "redirect_uris": [f"{FORUM}/auth/oidc/ftn/callback"],
                    "token_endpoint_auth_method": "private_key_jwt",
                    "token_endpoint_auth_signing_alg": "RS256",
                    "jwks": keys.public_jwks(),
                    "require_signed_request_object": True,
                    "request_object_signing_alg": "RS256",
                    "id_token_encrypted_response_alg": "RSA-OAEP-256",
                    "id_token_encrypted_response_enc": "A256GCM",
                    "userinfo_signed_response_alg": "RS256",
                    "userinfo_encrypted_response_alg": "RSA-OAEP-256",
                    "userinfo_encrypted_response_enc": "A256GCM",
                },
                {
                    # private_key_jwt but plain tokens: what the ftn profile must refuse.
                    "client_id": "forum-plain",
                    "redirect_uris": [f"{FORUM}/auth/oidc/ftn/callback"],
                    "token_endpoint_auth_method": "private_key_jwt",
                    "token_endpoint_auth_signing_alg": "RS256",
                    "jwks": keys.public_jwks(),
                },
            ],
        }
    )
    yield provider
    provider.stop()


@pytest.fixture
def providers(app, op, monkeypatch):
    common = {"issuer": op.issuer, "scopes": "openid profile hetu", "nin_claim": "hetu"}
    defaults = oidc_config.defaults(app.config)
    configured = {
        "default": oidc_config.build(
            "default", {**common, "client_id": "forum-standard", "client_secret": SECRET}, defaults
        ),
        "ftn": oidc_config.build(
            "ftn", {**common, "client_id": "forum-ftn", "profile": "ftn"}, defaults
        ),
    }
    monkeypatch.setitem(app.extensions, "forum_oidc_providers", configured)
    monkeypatch.setitem(app.extensions, "forum_oidc_cache", {})
    op.reset()
    op.set_person("person-1", {"hetu": NIN, "given_name": "Aino", "family_name": "Testinen"})
    return configured


def sign_in(client, name: str = "default"):
    start = client.get(f"/auth/oidc/{name}/login?next=/s/somewhere")
    assert start.status_code == 303, start.text
    return client.get(walk_to_callback(start.headers["Location"]))


def signed_in_user_id(client):
    with client.session_transaction() as session:
        return session.get("_user_id")
