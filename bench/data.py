"""A deterministic data set built through the actions, as production builds it.

Finnish and English Markdown of realistic length, with quotes, lists, links and mentions.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from flask import Flask

from forum.actions.bootstrap import ensure_reference_data
from forum.actions.posts import create_post
from forum.actions.reactions import add_reaction
from forum.actions.spaces import create_space
from forum.actions.topics import create_topic
from forum.actions.users import create_user
from forum.models import Topic, User

FINNISH = [
    "Kehitämme kunnan ja järjestöjen yhteistä palveluketjua, jossa asukas ohjataan liikunta- "
    "ja kulttuuritoimintaan jo ensikäynnillä.",
    "Vaikuttavuuden arvioinnissa seuraamme kolmea mittaria: osallistujien määrää, koettua "
    "hyvinvointia ja palveluiden käytön muutosta puolen vuoden kuluttua.",
    "Rahoittajan näkökulmasta tärkeintä on, että kokeilusta opitaan myös silloin, kun se ei "
    "onnistu suunnitellusti.",
    "Oppimisyhteisön tapaamisessa kartoitimme alueen toimijat ja sen, kuka tekee yhteistyötä "
    "kenenkin kanssa.",
]
ENGLISH = [
    "We are building a shared service chain between the municipality and NGOs, so that a "
    "resident is referred to exercise and culture activities on the first visit.",
    "For impact assessment we follow three indicators: participants, perceived wellbeing and "
    "the change in service use after six months.",
    "From a funder's point of view the key is that an experiment teaches something even when "
    "it does not go as planned.",
]


@dataclass
class DataSet:
    topic_100: int
    topic_1000: int
    users: list[int]


def paragraph(rng: random.Random, users: list[User]) -> str:
    text = rng.choice(FINNISH if rng.random() < 0.7 else ENGLISH)
    kind = rng.random()
    if kind < 0.2:
        link = f"https://example.org/{rng.randint(1, 999)}"
        return f"{text}\n\n- {rng.choice(FINNISH)}\n- {rng.choice(ENGLISH)}\n- lisätietoa: {link}"
    if kind < 0.35:
        return f"@{rng.choice(users).username} {text}"
    return text


def post_text(rng: random.Random, users: list[User], topic: Topic | None = None) -> str:
    parts = [paragraph(rng, users) for _ in range(rng.randint(3, 6))]
    if topic is not None and rng.random() < 0.15:
        parts.insert(
            0, f'[quote="{users[0].username}, post:1, topic:{topic.id}"]\n{FINNISH[0]}\n[/quote]'
        )
    return "\n\n".join(parts)


def build(app: Flask, seed: int = 2026, user_count: int = 50) -> DataSet:
    rng = random.Random(seed)
    with app.app_context():
        ensure_reference_data()
        admin = create_user("bench-admin", "Bench Admin", groups=("administrators",))
        users = [create_user(f"actor{n:04d}", f"Toimija {n}") for n in range(user_count)]
        space = create_space(
            admin,
            name="Yleinen",
            slug="yleinen",
            grants={"everyone": ["see", "read"], "registered": ["create_topic", "reply"]},
        )
        for n in range(30):
            create_topic(
                rng.choice(users), space, title=f"Keskustelu {n}", raw=post_text(rng, users)
            )
        topics = {}
        for size in (100, 1000):
            topic = create_topic(
                users[0], space, title=f"Aihe jossa {size} viestiä", raw=post_text(rng, users)
            )
            for _ in range(size - 1):
                post = create_post(rng.choice(users), topic, post_text(rng, users, topic))
                if rng.random() < 0.3:
                    reactor = rng.choice(users)
                    if reactor.id != post.user_id:
                        add_reaction(reactor, post, "like")
            topics[size] = topic.id
        return DataSet(topics[100], topics[1000], [u.id for u in users])
