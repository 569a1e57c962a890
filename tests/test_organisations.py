"""Organisations at /org/<slug>: members, verification by administrators, themes."""

from __future__ import annotations

from sqlalchemy import select

from forum.actions.accounts import register, sign_in_identified
from forum.actions.organisations import organisation_by_name, save_organisation
from forum.extensions import db
from forum.models import AuditRecord, Theme
from tests.conftest import login
from tests.factories import admin, make_space, make_topic, make_user
from tests.helpers import csrf_token
from tests.oidc.process import NIN
from tests.people_helpers import make_person, region


def audit_actions() -> list[str]:
    return [a.action for a in db.session.scalars(select(AuditRecord).order_by(AuditRecord.id))]


def test_registration_links_the_free_text_organisation_to_a_row():
    user = sign_in_identified("default", "sub-2", NIN, "Olli Organisaatio")
    register(
        user,
        display_name="Olli",
        username="olli",
        email="olli@example.org",
        organisation="Kainuun   liikuntaneuvonta",
        accepted_terms="2026-11",
    )
    organisation = organisation_by_name("kainuun liikuntaneuvonta")
    assert organisation is not None
    assert organisation.name == "Kainuun liikuntaneuvonta"
    assert not organisation.verified
    other = make_person("toinen", organisations=[("KAINUUN LIIKUNTANEUVONTA", "ohjaaja")])
    assert other is not None
    assert organisation_by_name("Kainuun liikuntaneuvonta").slug == "kainuun-liikuntaneuvonta"


def test_the_organisation_page_lists_members_who_show_it(client):
    organisation = save_organisation(
        admin(),
        None,
        name="Auran kunta",
        region=region("MK02"),
        sector="public",
        website="https://www.aura.fi",
        description="Monitoimitalo kaikille.",
    )
    shown = make_person(
        "naytetty",
        display_name="Näytetty Jäsen",
        organisations=[("Auran kunta", "hyvinvointikoordinaattori")],
        visibility={"organisations": "public", "activity": "public"},
    )
    make_person(
        "piilotettu",
        display_name="Piilotettu Jäsen",
        organisations=[("Auran kunta", "")],
        visibility={"organisations": "hidden"},
    )
    make_topic(shown, make_space(), title="Monitoimitalon kokemuksia")
    page = client.get(f"/org/{organisation.slug}")
    assert page.status_code == 200
    assert "Auran kunta" in page.text
    assert "Varsinais-Suomi" in page.text
    assert "https://www.aura.fi" in page.text
    assert "Näytetty Jäsen" in page.text
    assert "hyvinvointikoordinaattori" in page.text
    assert "Piilotettu Jäsen" not in page.text
    assert "Monitoimitalon kokemuksia" in page.text
    api = client.get(f"/api/v1/organisations/{organisation.slug}").get_json()
    assert [m["username"] for m in api["members"]] == ["naytetty"]
    assert client.get("/org/no-such").status_code == 404


def test_administrators_verify_and_unverify_with_an_audit_trail(client):
    organisation = save_organisation(admin(), None, name="Suomen Kulttuurirahasto")
    login(client, admin())
    page = client.get(f"/admin/organisations/{organisation.slug}")
    assert page.status_code == 200
    token = csrf_token(client, f"/admin/organisations/{organisation.slug}")
    answer = client.post(
        f"/admin/organisations/{organisation.slug}/verify", data={"csrf_token": token}
    )
    assert answer.status_code == 303
    assert "badge--verified" in client.get(f"/org/{organisation.slug}").text
    assert client.get("/api/v1/organisations/suomen-kulttuurirahasto").get_json()["verified"]
    client.post(f"/admin/organisations/{organisation.slug}/unverify", data={"csrf_token": token})
    assert "badge--verified" not in client.get(f"/org/{organisation.slug}").text
    assert audit_actions()[-2:] == ["organisation.verified", "organisation.unverified"]


def test_administrators_create_and_edit_organisations(client):
    login(client, admin())
    token = csrf_token(client, "/admin/organisations")
    created = client.post(
        "/admin/organisations",
        data={
            "csrf_token": token,
            "name": "Pohjois-Savon hyvinvointialue",
            "region": "MK11",
            "sector": "public",
            "website": "https://pshyvinvointialue.fi",
        },
    )
    assert created.status_code == 303
    assert created.headers["Location"].endswith(
        "/admin/organisations/pohjois-savon-hyvinvointialue"
    )
    bad = client.post(
        "/admin/organisations",
        data={"csrf_token": token, "name": "Toinen", "website": "javascript:alert(1)"},
    )
    assert bad.status_code == 400
    duplicate = client.post(
        "/admin/organisations", data={"csrf_token": token, "name": "pohjois-savon hyvinvointialue"}
    )
    assert duplicate.status_code == 400
    assert "exists already" in duplicate.text or "on jo" in duplicate.text


def test_organisation_and_theme_administration_is_for_administrators_only(client):
    organisation = save_organisation(admin(), None, name="Yhdistys")
    login(client, make_user())
    assert client.get("/admin/organisations").status_code == 403
    assert client.get("/admin/themes").status_code == 403
    token = csrf_token(client, "/")
    refused = client.post(
        f"/admin/organisations/{organisation.slug}/verify", data={"csrf_token": token}
    )
    assert refused.status_code == 403


def test_administrators_add_rename_and_remove_themes(client):
    person = make_person("teemallinen", themes=["Vanha nimi"], visibility={"themes": "public"})
    login(client, admin())
    token = csrf_token(client, "/admin/themes")
    assert (
        client.post("/admin/themes", data={"csrf_token": token, "name": "Kulttuuri"}).status_code
        == 303
    )
    assert (
        client.post("/admin/themes", data={"csrf_token": token, "name": "kulttuuri"}).status_code
        == 400
    )
    old = db.session.scalar(select(Theme).where(Theme.name == "Vanha nimi"))
    client.post(f"/admin/themes/{old.id}/rename", data={"csrf_token": token, "name": "Ikääntyneet"})
    assert "Ikääntyneet" in client.get(f"/u/{person.username}").text
    client.post(f"/admin/themes/{old.id}/delete", data={"csrf_token": token})
    assert "Ikääntyneet" not in client.get(f"/u/{person.username}").text
    assert [a for a in audit_actions() if a.startswith("theme.")][-3:] == [
        "theme.created",
        "theme.renamed",
        "theme.deleted",
    ]
