"""Sign-in against a real OpenID Provider process (panva/oidc-provider) on 127.0.0.1."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from forum.auth import config as oidc_config
from forum.extensions import db
from forum.models import Identity, ProviderLink, User, UserSession
from forum.permissions import group_names
from tests.oidc.fixtures import SECRET, sign_in, signed_in_user_id
from tests.oidc.process import EIDAS_LOW, NIN, walk_to_callback


def sessions() -> int:
    return db.session.scalar(select(func.count()).select_from(UserSession))


@pytest.mark.usefixtures("providers")
def test_first_sign_in_creates_an_unregistered_account_and_a_session(client):
    response = sign_in(client)
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/account/register")
    user = db.session.scalar(select(User))
    assert user.display_name == "Aino Testinen"
    assert signed_in_user_id(client) == str(user.id)
    assert sessions() == 1
    assert db.session.scalar(select(ProviderLink.subject)) == "person-1"
    assert "registered" not in group_names(user)


@pytest.mark.usefixtures("providers")
def test_the_ftn_profile_signs_in_end_to_end(client):
    response = sign_in(client, "ftn")
    assert response.status_code == 303, response.text
    assert signed_in_user_id(client)
    assert db.session.scalar(select(ProviderLink.provider)) == "ftn"


@pytest.mark.usefixtures("providers")
def test_two_providers_reach_the_same_account(client, app):
    sign_in(client, "default")
    sign_in(app.test_client(), "ftn")
    assert db.session.scalar(select(func.count()).select_from(User)) == 1
    assert db.session.scalar(select(func.count()).select_from(ProviderLink)) == 2
    assert db.session.scalar(select(func.count()).select_from(Identity)) == 1


@pytest.mark.usefixtures("providers")
def test_too_low_an_assurance_level_gets_no_session(client, op, caplog):
    op.set_person("person-1", {"hetu": NIN, "given_name": "Aino"}, acr=EIDAS_LOW)
    with caplog.at_level(logging.WARNING):
        response = sign_in(client)
    assert response.status_code == 400
    assert "strong identification" in response.text or "vahva" in response.text.lower()
    assert "acr" in caplog.text
    assert sessions() == 0
    assert signed_in_user_id(client) is None


def assert_refused(response, caplog, reason: str, status: int = 400) -> None:
    assert response.status_code == status, response.text
    assert "Sign-in failed" in response.text or "Kirjautuminen epäonnistui" in response.text
    assert reason in caplog.text
    assert sessions() == 0


@pytest.mark.usefixtures("providers")
@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"sign": "stranger"}, "unknown key id"),
        ({"sign": "none"}, "refused algorithm 'none'"),
        ({"set": {"aud": "someone-else"}}, "aud does not contain the client id"),
        ({"set": {"aud": ["forum-standard", "someone-else"]}}, "azp is not the client id"),
        ({"set": {"iss": "http://127.0.0.1:1"}}, "iss is not the configured issuer"),
        ({"set": {"exp": 1_000_000_000, "iat": 999_999_000}}, "has expired"),
        ({"set": {"nonce": "another-sign-in"}}, "nonce does not match"),
        ({"unset": ["acr"]}, "acr is not an accepted assurance level"),
    ],
    ids=[
        "unknown-key",
        "alg-none",
        "foreign-aud",
        "azp",
        "wrong-iss",
        "expired",
        "nonce",
        "no-acr",
    ],
)
def test_a_tampered_id_token_gets_no_session(client, op, caplog, change, reason):
    op.tamper(idToken={"sign": "provider", **change})
    with caplog.at_level(logging.WARNING):
        response = sign_in(client)
    assert_refused(response, caplog, reason)
    assert signed_in_user_id(client) is None


@pytest.mark.usefixtures("providers")
def test_userinfo_for_another_subject_gets_no_session(client, op, caplog):
    op.tamper(userinfo={"sub": "someone-else"})
    with caplog.at_level(logging.WARNING):
        response = sign_in(client)
    assert_refused(response, caplog, "userinfo sub is not the ID token's sub")


@pytest.mark.usefixtures("providers")
def test_a_missing_identity_number_gets_no_session(client, op, caplog):
    op.set_person("person-2", {"given_name": "Nobody"})
    with caplog.at_level(logging.WARNING):
        response = sign_in(client)
    assert_refused(response, caplog, "no identity number claim")
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


@pytest.mark.usefixtures("providers")
def test_a_replayed_callback_gets_no_second_session(client, app, caplog):
    start = client.get("/auth/oidc/default/login")
    callback = walk_to_callback(start.headers["Location"])
    assert client.get(callback).status_code == 303
    assert sessions() == 1
    with caplog.at_level(logging.WARNING):
        again = client.get(callback)
        elsewhere = app.test_client().get(callback)
    assert again.status_code == elsewhere.status_code == 400
    assert caplog.text.count("state is unknown") == 2
    assert sessions() == 1


@pytest.mark.usefixtures("providers")
def test_a_state_from_another_browser_gets_no_session(client, app, caplog):
    start = client.get("/auth/oidc/default/login")
    callback = walk_to_callback(start.headers["Location"])
    other = app.test_client()
    with caplog.at_level(logging.WARNING):
        response = other.get(callback)
    assert_refused(response, caplog, "state is unknown")
    assert signed_in_user_id(other) is None


@pytest.mark.usefixtures("providers")
def test_a_forged_iss_parameter_gets_no_session(client, caplog):
    start = client.get("/auth/oidc/default/login")
    callback = walk_to_callback(start.headers["Location"])
    assert "iss=" in callback
    forged = callback.replace("iss=http", "iss=https")
    with caplog.at_level(logging.WARNING):
        response = client.get(forged)
    assert_refused(response, caplog, "authorization response iss is another issuer")


@pytest.mark.usefixtures("providers")
def test_a_slow_provider_times_out_without_a_session(client, app, op, caplog, monkeypatch):
    slow = oidc_config.build(
        "default",
        {
            "issuer": op.issuer,
            "client_id": "forum-standard",
            "client_secret": SECRET,
            "scopes": "openid profile hetu",
            "nin_claim": "hetu",
            "timeout": 0.5,
        },
        oidc_config.defaults(app.config),
    )
    monkeypatch.setitem(app.extensions["forum_oidc_providers"], "default", slow)
    op.tamper(delayMs=1500)
    with caplog.at_level(logging.WARNING):
        response = sign_in(client)
    assert_refused(response, caplog, "did not answer in time", status=502)


def test_a_provider_that_is_down_gets_a_clear_page(client, app, caplog, monkeypatch):
    down = oidc_config.build(
        "default",
        {"issuer": "http://127.0.0.1:9", "client_id": "forum", "client_secret": "x"},
        oidc_config.defaults(app.config),
    )
    monkeypatch.setitem(app.extensions, "forum_oidc_providers", {"default": down})
    monkeypatch.setitem(app.extensions, "forum_oidc_cache", {})
    with caplog.at_level(logging.WARNING):
        response = client.get("/auth/oidc/default/login")
    assert_refused(response, caplog, "could not be read", status=502)


def test_an_unknown_provider_is_not_found(client):
    assert client.get("/auth/oidc/nosuch/login").status_code == 404
    assert client.get("/auth/oidc/nosuch/callback?state=x&code=y").status_code == 404


@pytest.mark.usefixtures("providers")
def test_the_authorization_request_carries_pkce_state_nonce_and_acr(client):
    location = client.get("/auth/oidc/default/login").headers["Location"]
    query = parse_qs(urlsplit(location).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43
    assert len(query["state"][0]) >= 32
    assert len(query["nonce"][0]) >= 32
    assert "http://eidas.europa.eu/LoA/substantial" in query["acr_values"][0].split()
    assert "code_verifier" not in location


@pytest.mark.usefixtures("providers")
def test_a_callback_replayed_with_the_old_cookie_is_refused_by_the_code(client, app, caplog):
    """A signed cookie can be copied with its state; the single-use code still stops it."""
    start = client.get("/auth/oidc/default/login")
    callback = walk_to_callback(start.headers["Location"])
    with client.session_transaction() as session:
        before = dict(session)
    assert client.get(callback).status_code == 303
    copy = app.test_client()
    with copy.session_transaction() as session:
        session.update(before)
    with caplog.at_level(logging.WARNING):
        response = copy.get(callback)
    assert response.status_code == 400
    assert "token endpoint refused the code" in caplog.text
    assert sessions() == 1
    assert signed_in_user_id(copy) is None
