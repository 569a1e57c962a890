"""The administration area: spaces with their permission grid, groups and members."""

from sqlalchemy import select

from forum.extensions import db
from forum.models import Space
from forum.permissions import can
from tests.conftest import login
from tests.factories import make_admin, make_group, make_space, make_user
from tests.helpers import csrf_token


def test_only_administrators_get_in(client):
    assert client.get("/admin/spaces").status_code == 404
    login(client, make_user())
    assert client.get("/admin/spaces").status_code == 403
    assert client.get("/admin/groups").status_code == 403


def test_an_administrator_creates_a_private_space_with_the_grid(client):
    login(client, make_admin())
    weavers = make_group("weavers")
    token = csrf_token(client, "/admin/spaces/new")
    answer = client.post(
        "/admin/spaces/new",
        data={
            "name": "Kutojat",
            "slug": "kutojat",
            "description": "Weavers only",
            "colour": "#7a3b3b",
            "position": "3",
            "grant-weavers-read": "1",
            "grant-weavers-reply": "1",
            "csrf_token": token,
        },
    )
    assert answer.status_code == 303
    space = db.session.scalar(select(Space).where(Space.slug == "kutojat"))
    member = make_user()
    from forum.actions.groups import add_member
    from tests.factories import admin

    add_member(admin(), weavers, member)
    assert can(member, "reply", space)
    assert not can(make_user(), "see", space)
    page = client.get(answer.headers["Location"]).text
    assert 'name="grant-weavers-read" value="1" aria-label' in page


def test_editing_a_space_keeps_the_text_on_error(client):
    login(client, make_admin())
    make_space("taken")
    space = make_space("mine", name="Mine")
    token = csrf_token(client, f"/admin/spaces/{space.id}")
    answer = client.post(
        f"/admin/spaces/{space.id}",
        data={
            "name": "Renamed",
            "slug": "taken",
            "colour": "#123456",
            "position": "1",
            "csrf_token": token,
        },
        headers={"Accept-Language": "en"},
    )
    assert answer.status_code == 409
    assert "already has the address" in answer.text
    assert 'value="Renamed"' in answer.text
    saved = client.post(
        f"/admin/spaces/{space.id}",
        data={
            "name": "Renamed",
            "slug": "mine",
            "colour": "#123456",
            "position": "1",
            "csrf_token": token,
        },
    )
    assert saved.status_code == 303
    db.session.refresh(space)
    assert space.name == "Renamed"
    assert space.permissions == []  # the grid was sent empty: nobody holds anything now


def test_groups_and_members(client):
    login(client, make_admin())
    token = csrf_token(client, "/admin/groups")
    created = client.post(
        "/admin/groups", data={"name": "funders", "title": "Funders", "csrf_token": token}
    )
    assert created.status_code == 303
    make_user("mikko")
    added = client.post("/admin/groups/funders", data={"username": "mikko", "csrf_token": token})
    assert added.status_code == 303
    assert "@mikko" in client.get("/admin/groups/funders").text
    unknown = client.post("/admin/groups/funders", data={"username": "nobody", "csrf_token": token})
    assert unknown.status_code == 400
    client.post("/admin/groups/funders/remove/mikko", data={"csrf_token": token})
    assert "@mikko" not in client.get("/admin/groups/funders").text
