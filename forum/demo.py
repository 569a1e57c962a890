"""Demo content for the embedded default: actors and spaces drawn from the centre's work.

Idempotent: what exists already (by username or slug) is left as it is.
"""

from __future__ import annotations

from sqlalchemy import select

from forum.actions.bootstrap import ensure_reference_data
from forum.actions.groups import add_member, create_group
from forum.actions.spaces import create_space
from forum.actions.users import create_user
from forum.extensions import db
from forum.models import Group, Space, User
from forum.models.group import ADMINISTRATORS, EVERYONE, REGISTERED

PUBLIC = {EVERYONE: ["see", "read"], REGISTERED: ["create_topic", "reply"]}

USERS = [
    # username, display name, e-mail, stored groups
    ("yllapito", "Ylläpito", "yllapito@example.org", (ADMINISTRATORS,)),
    ("aino.kehittaja", "Aino Kehittäjä", "aino@example.org", ()),
    ("mikko.rahoittaja", "Mikko Rahoittaja", "mikko@example.org", ()),
    ("liisa.kutoja", "Liisa Kutoja", "liisa@example.org", ()),
    ("erik.beslut", "Erik Beslutsfattare", "erik@example.org", ()),
]

SPACES = [
    # slug, name, description, colour, parent slug, grants (None: public)
    (
        "yleinen",
        "Yleinen keskustelu",
        "Keskustelua sosiaalisista innovaatioista, kumppanien etsintää ja kysymyksiä toisille.",
        "#2f6f8f",
        None,
        None,
    ),
    (
        "hyvat-kaytannot",
        "Hyvät käytännöt",
        "Toimintamallit jakoon: Auran monitoimitalo, Kainuun liikuntaneuvontaketju, "
        "Satakunnan hyvinvointiteknologian lainaamo, Tampereen kulttuurilähete.",
        "#3d7a3a",
        None,
        None,
    ),
    (
        "rahoitus",
        "Rahoitus ja rahoitushaut",
        "Rahoittajien haut (ELY-keskukset, STEA, säätiöt, ESR+) ja kehittäjien ja "
        "rahoittajien vuoropuhelu.",
        "#8a5a00",
        None,
        None,
    ),
    (
        "alueet",
        "Alueet",
        "Alueelliset oppimisyhteisöt ja niiden keskustelut.",
        "#6b4f8f",
        None,
        None,
    ),
    ("kainuu", "Kainuu", "Kainuun oppimisyhteisö.", "#6b4f8f", "alueet", None),
    ("satakunta", "Satakunta", "Satakunnan oppimisyhteisö.", "#6b4f8f", "alueet", None),
    (
        "varsinais-suomi",
        "Varsinais-Suomi",
        "Varsinais-Suomen oppimisyhteisö.",
        "#6b4f8f",
        "alueet",
        None,
    ),
    (
        "international",
        "International",
        "Information packages and discussion in English about the centre's work.",
        "#345d9d",
        None,
        None,
    ),
    (
        "kutojat",
        "Kutojien verkosto",
        "Alueellisten kutojien oma tila: ekosysteemikartoitukset ja oppimisyhteisöjen kokoaminen.",
        "#7a3b3b",
        None,
        {"weavers": ["see", "read", "create_topic", "reply"]},
    ),
]


def seed_demo() -> list[str]:
    """Create what is missing of the demo content; returns what was created, for the CLI."""
    created: list[str] = []
    ensure_reference_data()
    for username, display_name, email, groups in USERS:
        if db.session.scalar(select(User.id).where(User.username == username)) is None:
            create_user(username, display_name, email, groups=groups)
            created.append(f"user {username}")
    admin = db.session.scalar(select(User).where(User.username == "yllapito"))
    weavers = db.session.scalar(select(Group).where(Group.name == "weavers"))
    if weavers is None:
        weavers = create_group(admin, name="weavers", title="Kutojat")
        add_member(
            admin, weavers, db.session.scalar(select(User).where(User.username == "liisa.kutoja"))
        )
        created.append("group weavers")
    for position, (slug, name, description, colour, parent_slug, grants) in enumerate(SPACES):
        if db.session.scalar(select(Space.id).where(Space.slug == slug)) is not None:
            continue
        parent = (
            db.session.scalar(select(Space).where(Space.slug == parent_slug))
            if parent_slug
            else None
        )
        create_space(
            admin,
            name=name,
            slug=slug,
            description=description,
            colour=colour,
            position=position,
            parent=parent,
            grants=grants or PUBLIC,
        )
        created.append(f"space {slug}")
    return created
