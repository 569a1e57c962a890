"""The person's own data: settings, export as JSON in a ZIP, erasure with anonymised content."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from sqlalchemy import select

from forum.actions.accounts import register, sign_in_identified
from forum.actions.erasure import ERASED_NAME, erase_account
from forum.actions.errors import PermissionDenied
from forum.actions.reactions import add_reaction
from forum.actions.sessions import start_session
from forum.extensions import db
from forum.models import Post, Profile, Reaction, Region, User
from tests.conftest import login
from tests.factories import admin, make_post, make_topic, make_user
from tests.helpers import csrf_token
from tests.oidc.process import NIN
from tests.test_auth_privacy import database_dump

PERSONAL = ("Aino Testinen", "aino.t", "aino@example.org", "Kainuun liikuntaneuvonta", "sub-aino")


def topic_posts(topic) -> list[Post]:
    return list(db.session.scalars(select(Post).where(Post.topic_id == topic.id)))


def registered_person() -> User:
    user = sign_in_identified("default", "sub-aino", NIN, "Aino Testinen")
    region = db.session.scalar(select(Region).where(Region.code == "MK18"))
    register(
        user,
        display_name="Aino T.",
        username="aino.t",
        email="aino@example.org",
        organisation="Kainuun liikuntaneuvonta",
        region_ids=[region.id],
        requested_roles=["weaver"],
        accepted_terms="2026-11",
    )
    return user


def test_the_settings_page_shows_the_person_their_data(client):
    login(client, registered_person())
    page = client.get("/account/settings")
    assert page.status_code == 200
    assert "aino@example.org" in page.text
    assert "Aino Testinen" in page.text


def test_the_export_holds_every_field_and_what_the_person_wrote(client):
    user = registered_person()
    make_topic(user, title="Tervehdys", raw="Hei!")
    login(client, user)
    start = client.post(
        "/account/export", data={"csrf_token": csrf_token(client, "/account/settings")}
    )
    assert start.status_code == 303
    download = client.get(start.headers["Location"])
    assert download.headers["Content-Type"] == "application/zip"
    assert download.headers["Cache-Control"] == "no-store"
    data = json.loads(zipfile.ZipFile(io.BytesIO(download.data)).read("account.json"))
    assert data["account"]["username"] == "aino.t"
    assert data["account"]["email"] == "aino@example.org"
    assert data["profile"]["verified_name"] == "Aino Testinen"
    assert data["profile"]["organisations"][0]["name"] == "Kainuun liikuntaneuvonta"
    assert data["profile"]["regions"] == ["MK18"]
    assert data["provider_links"][0]["subject"] == "sub-aino"
    assert data["role_requests"][0]["role"] == "weaver"
    assert len(data["sessions"]) == 1
    assert [(p["topic_title"], p["raw"]) for p in data["posts"]] == [("Tervehdys", "Hei!")]
    assert NIN not in download.data.decode("latin-1")


def test_an_export_link_is_for_its_owner_and_expires(client, app, monkeypatch):
    login(client, registered_person())
    start = client.post(
        "/account/export", data={"csrf_token": csrf_token(client, "/account/settings")}
    )
    other = app.test_client()
    login(other, make_user())
    assert other.get(start.headers["Location"]).status_code == 404
    monkeypatch.setattr("forum.auth.own_data.EXPORT_LINK_TTL", -1)
    assert client.get(start.headers["Location"]).status_code == 410
    assert client.get("/account/export/forged").status_code == 404


def test_erasure_leaves_no_personal_field_and_runs_the_content_hooks(client):
    user = registered_person()
    start_session(user)
    topic = make_topic(user, title="Tervehdys", raw="Hei!")
    add_reaction(user, make_post(topic, make_user(), raw="Moi!"), "like")
    login(client, user)
    token = csrf_token(client, "/account/erase")
    refused = client.post("/account/erase", data={"csrf_token": token, "content": "anonymise"})
    assert refused.status_code == 400
    erased = client.post(
        "/account/erase", data={"csrf_token": token, "content": "anonymise", "confirm": "y"}
    )
    assert erased.status_code == 303
    # The core's forum_account_erase: posts stay under the anonymous author, reactions go.
    assert [(p.raw, p.user_id) for p in topic_posts(topic) if p.raw == "Hei!"] == [
        ("Hei!", user.id)
    ]
    assert db.session.scalars(select(Reaction).where(Reaction.user_id == user.id)).all() == []
    db.session.rollback()
    dump = database_dump()
    for value in PERSONAL:
        assert value not in dump
    account = db.session.get(User, user.id)
    assert (account.display_name, account.email, account.active) == (ERASED_NAME, None, False)
    assert 'action="/auth/logout"' not in client.get("/").text
    again = sign_in_identified("default", "sub-aino", NIN, "Aino Testinen")
    assert again.id != user.id, "the identity key went with the account"


def test_an_administrator_may_erase_for_a_person_and_others_may_not():
    user = registered_person()
    erase_account(user, actor=admin(), delete_content=True)
    assert db.session.get(User, user.id).username == f"erased-{user.id}"
    with pytest.raises(PermissionDenied):
        erase_account(make_user(), actor=make_user())


def test_an_email_address_is_confirmed_by_its_link_only(client, app, monkeypatch):
    sent = []
    monkeypatch.setattr("forum.auth.email.deliver", lambda *args: sent.append(args))
    user = sign_in_identified("default", "sub-aino", NIN, "Aino Testinen")
    login(client, user)
    data = {
        "csrf_token": csrf_token(client, "/account/register"),
        "display_name": "Aino",
        "username": "aino.t",
        "email": "aino@example.org",
        "locale": "fi",
        "accept_terms": "y",
    }
    assert client.post("/account/register", data=data).status_code == 303
    assert [(uid, address) for uid, address, _url in sent] == [(user.id, "aino@example.org")]
    link = sent[0][2]
    assert link.startswith("http://forum.test/account/verify-email/")
    stranger = app.test_client()
    assert stranger.get(link).status_code == 200
    assert 'action="/auth/logout"' not in stranger.get("/").text, "a link signs nobody in"
    db.session.rollback()
    assert db.session.get(Profile, user.id).email_verified_at is not None
    assert client.get(link.replace("verify-email/", "verify-email/x")).status_code == 404


def test_an_old_or_expired_link_gets_a_clear_page(client, monkeypatch, caplog):
    sent = []
    monkeypatch.setattr("forum.auth.email.deliver", lambda *args: sent.append(args))
    user = registered_person()
    login(client, user)
    token = csrf_token(client, "/account/settings")
    assert client.post("/account/verify-email", data={"csrf_token": token}).status_code == 303
    link = sent[-1][2]
    monkeypatch.setattr("forum.auth.email.LINK_TTL", -1)
    assert client.get(link).status_code == 410
    assert "has expired" in caplog.text
    monkeypatch.setattr("forum.auth.email.LINK_TTL", 3600)
    form = {
        "csrf_token": token,
        "display_name": "Aino",
        "username": "aino.t",
        "email": "aino.new@example.org",
        "locale": "fi",
    }
    assert client.post("/account/register", data=form).status_code == 303
    assert client.get(link).status_code == 410, "the link was for the old address"
    db.session.rollback()
    assert db.session.get(Profile, user.id).email_verified_at is None


def test_presence_visibility_is_a_setting(client):
    user = registered_person()
    login(client, user)
    token = csrf_token(client, "/account/settings")
    assert (
        'id="show-presence" name="show_presence" value="1" checked'
        in client.get("/account/settings").text
    )
    client.post("/account/presence", data={"csrf_token": token})
    assert 'name="show_presence" value="1">' in client.get("/account/settings").text
    assert db.session.get(Profile, user.id).show_presence is False
