"""Ecosystem maps through HTTP: drafting, bad input, claims, proposals, confirmation,
figures and snapshots."""

from __future__ import annotations

from sqlalchemy import func, select

from forum.extensions import db
from plugins.learning_communities.maps.actions import add_edge, add_node, claim_node
from plugins.learning_communities.maps.models import Edge, Node
from tests.conftest import login
from tests.factories import make_user
from tests.plugins.learning_communities_tests.helpers import form, make_weaver, region

ACTOR = {"kind": "organisation", "type": "developer", "sector": "third_sector"}


def node(weaver, code: str, label: str, themes=(), **kw) -> Node:
    return add_node(weaver, region(code), label=label, themes=list(themes), **{**ACTOR, **kw})


def partners(weaver, a: Node, b: Node, strength: int) -> Edge:
    return add_edge(
        weaver,
        region("MK18"),
        source_id=a.id,
        target_id=b.id,
        kind="partnership",
        directed=False,
        strength=strength,
    )


def counts() -> tuple[int, int]:
    return (
        db.session.scalar(select(func.count(Node.id))),
        db.session.scalar(select(func.count(Edge.id))),
    )


def test_a_weaver_drafts_the_regions_map_with_forms(client):
    weaver = make_weaver("MK18")
    login(client, weaver)
    assert client.get("/regions/MK18/map").status_code == 200
    for label, type_ in (
        ("Kajaanin kaupunki", "decision_maker"),
        ("Kainuun liikunta ry", "developer"),
    ):
        made = form(
            client,
            "/regions/MK18/map/nodes",
            {
                "label": label,
                "kind": "organisation",
                "type": type_,
                "sector": "public",
                "themes": "liikunta",
            },
        )
        assert made.status_code == 303
    ids = {n.label: n.id for n in db.session.scalars(select(Node))}
    edge = form(
        client,
        "/regions/MK18/map/edges",
        {
            "source_id": ids["Kajaanin kaupunki"],
            "target_id": ids["Kainuun liikunta ry"],
            "kind": "funding",
            "directed": "1",
            "strength": "2",
            "since": "2024-01-15",
            "source_note": "Avustuspäätös 2024",
        },
    )
    assert edge.status_code == 303
    page = client.get("/regions/MK18/map").text
    assert "Kajaanin kaupunki" in page
    assert "Avustuspäätös 2024" in page
    assert "2024-01-15" in page
    assert "<td>public</td>" not in page  # sectors carry the profile's names, not codes
    data = client.get("/regions/MK18/map/data.json").get_json()
    assert [e["label"] for e in data["elements"]] == ["Kainuun liikunta ry", "Kajaanin kaupunki"]
    assert data["connections"][0]["from"] == "Kajaanin kaupunki"
    assert data["connections"][0]["direction"] == "directed"
    assert 'href="/regions/MK18/map"' in client.get("/regions/MK18").text


def test_bad_relations_are_refused_and_nothing_is_written(client):
    weaver = make_weaver("MK18", "MK19")
    a, b = node(weaver, "MK18", "A"), node(weaver, "MK18", "B")
    lapland = node(weaver, "MK19", "Lapin toimija")
    partners(weaver, a, b, strength=1)
    before = counts()
    login(client, weaver)

    def relate(**values) -> int:
        data = {"source_id": a.id, "target_id": b.id, "kind": "service", "strength": "1", **values}
        return form(client, "/regions/MK18/map/edges", data).status_code

    assert relate(target_id=lapland.id) == 400  # another region's map
    assert relate(target_id=999999) == 400  # no such actor
    assert relate(target_id=a.id) == 400  # itself
    assert relate(strength="4") == 400
    assert relate(strength="0") == 400
    assert relate(kind="friendship") == 400
    assert relate(since="eilen") == 400
    assert relate(kind="partnership") == 409  # duplicate
    assert relate(kind="partnership", source_id=b.id, target_id=a.id) == 409  # undirected mirror
    duplicate = form(client, "/regions/MK18/map/nodes", {"label": "A", **ACTOR})
    assert duplicate.status_code == 409
    assert counts() == before


def test_a_weaver_cannot_edit_another_regions_map(client):
    kainuu = make_weaver("MK18")
    lapland = make_weaver("MK19")
    target = node(kainuu, "MK18", "Kainuun toimija")
    before = counts()
    login(client, lapland)
    assert (
        form(client, "/regions/MK18/map/nodes", {"label": "Tunkeilija", **ACTOR}).status_code == 403
    )
    assert form(client, f"/maps/nodes/{target.id}", {"do": "delete"}).status_code == 403
    assert form(client, "/regions/MK18/map/snapshots").status_code == 403
    login(client, make_user())
    assert (
        form(client, "/regions/MK18/map/nodes", {"label": "Tunkeilija", **ACTOR}).status_code == 403
    )
    assert counts() == before
    assert 'action="/regions/MK18/map/nodes"' not in client.get("/regions/MK18/map").text


def test_actors_claim_their_node_propose_and_the_other_party_confirms(client):
    weaver = make_weaver("MK18")
    a, b, c = (node(weaver, "MK18", label) for label in ("Aino ry", "Bertta oy", "Cecilia"))
    aino, bertta, outsider = make_user(), make_user(), make_user()
    claim_node(bertta, b)
    login(client, aino)
    assert form(client, f"/maps/nodes/{a.id}", {"do": "claim"}).status_code == 303
    assert form(client, f"/maps/nodes/{b.id}", {"do": "claim"}).status_code == 409
    proposed = form(
        client,
        f"/maps/nodes/{a.id}",
        {"do": "propose", "target_id": b.id, "kind": "partnership", "strength": "3"},
    )
    assert proposed.status_code == 303
    assert (
        form(
            client, f"/maps/nodes/{b.id}", {"do": "propose", "target_id": c.id, "kind": "service"}
        ).status_code
        == 403
    )
    edge = db.session.scalar(select(Edge))
    assert edge.status == "proposed"
    data = client.get("/regions/MK18/map/data.json").get_json()
    assert data["connections"][0]["status"] == "proposed"
    assert (
        form(client, f"/maps/edges/{edge.id}", {"do": "confirm"}).status_code == 403
    )  # own proposal
    login(client, outsider)
    assert form(client, f"/maps/edges/{edge.id}", {"do": "confirm"}).status_code == 403
    login(client, bertta)
    assert form(client, f"/maps/edges/{edge.id}", {"do": "confirm"}).status_code == 303
    db.session.expire_all()
    assert db.session.get(Edge, edge.id).status == "confirmed"


def test_the_weaver_confirms_or_declines_proposals(client):
    weaver = make_weaver("MK18")
    a, b = node(weaver, "MK18", "Yksi"), node(weaver, "MK18", "Kaksi")
    proposer = make_user()
    claim_node(proposer, a)
    login(client, proposer)
    form(client, f"/maps/nodes/{a.id}", {"do": "propose", "target_id": b.id, "kind": "funding"})
    edge_id = db.session.scalar(select(Edge.id))
    login(client, weaver)
    assert form(client, f"/maps/edges/{edge_id}", {"do": "decline"}).status_code == 303
    assert counts()[1] == 0


def test_figures_snapshots_and_their_comparison(client):
    weaver = make_weaver("MK18")
    a = node(
        weaver, "MK18", "Hyvinvointialue", themes=["ikääntyneet", "liikunta"], type="decision_maker"
    )
    b = node(weaver, "MK18", "Liikuntaseura", themes=["liikunta"])
    node(weaver, "MK18", "Yksinäinen säätiö", themes=["ikääntyneet"], type="funder")
    node(weaver, "MK18", "Yliopisto", themes=[], type="knowledge_producer")
    partners(weaver, a, b, strength=2)
    login(client, weaver)
    page = client.get("/regions/MK18/map").text
    assert "Yliopisto" in page.split('id="figures-heading"')[1]  # isolated
    introductions = page.split('class="lc-introductions"')[1].split("</ul>")[0]
    assert "Hyvinvointialue" in introductions
    assert "Yksinäinen säätiö" in introductions
    assert "Liikuntaseura" not in introductions  # related already
    login(client, make_user())
    assert 'class="lc-introductions"' not in client.get("/regions/MK18/map").text
    login(client, weaver)
    assert form(client, "/regions/MK18/map/snapshots").status_code == 303
    node(weaver, "MK18", "Uusi toimija")
    assert form(client, "/regions/MK18/map/snapshots").status_code == 303
    from plugins.learning_communities.maps.models import Snapshot

    first, second = db.session.scalars(select(Snapshot.id).order_by(Snapshot.id)).all()
    compared = client.get(f"/regions/MK18/map/compare?a={first}&b={second}")
    assert compared.status_code == 200
    added = compared.text.split('class="lc-added-actors"')[1].split("</p>")[0]
    assert "Uusi toimija" in added
    assert client.get(f"/regions/MK19/map/compare?a={first}&b={second}").status_code == 404
