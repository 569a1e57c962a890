"""Editing and deleting actors, community maps kept by facilitators, and a person's data."""

from __future__ import annotations

from sqlalchemy import select

from forum.actions.erasure import erase_account
from forum.auth.export import account_data
from forum.extensions import db
from plugins.learning_communities.communities.actions import invite, join, set_role
from plugins.learning_communities.maps.actions import add_node, claim_node
from plugins.learning_communities.maps.models import Node
from plugins.learning_communities.models import CommunityMember
from tests.conftest import login
from tests.factories import make_user
from tests.plugins.learning_communities_tests.helpers import (
    form,
    make_community,
    make_weaver,
    region,
)

ACTOR = {"kind": "organisation", "type": "funder", "sector": "public", "themes": "rahoitus"}


def test_the_weaver_edits_and_deletes_an_actor(client):
    weaver = make_weaver("MK18")
    person = make_user()
    target = add_node(weaver, region("MK18"), label="STEA", kind="organisation", type="funder")
    login(client, weaver)
    edited = form(
        client,
        f"/maps/nodes/{target.id}",
        {
            **ACTOR,
            "label": "STEA (sosiaali- ja terveysjärjestöjen avustuskeskus)",
            "username": person.username,
        },
    )
    assert edited.status_code == 303
    data = client.get("/regions/MK18/map/data.json").get_json()
    assert data["elements"][0]["label"].startswith("STEA (")
    assert data["elements"][0]["user"] == person.username
    assert (
        form(
            client, f"/maps/nodes/{target.id}", {**ACTOR, "label": "X", "username": "nobody-here"}
        ).status_code
        == 400
    )
    assert form(client, f"/maps/nodes/{target.id}", {"do": "delete"}).status_code == 303
    assert client.get("/regions/MK18/map/data.json").get_json()["elements"] == []


def test_a_communitys_facilitator_keeps_its_map(client):
    weaver = make_weaver("MK18")
    community = make_community(weaver, "Kartoittajat", policy="invitation")
    facilitator, member = make_user(), make_user()
    for person in (facilitator, member):
        invite(weaver, community, person)
        join(person, community)
    set_role(weaver, community, facilitator, "facilitator")
    login(client, facilitator)
    path = "/communities/kartoittajat/map/nodes"
    assert form(client, path, {**ACTOR, "label": "Kainuun Yrittäjät"}).status_code == 303
    login(client, member)
    assert form(client, path, {**ACTOR, "label": "Jäsenen lisäys"}).status_code == 403
    login(client, make_weaver("MK19"))
    assert form(client, path, {**ACTOR, "label": "Lapin lisäys"}).status_code == 403
    labels = [
        e["label"]
        for e in client.get("/communities/kartoittajat/map/data.json").get_json()["elements"]
    ]
    assert labels == ["Kainuun Yrittäjät"]


def test_a_persons_places_and_claims_are_exported_and_erased():
    weaver = make_weaver("MK18")
    community = make_community(weaver, "Poistuvat")
    person = make_user()
    join(person, community)
    node = add_node(
        weaver, region("MK18"), label="Oma yhdistys", kind="organisation", type="developer"
    )
    claim_node(person, node)
    exported = account_data(person)["learning_communities"]
    assert exported["communities"][0]["community"] == "Poistuvat"
    assert exported["map_actors"][0]["label"] == "Oma yhdistys"
    erase_account(person)
    db.session.expire_all()
    assert db.session.get(Node, node.id).user_id is None
    assert (
        db.session.scalar(select(CommunityMember).where(CommunityMember.user_id == person.id))
        is None
    )
