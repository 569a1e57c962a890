"""Demo news and events: a news space, upcoming events across regions (some online),
registrations and a waiting list. Idempotent, like forum/demo.py."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from forum.actions.events import EventFields
from forum.actions.news import NewsFields
from forum.actions.registration import register_for_event
from forum.actions.spaces import create_space
from forum.actions.topics import create_topic
from forum.extensions import db
from forum.models import Event, Region, Space, Topic, User
from forum.models.base import utcnow
from forum.models.group import EVERYONE, REGISTERED

PUBLIC = {EVERYONE: ["see", "read"], REGISTERED: ["create_topic", "reply"]}
HELSINKI = ZoneInfo("Europe/Helsinki")

SPACES = [
    # slug, name, description, allows news, allows events
    ("uutiset", "Uutiset", "Osaamiskeskuksen ja toimijoiden uutiset.", True, False),
    ("tapahtumat", "Tapahtumat", "Työpajat, klinikat ja verkostotapaamiset.", False, True),
]

NEWS = [
    # title, author, lead, body
    (
        "Sosiaalisten innovaatioiden osaamiskeskus aloittaa",
        "yllapito",
        "Kansallinen osaamiskeskus kokoaa alueelliset oppimisyhteisöt yhteen foorumiin.",
        "Foorumilla kehittäjät, rahoittajat ja päättäjät **oppivat toisiltaan** jatkuvasti.",
    ),
    (
        "Kainuun liikuntaneuvontaketju leviää",
        "liisa.kutoja",
        "Kolme uutta kuntaa ottaa toimintamallin käyttöön ensi vuonna.",
        "Mallin kuvaus löytyy Hyvät käytännöt -tilasta.",
    ),
    (
        "Rahoittajien ja kehittäjien dialogi syksyllä",
        "mikko.rahoittaja",
        "Sosiaalisten innovaatioiden päivänä pohditaan kokeiluja tukevaa rahoitusta.",
        "Ilmoittautuminen avautuu tapahtumatilassa.",
    ),
]

EVENTS = [
    # title, author, days ahead, start hour, hours, place, online link, region, capacity
    (
        "Kehittämisklinikka: ikäihmisten liikunta",
        "liisa.kutoja",
        10,
        13,
        3,
        "Kajaanin kaupungintalo",
        "",
        "MK18",
        3,
    ),
    (
        "Tulevaisuustyöpaja Satakunnassa",
        "aino.kehittaja",
        21,
        9,
        6,
        "Porin kirjasto",
        "",
        "MK04",
        25,
    ),
    (
        "Verkkotapaaminen: rahoitushaut 2027",
        "mikko.rahoittaja",
        5,
        14,
        1,
        "",
        "https://meet.example.org/rahoitushaut",
        None,
        None,
    ),
    (
        "Varsinais-Suomen oppimisyhteisö kokoontuu",
        "aino.kehittaja",
        14,
        10,
        2,
        "Turun ammattikorkeakoulu",
        "https://meet.example.org/vs-oppimisyhteiso",
        "MK02",
        40,
    ),
]

REGISTRATIONS = {
    # The clinic has three places: four people register, the last one waits.
    "Kehittämisklinikka: ikäihmisten liikunta": [
        "aino.kehittaja",
        "mikko.rahoittaja",
        "erik.beslut",
        "yllapito",
    ],
    "Verkkotapaaminen: rahoitushaut 2027": ["aino.kehittaja", "liisa.kutoja"],
}


def seed_news_and_events(admin: User) -> list[str]:
    created: list[str] = []
    for position, (slug, name, description, news, events) in enumerate(SPACES, start=20):
        if db.session.scalar(select(Space.id).where(Space.slug == slug)) is None:
            create_space(
                admin,
                name=name,
                slug=slug,
                description=description,
                position=position,
                grants=PUBLIC,
                allows_discussion=False,
                allows_news=news,
                allows_events=events,
            )
            created.append(f"space {slug}")
    news_space = _space("uutiset")
    for title, author, lead, body in NEWS:
        if _topic(title) is None:
            create_topic(
                _user(author),
                news_space,
                title=title,
                raw=body,
                kind="news",
                news=NewsFields(lead=lead),
            )
            created.append(f"news {title}")
    events_space = _space("tapahtumat")
    today = utcnow().astimezone(HELSINKI).date()
    for title, author, days, hour, hours, place, link, region, capacity in EVENTS:
        if _topic(title) is not None:
            continue
        starts = datetime.combine(today + timedelta(days=days), time(hour))
        create_topic(
            _user(author),
            events_space,
            title=title,
            raw=f"{title}. Tervetuloa mukaan!",
            kind="event",
            event=EventFields(
                starts_at=starts,
                ends_at=starts + timedelta(hours=hours),
                place=place,
                online_url=link,
                capacity=capacity,
                region_id=_region_id(region),
            ),
        )
        created.append(f"event {title}")
    for title, people in REGISTRATIONS.items():
        event = db.session.get(Event, _topic(title).id)
        for username in people:
            register_for_event(_user(username), event)
    return created


def _space(slug: str) -> Space:
    return db.session.scalar(select(Space).where(Space.slug == slug))


def _topic(title: str) -> Topic | None:
    return db.session.scalar(select(Topic).where(Topic.title == title))


def _user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def _region_id(code: str | None) -> int | None:
    if code is None:
        return None
    return db.session.scalar(select(Region.id).where(Region.code == code))
