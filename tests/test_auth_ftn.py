"""The ftn profile against a provider that requires it: what it refuses, and what the forum
refuses when a provider does less than the profile asks."""

from __future__ import annotations

import logging

import pytest
from joserfc.jwk import RSAKey

from forum.auth import config as oidc_config
from tests.oidc.fixtures import sign_in, signed_in_user_id


def reconfigure(app, monkeypatch, op, **settings):
    provider = oidc_config.build(
        "ftn",
        {"issuer": op.issuer, "scopes": "openid profile hetu", "nin_claim": "hetu", **settings},
        oidc_config.defaults(app.config),
    )
    monkeypatch.setitem(app.extensions["forum_oidc_providers"], "ftn", provider)


def test_the_forum_publishes_its_public_keys_only(client, app):
    response = client.get("/auth/jwks.json")
    keys = response.get_json()["keys"]
    assert {key["use"] for key in keys} == {"sig", "enc"}
    assert {key["alg"] for key in keys} == {"RS256", "RSA-OAEP-256"}
    assert all("d" not in key and "p" not in key for key in keys)
    assert all(key["kid"] for key in keys)
    signing = app.extensions["forum_oidc_keys"].signing
    assert any(key["n"] == signing.as_dict(private=False)["n"] for key in keys)


@pytest.mark.usefixtures("providers")
def test_the_provider_requires_a_request_object(client, app, op, monkeypatch, caplog):
    """The provider really enforces the profile: without JAR it answers with an error."""
    reconfigure(app, monkeypatch, op, client_id="forum-ftn", auth_method="private_key_jwt")
    with caplog.at_level(logging.WARNING):
        response = sign_in(client, "ftn")
    assert response.status_code == 400
    assert "provider answered 'invalid_request'" in caplog.text
    assert signed_in_user_id(client) is None


@pytest.mark.usefixtures("providers")
def test_a_plain_id_token_is_refused_by_the_ftn_profile(client, app, op, monkeypatch, caplog):
    reconfigure(app, monkeypatch, op, client_id="forum-plain", profile="ftn")
    with caplog.at_level(logging.WARNING):
        response = sign_in(client, "ftn")
    assert response.status_code == 400
    assert "ID token is not encrypted as the profile requires" in caplog.text
    assert signed_in_user_id(client) is None


@pytest.mark.usefixtures("providers")
def test_a_client_assertion_with_an_unregistered_key_is_refused(
    client, app, op, monkeypatch, caplog
):
    stranger = RSAKey.generate_key(2048, private=True)
    reconfigure(
        app,
        monkeypatch,
        op,
        client_id="forum-ftn",
        profile="ftn",
        private_key=stranger.as_pem(private=True).decode(),
        key_id="stranger",
    )
    with caplog.at_level(logging.WARNING):
        response = sign_in(client, "ftn")
    assert response.status_code == 400
    assert "provider answered 'invalid_request_object'" in caplog.text
    assert signed_in_user_id(client) is None
