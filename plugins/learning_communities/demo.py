"""Demo data: weavers in several regions, three learning communities with a gathering, and the
ecosystem map of Kainuu (26 actors) drawn from the centre's examples.

Idempotent: what exists already (by username, slug or label) is left as it is.
"""

from __future__ import annotations

from sqlalchemy import select

from forum.actions.roles import grant_role
from forum.actions.topics import create_topic
from forum.actions.users import create_user
from forum.extensions import db
from forum.models import Region, RoleGrant, Space, Topic, User
from forum.models.role import WEAVER
from plugins.learning_communities.communities.actions import create_community
from plugins.learning_communities.gatherings.actions import record_summary, tag_gathering
from plugins.learning_communities.maps.actions import add_edge, add_node
from plugins.learning_communities.maps.queries import find_map
from plugins.learning_communities.models import Community, RegionSpace
from plugins.learning_communities.regions.actions import link_space, load_centres

# username, display name, e-mail, regions woven
WEAVERS = [
    ("liisa.kutoja", "Liisa Kutoja", "liisa@example.org", ("MK18",)),
    ("sami.kutoja", "Sami Satakunnasta", "sami@example.org", ("MK04", "MK02")),
    ("pirjo.kutoja", "Pirjo Pirkanmaalta", "pirjo@example.org", ("MK06",)),
]

# core demo space -> region
REGION_SPACES = [("kainuu", "MK18"), ("satakunta", "MK04"), ("varsinais-suomi", "MK02")]

# founder, name, description, themes, regions, policy, visibility
COMMUNITIES = [
    (
        "liisa.kutoja",
        "Kainuun liikuntaneuvonnan oppimisyhteisö",
        "Liikuntaneuvonnan palveluketjun kehittäjät, rahoittajat ja päättäjät Kainuussa.",
        ["liikuntaneuvonta", "hyvinvointi"],
        ("MK18",),
        "open",
        "public",
    ),
    (
        "sami.kutoja",
        "Hyvinvointiteknologian lainaamot",
        "Satakunnan lainaamomallin levittäminen Varsinais-Suomeen.",
        ["hyvinvointiteknologia", "ikääntyneet"],
        ("MK04", "MK02"),
        "request",
        "public",
    ),
    (
        "pirjo.kutoja",
        "Kulttuurilähetteen kehittäjät",
        "Tampereen kulttuurilähetteen kehittäjien oma piiri.",
        ["kulttuurihyvinvointi"],
        ("MK06",),
        "invitation",
        "members",
    ),
]

# label, kind, type, sector, themes
ACTORS = [
    ("Kainuun hyvinvointialue", "organisation", "decision_maker", "public", "liikunta|ikääntyneet"),
    ("Kajaanin kaupunki", "organisation", "decision_maker", "public", "liikunta|nuoret"),
    ("Sotkamon kunta", "organisation", "decision_maker", "public", "liikunta"),
    ("Suomussalmen kunta", "organisation", "decision_maker", "public", "ikääntyneet"),
    ("Pohjois-Suomen elinvoimakeskus", "organisation", "funder", "public", "työllisyys|liikunta"),
    ("STEA", "organisation", "funder", "public", "järjestöt|ikääntyneet"),
    ("ESR+ -ohjelma", "organisation", "funder", "public", "työllisyys|osallisuus"),
    ("Kainuun Liitto", "organisation", "network_coordinator", "public", "aluekehitys"),
    ("Kainuun Liikunta ry", "organisation", "developer", "third_sector", "liikunta|nuoret"),
    ("Kajaanin ammattikorkeakoulu", "organisation", "knowledge_producer", "research", "liikunta"),
    (
        "Oulun yliopisto, Kajaanin yksikkö",
        "organisation",
        "knowledge_producer",
        "research",
        "osallisuus",
    ),
    ("Kainuun Sote-järjestöt", "organisation", "network_coordinator", "third_sector", "järjestöt"),
    ("Kainuun Muisti ry", "organisation", "developer", "third_sector", "ikääntyneet"),
    ("MLL Kainuu", "organisation", "developer", "third_sector", "nuoret|perheet"),
    ("Sotkamon Urheiluopisto", "organisation", "developer", "private", "liikunta"),
    ("Vuokatti Sport", "organisation", "developer", "private", "liikunta|matkailu"),
    ("Kainuun Nuotta ry", "organisation", "developer", "third_sector", "nuoret|osallisuus"),
    ("Kajaanin kansalaisopisto", "organisation", "developer", "public", "kulttuuri|ikääntyneet"),
    ("Kainuun Ely-verkosto", "organisation", "network_coordinator", "public", "työllisyys"),
    ("Hyvinvointiteknologian lainaamo", "organisation", "developer", "public", "ikääntyneet"),
    ("Aino Kehittäjä", "person", "developer", "third_sector", "liikunta|ikääntyneet"),
    ("Mikko Rahoittaja", "person", "funder", "public", "työllisyys"),
    ("Erik Beslutsfattare", "person", "decision_maker", "public", "ikääntyneet"),
    ("Liisa Kutoja", "person", "network_coordinator", "public", "liikunta|osallisuus"),
    ("Kylätoimikunta Hyrynsalmi", "organisation", "developer", "citizen", "osallisuus"),
    ("Kainuun Yrittäjät", "organisation", "developer", "private", "työllisyys"),
]

# from, to, kind, directed, strength
RELATIONS = [
    ("Kainuun hyvinvointialue", "Kainuun Liikunta ry", "partnership", False, 3),
    ("Kainuun hyvinvointialue", "Kajaanin kaupunki", "partnership", False, 3),
    ("Kainuun hyvinvointialue", "Sotkamon kunta", "partnership", False, 2),
    ("Kainuun hyvinvointialue", "Suomussalmen kunta", "partnership", False, 2),
    ("STEA", "Kainuun Liikunta ry", "funding", True, 3),
    ("STEA", "Kainuun Muisti ry", "funding", True, 2),
    ("STEA", "MLL Kainuu", "funding", True, 2),
    ("Pohjois-Suomen elinvoimakeskus", "Kainuun Nuotta ry", "funding", True, 2),
    ("ESR+ -ohjelma", "Kainuun Yrittäjät", "funding", True, 1),
    ("Pohjois-Suomen elinvoimakeskus", "Hyvinvointiteknologian lainaamo", "funding", True, 1),
    ("Kajaanin ammattikorkeakoulu", "Kainuun Liikunta ry", "knowledge_sharing", False, 3),
    ("Kajaanin ammattikorkeakoulu", "Sotkamon Urheiluopisto", "knowledge_sharing", False, 2),
    ("Oulun yliopisto, Kajaanin yksikkö", "Kainuun Sote-järjestöt", "knowledge_sharing", False, 1),
    ("Kainuun Sote-järjestöt", "Kainuun Muisti ry", "membership", True, 2),
    ("Kainuun Sote-järjestöt", "MLL Kainuu", "membership", True, 2),
    ("Kainuun Sote-järjestöt", "Kainuun Nuotta ry", "membership", True, 2),
    ("Kainuun Sote-järjestöt", "Kainuun Liikunta ry", "membership", True, 2),
    ("Kainuun Liitto", "Kainuun Sote-järjestöt", "partnership", False, 2),
    ("Kainuun Liitto", "Pohjois-Suomen elinvoimakeskus", "partnership", False, 3),
    ("Sotkamon Urheiluopisto", "Vuokatti Sport", "partnership", False, 3),
    ("Sotkamon kunta", "Vuokatti Sport", "service", True, 1),
    ("Kajaanin kaupunki", "Kajaanin kansalaisopisto", "service", True, 3),
    ("Kainuun hyvinvointialue", "Hyvinvointiteknologian lainaamo", "service", True, 2),
    ("Aino Kehittäjä", "Kainuun Liikunta ry", "membership", True, 3),
    ("Liisa Kutoja", "Kainuun Liitto", "partnership", False, 2),
    ("Liisa Kutoja", "Aino Kehittäjä", "knowledge_sharing", False, 2),
    ("Mikko Rahoittaja", "Pohjois-Suomen elinvoimakeskus", "membership", True, 3),
    ("Erik Beslutsfattare", "Kainuun hyvinvointialue", "membership", True, 3),
    ("Kainuun Ely-verkosto", "Kainuun Yrittäjät", "partnership", False, 1),
]


def _user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username))


def _region(code: str) -> Region:
    return db.session.scalar(select(Region).where(Region.code == code))


def _weavers(admin: User, created: list[str]) -> None:
    for username, name, email, codes in WEAVERS:
        user = _user(username) or create_user(username, name, email)
        for code in codes:
            region = _region(code)
            granted = db.session.scalar(
                select(RoleGrant.id).where(
                    RoleGrant.user_id == user.id,
                    RoleGrant.role == WEAVER,
                    RoleGrant.region_id == region.id,
                )
            )
            if granted is None:
                grant_role(admin, user, WEAVER, region=region)
                created.append(f"weaver {username} for {code}")


def _spaces(admin: User) -> None:
    for slug, code in REGION_SPACES:
        space = db.session.scalar(select(Space).where(Space.slug == slug))
        region = _region(code)
        if space is not None and db.session.get(RegionSpace, (space.id, region.id)) is None:
            link_space(admin, space, region)


def _communities(created: list[str]) -> None:
    for founder, name, description, themes, codes, policy, visibility in COMMUNITIES:
        if db.session.scalar(select(Community.id).where(Community.name == name)):
            continue
        community = create_community(
            _user(founder),
            name=name,
            description=description,
            themes=themes,
            regions=[_region(c) for c in codes],
            policy=policy,
            visibility=visibility,
        )
        created.append(f"community {community.slug}")
    kainuu = db.session.scalar(select(Community).where(Community.name == COMMUNITIES[0][1]))
    weaver = _user("liisa.kutoja")
    if kainuu is None:
        return
    if db.session.scalar(select(Topic.id).where(Topic.space_id == kainuu.space_id)) is None:
        topic = create_topic(
            weaver,
            kainuu.space,
            title="Kehittämisklinikka: liikuntaneuvonnan palveluketju",
            raw="Kokoonnumme Kajaanissa kehittämään liikuntaneuvonnan palveluketjua.",
        )
        tag_gathering(weaver, topic, "clinic")
        record_summary(
            weaver,
            topic,
            minutes="Sovimme **kolmesta kokeilusta**: neuvonta terveysasemilla, "
            "liikuntaseurojen matalan kynnyksen ryhmät ja ikääntyneiden kotijumppa.",
            participants=18,
            organisations=["Kainuun hyvinvointialue", "Kainuun Liikunta ry", "STEA"],
        )
        created.append("gathering in Kainuu")


def _map(weaver: User, created: list[str]) -> None:
    kainuu = _region("MK18")
    eco_map = find_map(kainuu)
    have = {n.label: n for n in eco_map.nodes} if eco_map else {}
    for label, kind, type_, sector, themes in ACTORS:
        if label not in have:
            have[label] = add_node(
                weaver,
                kainuu,
                label=label,
                kind=kind,
                type=type_,
                sector=sector,
                themes=themes.split("|"),
            )
    if find_map(kainuu).edges:
        return
    for source, target, kind, directed, strength in RELATIONS:
        add_edge(
            weaver,
            kainuu,
            source_id=have[source].id,
            target_id=have[target].id,
            kind=kind,
            directed=directed,
            strength=strength,
        )
    created.append(f"Kainuu map ({len(ACTORS)} actors, {len(RELATIONS)} relations)")


def seed() -> list[str]:
    created: list[str] = []
    load_centres()
    admin = _user("yllapito")
    if admin is None:
        return created
    _weavers(admin, created)
    _spaces(admin)
    _communities(created)
    _map(_user("liisa.kutoja"), created)
    return created
