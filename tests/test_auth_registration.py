"""Registration after the first sign-in: read but not write until it is complete."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.actions.accounts import sign_in_identified
from forum.extensions import db
from forum.models import Profile, Region, RoleRequest, User
from forum.permissions import can, group_names
from tests.conftest import login
from tests.factories import make_space, make_user
from tests.helpers import csrf_token
from tests.oidc.process import NIN, OTHER_NIN


@pytest.fixture
def newcomer() -> User:
    return sign_in_identified("default", "sub-aino", NIN, "Aino Testinen")


def form(client, **changes):
    region = db.session.scalar(select(Region.id).order_by(Region.code))
    data = {
        "csrf_token": csrf_token(client, "/account/register"),
        "display_name": "Aino T.",
        "username": "aino.t",
        "email": "aino@example.org",
        "organisation": "Kainuun liikuntaneuvonta",
        "sector": "public",
        "regions": [str(region)],
        "developer": "y",
        "request_weaver": "y",
        "locale": "fi",
        "accept_terms": "y",
        "next": "/",
    }
    data.update(changes)
    return client.post(
        "/account/register",
        data={k: v for k, v in data.items() if v is not None},
        headers={"Accept-Language": "en"},
    )


def test_an_identified_person_can_read_but_not_write_until_registered(client, newcomer):
    space = make_space()
    assert "registered" not in group_names(newcomer)
    assert can(newcomer, "read", space)
    assert not can(newcomer, "create_topic", space)
    login(client, newcomer)
    page = client.get("/account/register")
    assert page.status_code == 200
    assert 'value="Aino Testinen"' in page.text
    assert 'name="username" type="text" value=""' in page.text
    response = form(client)
    assert response.status_code == 303, response.text
    db.session.rollback()  # end this test's read snapshot to see what the request wrote
    user = db.session.get(User, newcomer.id)
    assert (user.username, user.display_name, user.email) == (
        "aino.t",
        "Aino T.",
        "aino@example.org",
    )
    profile = db.session.get(Profile, user.id)
    assert profile.registered_at is not None
    assert profile.email_verified_at is None
    assert [r.role for r in db.session.scalars(select(RoleRequest))] == ["weaver"]
    assert "registered" in group_names(user)
    assert can(user, "create_topic", space)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"username": "taken"}, "taken"),
        ({"username": "x"}, "3"),
        ({"username": "new-abc"}, "new-"),
        ({"email": "not-an-address"}, "e-mail"),
        ({"accept_terms": None}, "terms"),
        ({"regions": ["999999"]}, "Choose regions from the list"),
        ({"regions": ["north"]}, "could not be read"),
        ({"sector": "aliens"}, "Choose a sector"),
        ({"locale": "de"}, "language"),
    ],
    ids=[
        "taken",
        "too-short",
        "reserved",
        "email",
        "terms",
        "unknown-region",
        "not-a-region",
        "sector",
        "locale",
    ],
)
def test_bad_registration_input_gets_a_clear_message(client, newcomer, changes, message):
    make_user("taken")
    login(client, newcomer)
    response = form(client, **changes)
    assert response.status_code in (400, 409)
    assert message in response.text
    assert 'role="alert"' in response.text
    db.session.rollback()
    assert "registered" not in group_names(db.session.get(User, newcomer.id))


def test_a_new_terms_version_asks_again(client, app, newcomer, monkeypatch):
    login(client, newcomer)
    assert form(client).status_code == 303
    monkeypatch.setitem(app.config, "TERMS_VERSION", "2027-01")
    db.session.rollback()
    user = db.session.get(User, newcomer.id)
    assert "registered" not in group_names(user)
    token = csrf_token(client, "/account/terms")
    refused = client.post("/account/terms", data={"csrf_token": token})
    assert refused.status_code == 400
    accepted = client.post("/account/terms", data={"csrf_token": token, "accept_terms": "y"})
    assert accepted.status_code == 303
    db.session.rollback()
    assert "registered" in group_names(user)


def test_the_same_person_is_one_account_and_another_is_another():
    first = sign_in_identified("default", "sub-1", NIN, "Aino Testinen")
    again = sign_in_identified("ftn", "sub-9", NIN.lower(), "Aino Testinen")
    other = sign_in_identified("default", "sub-2", OTHER_NIN, "Bertil Testsson")
    assert first.id == again.id != other.id


def test_factory_users_are_registered():
    assert "registered" in group_names(make_user())


def test_the_header_points_an_unregistered_person_to_the_form(client, app, newcomer, monkeypatch):
    login(client, newcomer)
    assert 'href="/account/register"' in client.get("/").text
    form(client)
    assert 'href="/account/register"' not in client.get("/").text
    monkeypatch.setitem(app.config, "TERMS_VERSION", "2027-01")
    assert 'href="/account/terms"' in client.get("/").text
