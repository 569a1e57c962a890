"""Demo content for the embedded default: actors, spaces and discussions drawn from the
centre's work.

Idempotent: what exists already (by username or slug) is left as it is.
"""

from __future__ import annotations

from sqlalchemy import select

from forum.actions.bootstrap import ensure_reference_data
from forum.actions.groups import add_member, create_group
from forum.actions.moderation import flag_post
from forum.actions.posts import create_post
from forum.actions.reactions import add_reaction
from forum.actions.spaces import create_space
from forum.actions.topics import create_topic, set_topic_status
from forum.actions.users import create_user
from forum.demo_events import seed_news_and_events
from forum.demo_people import seed_people
from forum.extensions import db
from forum.models import Flag, Group, Post, Space, Topic, User
from forum.models.group import ADMINISTRATORS, EVERYONE, REGISTERED
from forum.models.moderation import OFF_TOPIC

PUBLIC = {EVERYONE: ["see", "read"], REGISTERED: ["create_topic", "reply"]}

USERS = [
    # username, display name, e-mail, stored groups
    ("yllapito", "Ylläpito", "yllapito@example.org", (ADMINISTRATORS,)),
    ("aino.kehittaja", "Aino Kehittäjä", "aino@example.org", ()),
    ("mikko.rahoittaja", "Mikko Rahoittaja", "mikko@example.org", ()),
    ("liisa.kutoja", "Liisa Kutoja", "liisa@example.org", ()),
    ("erik.beslut", "Erik Beslutsfattare", "erik@example.org", ()),
]

# A reply that does not belong to its discussion, flagged by the region's weaver, so that the
# review queue has something to show.
OFF_TOPIC_AUTHOR = "mikko.rahoittaja"
OFF_TOPIC_REPLY = "Myydään käytettyjä toimistotuoleja edullisesti, nouto Kajaanista. Kysy lisää!"
OFF_TOPIC_FLAGGER = "liisa.kutoja"

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


# space slug, title, author, first post, tags, replies (author, text, reply_to), reactions
TOPICS = [
    (
        "yleinen",
        "Tervetuloa foorumille!",
        "yllapito",
        "Tämä on sosiaalisten innovaatioiden kehittäjien, rahoittajien, kutojien ja päättäjien "
        "yhteinen keskustelupaikka.\n\n"
        "- Esittäydy ja kerro, mitä kehität\n"
        "- Etsi kumppaneita ja jaa **hyviä käytäntöjä**\n"
        "- Kysy rohkeasti: täällä opitaan toisilta\n\n"
        "Alueelliset oppimisyhteisöt löytyvät tilasta *Alueet*.",
        ("tervetuloa",),
        [("aino.kehittaja", "Kiitos! Kehitän Kainuussa liikuntaneuvonnan palveluketjua.", 1)],
        [("aino.kehittaja", 1, "thanks"), ("liisa.kutoja", 1, "like")],
    ),
    (
        "hyvat-kaytannot",
        "Hyvinvointiteknologian lainaamo Satakunnassa",
        "liisa.kutoja",
        "Satakunnassa on kokeiltu **hyvinvointiteknologian lainaamoa**: ikäihmiset ja omaiset "
        "voivat lainata laitteita kokeiltavaksi ennen hankintaa.\n\n"
        "| Mitä | Kenelle |\n|---|---|\n| Turvarannekkeet | ikäihmiset |\n"
        "| Lääkeautomaatit | kotihoito |\n\n"
        "Onko muilla alueilla vastaavaa? @aino.kehittaja kiinnostaisiko Kainuussa?",
        ("hyvinvointiteknologia", "satakunta"),
        [
            (
                "aino.kehittaja",
                '[quote="liisa.kutoja, post:1, topic:{topic}"]\nOnko muilla alueilla '
                "vastaavaa?\n[/quote]\n\nKainuussa ei vielä, mutta ajatus sopisi "
                "liikuntaneuvonnan yhteyteen. Voisimmeko tutustua mallin kuvaukseen?",
                1,
            ),
            (
                "erik.beslut",
                "Intressant modell. Vilka kostnader har utlåningen haft per år?",
                None,
            ),
        ],
        [("aino.kehittaja", 1, "insightful"), ("mikko.rahoittaja", 1, "like")],
    ),
    (
        "rahoitus",
        "Kevään rahoitushaut: mitä kokeiluille on tarjolla?",
        "mikko.rahoittaja",
        "Kokoan tähän kevään hakuja, jotka sopivat sosiaalisten innovaatioiden kokeiluihin:\n\n"
        "1. ESR+ -hankkeet (ELY-keskus)\n2. STEA:n kohdennetut avustukset\n"
        "3. Säätiöiden kokeilurahat\n\nKertokaa, millainen rahoitus joustaisi epäonnistumisesta "
        "oppimiseen. Otan palautteen mukaan kehittäjä-rahoittajadialogiin.",
        ("rahoitus", "dialogi"),
        [
            (
                "aino.kehittaja",
                "Toivoisin vaiheittaista rahoitusta, jossa kokeilun voi lopettaa ilman sanktiota.",
                1,
            )
        ],
        [("liisa.kutoja", 1, "like")],
    ),
    (
        "kainuu",
        "Kainuun oppimisyhteisön seuraava tapaaminen",
        "liisa.kutoja",
        "Kokoonnumme kehittämisklinikkaan pohtimaan **liikuntaneuvonnan palveluketjua**. "
        "Mukaan toivotaan kehittäjiä, rahoittajia ja päättäjiä.",
        ("kehittamisklinikka", "kainuu"),
        [(OFF_TOPIC_AUTHOR, OFF_TOPIC_REPLY, None)],
        [],
    ),
    (
        "international",
        "What is the national competence centre for social innovation?",
        "yllapito",
        "The centre connects people who **develop, fund and adopt** social innovations across "
        "Finland. Regional weavers build learning communities; a twice-yearly dialogue brings "
        "developers and funders together.",
        ("international",),
        [],
        [],
    ),
    (
        "kutojat",
        "Ekosysteemikartoitusten yhteinen pohja",
        "liisa.kutoja",
        "Kutojien oma tila: sovitaan, miten alueiden ekosysteemikartat kootaan yhteismitallisesti.",
        ("ekosysteemikartta",),
        [],
        [],
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
    for space_slug, title, author, raw, tags, replies, reactions in TOPICS:
        if db.session.scalar(select(Topic.id).where(Topic.title == title)) is not None:
            continue
        space = db.session.scalar(select(Space).where(Space.slug == space_slug))
        topic = create_topic(_user(author), space, title=title, raw=raw, tags=tags)
        for reply_author, text, reply_to in replies:
            create_post(
                _user(reply_author),
                topic,
                text.replace("{topic}", str(topic.id)),
                reply_to=reply_to,
            )
        for who, number, kind in reactions:
            post = db.session.scalar(
                select(Post).where(Post.topic_id == topic.id, Post.post_number == number)
            )
            add_reaction(_user(who), post, kind)
        if space_slug == "yleinen":
            set_topic_status(admin, topic, pin="global")
        created.append(f"topic {topic.slug}")
    created += seed_people(admin)
    created += seed_news_and_events(admin)
    if db.session.scalar(select(Flag.id)) is None:
        post = db.session.scalar(select(Post).where(Post.raw == OFF_TOPIC_REPLY))
        if post is not None:
            flag_post(_user(OFF_TOPIC_FLAGGER), post, OFF_TOPIC, "Kuuluu kirpputorille.")
            created.append("flag")
    return created


def _user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))
