"""Identity providers from FORUM_OIDC_* and OIDC_PROVIDERS, checked at start."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from joserfc.jwk import RSAKey

from forum import create_app
from forum.auth.config import FTN, PRIVATE_KEY_JWT
from forum.settings import ConfigError


def providers(tmp_path, **settings):
    app = create_app({"ENV": "testing", "INSTANCE_PATH": str(tmp_path), **settings})
    return app.extensions["forum_oidc_providers"]


def test_the_environment_configures_the_default_provider(tmp_path, monkeypatch):
    monkeypatch.setenv("FORUM_OIDC_ISSUER", "https://idp.example")
    monkeypatch.setenv("FORUM_OIDC_CLIENT_ID", "12345")
    monkeypatch.setenv("FORUM_OIDC_CLIENT_SECRET", "s3cret")
    monkeypatch.setenv("FORUM_OIDC_ACR_VALUES", "http://ftn.ficora.fi/2017/loa3")
    monkeypatch.setenv("FORUM_OIDC_NIN_CLAIM", "urn:oid:1.2.246.21")
    default = providers(tmp_path)["default"]
    assert default.client_id == "12345", "a numeric id stays a string"
    assert default.acr_values == ("http://ftn.ficora.fi/2017/loa3",)
    assert default.nin_claim == "urn:oid:1.2.246.21"
    assert default.discovery_url == "https://idp.example/.well-known/openid-configuration"
    assert "s3cret" not in repr(default)


def test_more_providers_come_from_oidc_providers(tmp_path, monkeypatch):
    monkeypatch.setenv(
        "FORUM_OIDC_PROVIDERS",
        '{"suomifi": {"issuer": "https://tunnistus.example", "client_id": "forum",'
        ' "profile": "ftn", "title": "Suomi.fi"}}',
    )
    suomifi = providers(tmp_path)["suomifi"]
    assert suomifi.profile == FTN
    assert suomifi.auth_method == PRIVATE_KEY_JWT
    assert suomifi.acr_values, "takes the default assurance levels"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"OIDC_PROVIDERS": {"x": {"issuer": "https://a"}}}, "client_id"),
        (
            {"OIDC_PROVIDERS": {"x": {"issuer": "https://a", "client_id": "c", "colour": 1}}},
            "colour",
        ),
        (
            {"OIDC_PROVIDERS": {"x": {"issuer": "https://a", "client_id": "c", "profile": "x"}}},
            "profile",
        ),
        (
            {
                "OIDC_PROVIDERS": {
                    "x": {
                        "issuer": "https://a",
                        "client_id": "c",
                        "profile": "ftn",
                        "auth_method": "client_secret_basic",
                        "client_secret": "s",
                    }
                }
            },
            "private_key_jwt",
        ),
        ({"OIDC_PROVIDERS": {"Bad Name": {"issuer": "https://a", "client_id": "c"}}}, "name"),
        (
            {
                "OIDC_PROVIDERS": {
                    "x": {"issuer": "https://a", "client_id": "c", "private_key": "junk"}
                }
            },
            "key",
        ),
        ({"OIDC_PROVIDERS": ["x"]}, "JSON object"),
    ],
    ids=["no-client", "unknown-setting", "profile", "ftn-secret", "name", "bad-key", "not-object"],
)
def test_bad_provider_settings_stop_the_start(tmp_path, settings, message):
    with pytest.raises(ConfigError, match=message):
        providers(tmp_path, **settings)


def test_production_needs_the_forums_keys_for_private_key_jwt(tmp_path):
    with pytest.raises(ConfigError, match="FORUM_OIDC_SIGNING_KEY"):
        create_app(
            {
                "ENV": "production",
                "SECRET_KEY": "s" * 40,
                "IDENTITY_PEPPER": "p" * 40,
                "INSTANCE_PATH": str(tmp_path),
                "OIDC_PROVIDERS": {
                    "ftn": {"issuer": "https://a.example", "client_id": "c", "profile": "ftn"}
                },
            }
        )


def test_the_sign_in_page_lists_every_provider(client, app, monkeypatch):
    from forum.auth import config as oidc_config

    configured = {
        name: oidc_config.build(
            name,
            {"issuer": "https://a.example", "client_id": "c", "client_secret": "s", "title": title},
            {},
        )
        for name, title in (("default", "Pankkitunnukset"), ("suomifi", "Suomi.fi"))
    }
    monkeypatch.setitem(app.extensions, "forum_oidc_providers", configured)
    page = client.get("/auth/login?next=/s/x")
    assert "Pankkitunnukset" in page.text
    assert "Suomi.fi" in page.text
    assert 'href="/auth/oidc/suomifi/login?next=/s/x"' in page.text


def rsa_private_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def as_jwk(key: rsa.RSAPrivateKey) -> str:
    return json.dumps(RSAKey.import_key(key).as_dict(private=True))


def as_pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


@pytest.mark.parametrize(
    ("signing_format", "encryption_format"),
    [(as_jwk, as_jwk), (as_pem, as_jwk), (as_jwk, as_pem), (as_pem, as_pem)],
    ids=["jwk+jwk", "pem+jwk", "jwk+pem", "pem+pem"],
)
def test_the_forums_keys_may_be_given_as_jwk_or_pem(
    tmp_path, monkeypatch, signing_format, encryption_format
):
    """As the README documents: FORUM_OIDC_SIGNING_KEY and FORUM_OIDC_ENCRYPTION_KEY hold an
    RSA private key as a JWK (JSON) or as PEM, and the forum starts and publishes them."""
    signing, encryption = rsa_private_key(), rsa_private_key()
    monkeypatch.setenv("FORUM_OIDC_SIGNING_KEY", signing_format(signing))
    monkeypatch.setenv("FORUM_OIDC_ENCRYPTION_KEY", encryption_format(encryption))
    app = create_app({"ENV": "testing", "INSTANCE_PATH": str(tmp_path)})
    published = app.test_client().get("/auth/jwks.json").get_json()["keys"]
    expected = [
        RSAKey.import_key(signing.public_key()).as_dict()["n"],
        RSAKey.import_key(encryption.public_key()).as_dict()["n"],
    ]
    assert [key["n"] for key in published] == expected
    assert [(key["use"], key["alg"]) for key in published] == [
        ("sig", "RS256"),
        ("enc", "RSA-OAEP-256"),
    ]
    assert all("d" not in key for key in published)
