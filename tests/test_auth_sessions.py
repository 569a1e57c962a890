"""Sessions: new at sign-in, timed out when idle or old, ended here or everywhere."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from forum.extensions import db
from forum.models import UserSession
from forum.models.base import utcnow
from tests.conftest import login
from tests.factories import make_user
from tests.helpers import csrf_token
from tests.oidc.fixtures import sign_in, signed_in_user_id


def sessions() -> int:
    return db.session.scalar(select(func.count()).select_from(UserSession))


def is_signed_in(client) -> bool:
    return 'action="/auth/logout"' in client.get("/").text


@pytest.mark.usefixtures("providers")
def test_sign_in_starts_a_new_session_without_what_was_planted(client):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
        session["sid"] = "a-token-chosen-by-an-attacker"
    response = sign_in(client)
    assert response.status_code == 303
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["sid"] != "a-token-chosen-by-an-attacker"
    assert signed_in_user_id(client)
    assert sessions() == 1
    stored = db.session.scalar(select(UserSession.id))
    with client.session_transaction() as session:
        assert stored != session["sid"], "only a hash of the token is stored"


@pytest.mark.parametrize("column", ["last_seen_at", "expires_at"])
def test_an_idle_or_old_session_ends(client, app, column):
    user = make_user()
    login(client, user)
    assert is_signed_in(client)
    past = utcnow() - timedelta(seconds=app.config["SESSION_IDLE_TIMEOUT"] + 1)
    db.session.execute(update(UserSession).values({column: past}))
    db.session.commit()
    assert not is_signed_in(client)
    assert sessions() == 0


@pytest.mark.usefixtures("providers")
def test_sign_out_ends_the_session_and_signs_out_at_the_provider(client, op):
    sign_in(client)
    response = client.post("/auth/logout", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location.startswith(f"{op.issuer}/session/end?")
    assert "client_id=forum-standard" in location
    assert "post_logout_redirect_uri=http%3A%2F%2Fforum.test%2Fauth%2Fsigned-out" in location
    assert sessions() == 0
    assert not is_signed_in(client)


def test_sign_out_needs_the_csrf_token(client):
    login(client, make_user())
    assert client.post("/auth/logout").status_code == 400
    assert is_signed_in(client)


def test_sign_out_everywhere_ends_every_browser(client, app):
    user = make_user()
    other = app.test_client()
    login(client, user)
    login(other, user)
    assert is_signed_in(other)
    response = client.post("/auth/logout/everywhere", data={"csrf_token": csrf_token(client)})
    assert response.headers["Location"].endswith("/auth/signed-out")
    assert not is_signed_in(client)
    assert not is_signed_in(other)
    assert sessions() == 0


def test_the_header_offers_sign_in_and_sign_out(client):
    assert 'href="/auth/login?next=/"' in client.get("/").text
    login(client, make_user())
    assert is_signed_in(client)


@pytest.mark.usefixtures("providers")
def test_signing_in_again_replaces_the_old_session(client):
    sign_in(client)
    with client.session_transaction() as session:
        first = session["sid"]
    sign_in(client)
    with client.session_transaction() as session:
        assert session["sid"] != first
    assert sessions() == 1
