"""Learning communities through HTTP: founding, each membership policy, visibility, status."""

from __future__ import annotations

import pytest

from forum.actions.errors import PermissionDenied
from plugins.learning_communities.communities.actions import invite, join
from tests.conftest import login
from tests.factories import admin, make_user
from tests.plugins.learning_communities_tests.helpers import (
    form,
    make_community,
    make_weaver,
)


def test_a_weaver_founds_a_community_in_their_region_with_its_own_space(client):
    weaver = make_weaver("MK18")
    login(client, weaver)
    assert client.get("/communities/new").status_code == 200
    made = form(
        client,
        "/communities/",
        {
            "name": "Kainuun liikuntaneuvonta",
            "description": "Liikuntaneuvonnan palveluketju",
            "themes": "liikunta, hyvinvointi",
            "regions": "MK18",
            "policy": "open",
            "visibility": "public",
        },
    )
    assert made.status_code == 303
    assert made.headers["Location"].endswith("/communities/kainuun-liikuntaneuvonta")
    page = client.get("/communities/kainuun-liikuntaneuvonta").text
    assert "Kainuun liikuntaneuvonta" in page
    assert "liikunta, hyvinvointi" in page
    assert "/s/lc-kainuun-liikuntaneuvonta" in page
    assert client.get("/s/lc-kainuun-liikuntaneuvonta").status_code == 200
    assert "Kainuun liikuntaneuvonta" in client.get("/regions/MK18").text


def test_only_weavers_of_its_region_or_administrators_found_a_community(client):
    lapland_weaver = make_weaver("MK19")
    login(client, lapland_weaver)
    refused = form(client, "/communities/", {"name": "Kainuun yhteisö", "regions": "MK18"})
    assert refused.status_code == 403
    national = form(client, "/communities/", {"name": "Koko Suomi"})
    assert national.status_code == 403
    actor = make_user()
    login(client, actor)
    assert client.get("/communities/new").status_code == 403
    with pytest.raises(PermissionDenied):
        make_community(actor, "Omatoiminen")
    assert make_community(admin(), "Valtakunnallinen", "MK01").slug == "valtakunnallinen"


def test_open_community_join_and_leave(client):
    community = make_community(make_weaver("MK18"), "Avoin yhteisö", policy="open")
    actor = make_user(display_name="Aino Kehittäjä")
    login(client, actor)
    assert form(client, "/communities/avoin-yhteiso/join").status_code == 303
    page = client.get("/communities/avoin-yhteiso").text
    assert "Aino Kehittäjä" in page
    assert 'action="/communities/avoin-yhteiso/leave"' in page
    assert form(client, "/communities/avoin-yhteiso/leave").status_code == 303
    assert community.id


def test_by_request_a_facilitator_approves_or_declines(client):
    weaver = make_weaver("MK18")
    make_community(weaver, "Pyydettävä", policy="request")
    first, second = make_user(display_name="Eka Hakija"), make_user(display_name="Toka Hakija")
    for person in (first, second):
        login(client, person)
        assert form(client, "/communities/pyydettava/join").status_code == 303
    assert form(client, "/communities/pyydettava/join").status_code == 409  # waiting already
    login(client, first)
    refused = form(
        client, f"/communities/pyydettava/members/{second.username}", {"decision": "approve"}
    )
    assert refused.status_code == 403
    login(client, weaver)
    page = client.get("/communities/pyydettava").text
    assert "Eka Hakija" in page
    ok = form(client, f"/communities/pyydettava/members/{first.username}", {"decision": "approve"})
    assert ok.status_code == 303
    no = form(client, f"/communities/pyydettava/members/{second.username}", {"decision": "decline"})
    assert no.status_code == 303
    login(client, first)
    assert 'action="/communities/pyydettava/leave"' in client.get("/communities/pyydettava").text
    login(client, second)
    page = client.get("/communities/pyydettava").text
    assert 'action="/communities/pyydettava/join"' in page
    assert 'action="/communities/pyydettava/leave"' not in page


def test_by_invitation_only_the_invited_join(client):
    weaver = make_weaver("MK18")
    make_community(weaver, "Kutsuttavat", policy="invitation")
    guest, stranger = make_user(), make_user()
    login(client, stranger)
    assert form(client, "/communities/kutsuttavat/join").status_code == 403
    login(client, weaver)
    assert (
        form(client, "/communities/kutsuttavat/invite", {"username": guest.username}).status_code
        == 303
    )
    login(client, guest)
    assert 'action="/communities/kutsuttavat/join"' in client.get("/communities/kutsuttavat").text
    assert form(client, "/communities/kutsuttavat/join").status_code == 303
    page = client.get("/communities/kutsuttavat").text
    assert 'action="/communities/kutsuttavat/join"' not in page
    assert 'action="/communities/kutsuttavat/leave"' in page


def test_members_only_community_is_hidden_from_outsiders_everywhere(client):
    weaver = make_weaver("MK18")
    community = make_community(weaver, "Suljettu piiri", visibility="members", policy="invitation")
    member, outsider = make_user(), make_user()
    invite(weaver, community, member)
    join(member, community)
    for who in (None, outsider):
        if who:
            login(client, who)
        assert client.get("/communities/suljettu-piiri").status_code == 404
        assert "Suljettu piiri" not in client.get("/communities/").text
        assert "Suljettu piiri" not in client.get("/regions/MK18").text
        assert client.get("/s/lc-suljettu-piiri").status_code == 404
        assert client.get("/communities/suljettu-piiri/map").status_code == 404
    login(client, member)
    assert client.get("/communities/suljettu-piiri").status_code == 200
    assert "Suljettu piiri" in client.get("/regions/MK18").text
    assert client.get("/s/lc-suljettu-piiri").status_code == 200


def test_member_list_is_for_members_and_managers(client):
    weaver = make_weaver("MK18")
    community = make_community(weaver, "Jäsenlista")
    member = make_user(display_name="Näkyvä Jäsen")
    join(member, community)
    assert "Näkyvä Jäsen" not in client.get("/communities/jasenlista").text
    login(client, member)
    assert "Näkyvä Jäsen" in client.get("/communities/jasenlista").text


def test_facilitators_manage_members_and_removed_members_lose_the_space(client):
    weaver = make_weaver("MK18")
    community = make_community(weaver, "Hoidettu", visibility="members", policy="invitation")
    facilitator, member = make_user(), make_user()
    for person in (facilitator, member):
        invite(weaver, community, person)
        join(person, community)
    login(client, weaver)
    path = f"/communities/hoidettu/members/{facilitator.username}"
    assert form(client, path, {"decision": "facilitator"}).status_code == 303
    login(client, facilitator)
    removed = form(
        client, f"/communities/hoidettu/members/{member.username}", {"decision": "remove"}
    )
    assert removed.status_code == 303
    login(client, member)
    assert client.get("/s/lc-hoidettu").status_code == 404


def test_status_closing_needs_a_reason_and_stops_joining(client):
    weaver = make_weaver("MK18")
    make_community(weaver, "Sulkeutuva")
    login(client, weaver)
    assert form(client, "/communities/sulkeutuva/status", {"status": "closed"}).status_code == 400
    done = form(
        client, "/communities/sulkeutuva/status", {"status": "closed", "reason": "Hanke päättyi"}
    )
    assert done.status_code == 303
    assert "Hanke päättyi" in client.get("/communities/sulkeutuva").text
    login(client, make_user())
    assert form(client, "/communities/sulkeutuva/join").status_code == 409


def test_the_weaver_of_another_region_cannot_manage(client):
    make_community(make_weaver("MK18"), "Kainuulaiset")
    login(client, make_weaver("MK19"))
    assert form(client, "/communities/kainuulaiset/status", {"status": "active"}).status_code == 403


def test_long_names_fit_the_space_and_group_names(client):
    weaver = make_weaver("MK18")
    name = "Kainuun ikääntyneiden liikuntaneuvonnan ja kotijumpan oppimisyhteisö"
    first = make_community(weaver, name)
    second = make_community(weaver, name + " II")
    assert first.members_group_id != second.members_group_id
    assert client.get(f"/communities/{first.slug}").status_code == 200
    assert client.get(f"/s/{first.space.slug}").status_code == 200
    third = make_community(weaver, name + " III")
    assert len({first.slug, second.slug, third.slug}) == 3
