"""Groups hold verbs on spaces; pages show only what the viewer may see."""

import pytest
from flask_login import AnonymousUserMixin

from forum.models.group import EVERYONE, REGISTERED
from forum.permissions import can
from tests.conftest import login
from tests.factories import (
    REGISTERED_ONLY,
    make_admin,
    make_group,
    make_moderator,
    make_space,
    make_user,
)

ANON = AnonymousUserMixin()


@pytest.fixture
def spaces():
    member = make_user("member")
    group = make_group("insiders", members=[member])
    return {
        "public": make_space("public", name="Public space"),
        "registered": make_space("registered", name="Members space", grants=REGISTERED_ONLY),
        "private": make_space(
            "private", name="Private space", grants={group.name: ["see", "read", "reply"]}
        ),
        "listed": make_space("listed", name="Listed space", grants={EVERYONE: ["see"]}),
        "member": member,
    }


def roles(spaces):
    return {
        "anonymous": ANON,
        "registered": make_user("outsider"),
        "member": spaces["member"],
        "moderator": make_moderator("moderator"),
        "administrator": make_admin("root"),
    }


# What each role may read: the permission matrix of the foundation's surfaces.
READS = {
    "anonymous": {"public"},
    "registered": {"public", "registered"},
    "member": {"public", "registered", "private"},
    "moderator": {"public", "registered"},
    "administrator": {"public", "registered", "private", "listed"},
}


def test_can_read_matrix(spaces):
    for role, user in roles(spaces).items():
        readable = {
            name
            for name in ("public", "registered", "private", "listed")
            if can(user, "read", spaces[name])
        }
        assert readable == READS[role], role


def test_stronger_verbs_bring_the_weaker_ones(spaces):
    member = spaces["member"]
    assert can(member, "see", spaces["private"])
    assert can(member, "reply", spaces["private"])
    assert not can(member, "create_topic", spaces["private"])
    assert not can(member, "moderate", spaces["private"])
    assert not can(ANON, "reply", spaces["public"])
    assert can(make_user(), "reply", spaces["public"])


def test_home_page_and_space_pages_follow_the_matrix(app, spaces):
    for role, user in roles(spaces).items():
        client = app.test_client()
        if user is not ANON:
            login(client, user)
        home = client.get("/").text
        for name in ("public", "registered", "private"):
            title = spaces[name].name
            visible = name in READS[role]
            assert (title in home) is visible, (role, name)
            status = client.get(f"/s/{name}").status_code
            assert status == (200 if visible else 404), (role, name, status)
        # Listed but unreadable: the space shows on the home page, its page answers 403.
        listed_status = client.get("/s/listed").status_code
        assert listed_status == (200 if role == "administrator" else 403), role


def test_sub_spaces_inherit_nothing_and_are_listed_only_when_visible(app, spaces):
    parent = spaces["public"]
    make_space("open-child", name="Open child", parent=parent)
    make_space(
        "hidden-child", name="Hidden child", parent=parent, grants={REGISTERED: ["see", "read"]}
    )
    client = app.test_client()
    page = client.get("/s/public").text
    assert "Open child" in page
    assert "Hidden child" not in page
    assert "Hidden child" not in client.get("/").text
