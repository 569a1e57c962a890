"""Roles administration: grant, revoke, decide requests; every change in the audit trail."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from forum.actions.accounts import register, sign_in_identified
from forum.actions.errors import Conflict, PermissionDenied, ValidationError
from forum.actions.organisations import (
    organisation_by_name,
    save_organisation,
    set_organisation_verified,
)
from forum.actions.roles import decide_role_request, grant_role, revoke_role
from forum.extensions import db
from forum.models import AuditRecord, Region, RoleGrant, RoleRequest, User
from forum.permissions import can, group_names
from tests.conftest import login
from tests.factories import admin, make_space, make_user
from tests.helpers import csrf_token
from tests.oidc.process import NIN


def region(code: str = "MK18") -> Region:
    return db.session.scalar(select(Region).where(Region.code == code))


def audit() -> list[tuple[str, dict]]:
    return [(a.action, a.details) for a in db.session.scalars(select(AuditRecord))]


def test_weaver_roles_are_per_region_and_open_the_region_group():
    person = make_user()
    grant_role(admin(), person, "weaver", region=region())
    space = make_space(grants={"weavers-mk18": ["see", "read", "moderate"]})
    assert "weavers-mk18" in group_names(person)
    assert can(person, "moderate", space)
    with pytest.raises(Conflict):
        grant_role(admin(), person, "weaver", region=region())
    revoke_role(admin(), person, "weaver", region=region())
    assert "weavers-mk18" not in group_names(person)
    assert [a for a, _d in audit()] == ["role.granted", "role.revoked"]
    assert audit()[0][1] == {"role": "weaver", "region": "MK18"}


def test_funder_needs_a_verified_organisation():
    person = make_user()
    stea = save_organisation(admin(), None, name="STEA")
    with pytest.raises(ValidationError):
        grant_role(admin(), person, "funder", organisation=None)
    with force_locale("en"), pytest.raises(ValidationError, match="verified"):
        grant_role(admin(), person, "funder", organisation=stea)
    assert "funders" not in group_names(person)
    set_organisation_verified(admin(), stea, True)
    grant_role(admin(), person, "funder", organisation=stea)
    assert "funders" in group_names(person)
    assert db.session.scalar(select(RoleGrant.organisation_id)) == stea.id
    with pytest.raises(Conflict):
        grant_role(admin(), person, "funder", organisation=stea)
    revoke_role(admin(), person, "funder", organisation=stea)
    assert "funders" not in group_names(person)


def test_moderator_and_administrator_are_group_memberships():
    person = make_user()
    grant_role(admin(), person, "moderator")
    grant_role(admin(), person, "administrator")
    assert {"moderators", "administrators"} <= group_names(person)
    revoke_role(admin(), person, "administrator")
    assert "administrators" not in group_names(person)


def test_the_last_administrator_stays():
    only = admin()
    with pytest.raises(Conflict):
        revoke_role(only, only, "administrator")


def test_only_administrators_change_roles():
    person, other = make_user(), make_user()
    with pytest.raises(PermissionDenied):
        grant_role(person, other, "moderator")
    assert audit() == []


def requested(role: str) -> RoleRequest:
    user = sign_in_identified("default", "sub-1", NIN, "Liisa Kutoja")
    register(
        user,
        display_name="Liisa",
        username="liisa",
        email="liisa@example.org",
        organisation="Kainuun ELY-keskus",
        region_ids=[region().id],
        requested_roles=[role],
        accepted_terms="2026-11",
    )
    return db.session.scalar(select(RoleRequest))


def test_approving_a_weaver_request_grants_the_profile_regions():
    request = requested("weaver")
    decide_role_request(admin(), request, approve=True, message="Tervetuloa!")
    assert request.status == "approved"
    assert request.message == "Tervetuloa!"
    assert "weavers-mk18" in group_names(request.user)
    assert [a for a, _d in audit()] == ["role.granted", "role_request.approved"]
    with pytest.raises(Conflict):
        decide_role_request(admin(), request, approve=False)


def test_approving_a_funder_request_needs_the_organisation_verified():
    request = requested("funder")
    organisation = organisation_by_name("Kainuun ELY-keskus")
    assert organisation is not None
    assert not organisation.verified
    with pytest.raises(ValidationError):
        decide_role_request(admin(), request, approve=True)
    assert request.status == "pending"
    set_organisation_verified(admin(), organisation, True)
    decide_role_request(admin(), request, approve=True)
    assert "funders" in group_names(request.user)


def test_declining_a_funder_request_grants_nothing():
    request = requested("funder")
    decide_role_request(admin(), request, approve=False, message="Not a funder.")
    assert request.status == "declined"
    assert "funders" not in group_names(request.user)
    assert audit() == [("role_request.declined", {"role": "funder"})]


def test_the_admin_pages_decide_and_grant(client):
    request = requested("funder")
    set_organisation_verified(admin(), organisation_by_name("Kainuun ELY-keskus"), True)
    login(client, admin())
    page = client.get("/account/admin/roles")
    assert "Liisa" in page.text
    answer = client.post(
        f"/account/admin/requests/{request.id}",
        data={
            "csrf_token": csrf_token(client, "/account/admin/roles"),
            "decision": "approve",
            "organisation": "Kainuun ELY-keskus",
            "message": "ok",
        },
    )
    assert answer.status_code == 303
    person = db.session.scalar(select(User).where(User.username == "liisa"))
    token = csrf_token(client, f"/account/admin/people/{person.id}")
    granted = client.post(
        f"/account/admin/people/{person.id}/grant",
        data={"csrf_token": token, "role": "weaver", "region": str(region().id)},
    )
    assert granted.status_code == 303
    db.session.rollback()
    assert {"funders", "weavers-mk18"} <= group_names(person)


def test_the_admin_pages_are_for_administrators_only(client):
    login(client, make_user())
    assert client.get("/account/admin/roles").status_code == 403
    assert client.get("/account/admin/people/1").status_code == 403


def test_the_person_page_offers_only_verified_organisations_for_funders(client):
    person = make_user()
    verified = save_organisation(admin(), None, name="Suomen Kulttuurirahasto")
    set_organisation_verified(admin(), verified, True)
    save_organisation(admin(), None, name="Tuntematon Säätiö")
    login(client, admin())
    page = client.get(f"/account/admin/people/{person.id}").text
    assert '<option value="suomen-kulttuurirahasto">' in page
    assert "Tuntematon Säätiö" not in page
    token = csrf_token(client, f"/account/admin/people/{person.id}")
    granted = client.post(
        f"/account/admin/people/{person.id}/grant",
        data={"csrf_token": token, "role": "funder", "organisation": "suomen-kulttuurirahasto"},
    )
    assert granted.status_code == 303
    db.session.rollback()
    assert "funders" in group_names(person)
    assert "Suomen Kulttuurirahasto" in client.get(f"/account/admin/people/{person.id}").text
