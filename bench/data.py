"""A deterministic data set built through the actions, as production builds it.

    build(app)  # seeded: the same users, topics, posts, reactions and read state every time

1,000 users; a space with 30 short topics and topics of 10, 100 and 1,000 posts; Finnish and
English Markdown of realistic length (paragraphs, lists, links, mentions, quotes of earlier
posts); reactions on about a third of the posts; read positions for a fifth of the users.
The 100,000-post database used for memory and search is built in bulk by
``bench.search.build_corpus`` instead: the actions would take an hour for it.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import Flask

from forum.actions.bootstrap import ensure_reference_data
from forum.actions.posts import create_post
from forum.actions.reactions import add_reaction
from forum.actions.reading import mark_read
from forum.actions.spaces import create_space
from forum.actions.topics import create_topic
from forum.actions.users import create_user
from forum.extensions import db
from forum.models import User
from forum.search import EXTENSION
from forum.search.rebuild import rebuild

FINNISH = [
    "Kehitämme kunnan ja järjestöjen yhteistä palveluketjua, jossa asukas ohjataan liikunta- "
    "ja kulttuuritoimintaan jo ensikäynnillä.",
    "Vaikuttavuuden arvioinnissa seuraamme kolmea mittaria: osallistujien määrää, koettua "
    "hyvinvointia ja palveluiden käytön muutosta puolen vuoden kuluttua.",
    "Rahoittajan näkökulmasta tärkeintä on, että kokeilusta opitaan myös silloin, kun se ei "
    "onnistu suunnitellusti.",
    "Oppimisyhteisön tapaamisessa kartoitimme alueen toimijat ja sen, kuka tekee yhteistyötä "
    "kenenkin kanssa.",
    "Kehittämisklinikassa törmäytimme kehittäjien tarpeet, rahoittajien ehdot ja päättäjien "
    "kysymykset kolmen todellisen tapauksen ympärillä.",
    "Hyvinvointialueen näkökulmasta toimintamallin levittäminen edellyttää, että kustannukset "
    "ja hyödyt on kuvattu niin, että valmistelija voi viedä asian päätöksentekoon.",
    "Tulevaisuustyöpajassa nousi esiin heikkoja signaaleja: yksinäisyys nuorten aikuisten "
    "keskuudessa, digitaalisten palveluiden väsymys ja vapaaehtoistyön uudet muodot.",
    "Monitoimitalon kokeilu Aurassa näytti, että kirjasto, neuvola ja nuorisotila voivat "
    "jakaa saman oven ilman, että kenenkään palvelu heikkenee.",
]
ENGLISH = [
    "We are building a shared service chain between the municipality and NGOs, so that a "
    "resident is referred to exercise and culture activities on the first visit.",
    "For impact assessment we follow three indicators: participants, perceived wellbeing and "
    "the change in service use after six months.",
    "From a funder's point of view the key is that an experiment teaches something even when "
    "it does not go as planned.",
    "The welfare-technology lending library in Satakunta is a good example of a practice that "
    "spread because its costs and benefits were written down early.",
    "Our learning community meets every other month; the next gathering is an open "
    "networking session followed by a development clinic on youth services.",
]
LINKS = [
    "https://www.innokyla.fi/fi/toimintamalli/liikuntaneuvonta",
    "https://thl.fi/vaikuttavuus",
    "https://stea.fi/avustukset",
    "https://example.org/raportti.pdf",
]


class _Deferred:
    """Stands in for the search backend while the data is made: one Whoosh commit per action
    would make building the data set take longer than every benchmark on it."""

    def write(self, changes: object) -> None: ...

    def ready(self) -> bool:
        return True

    def clear(self, ready: bool = True) -> None: ...


@contextmanager
def indexing_at_the_end(app: Flask) -> Iterator[None]:
    """Actions run without writing to the search index; then the index is built once, by the
    rebuild that ``flask forum reindex`` runs."""
    search = app.extensions[EXTENSION]
    app.extensions[EXTENSION] = _Deferred()
    try:
        yield
    finally:
        app.extensions[EXTENSION] = search
    with app.app_context():
        rebuild(fresh=True)


@dataclass
class DataSet:
    topics: dict[int, int]  # size -> topic id
    users: list[int]

    @property
    def topic_100(self) -> int:
        return self.topics[100]

    @property
    def topic_1000(self) -> int:
        return self.topics[1000]


def paragraph(rng: random.Random, names: list[str], finnish: bool) -> str:
    sentences = FINNISH if finnish else ENGLISH
    text = " ".join(rng.sample(sentences, rng.randint(1, 3)))
    kind = rng.random()
    if kind < 0.15:
        items = "\n".join(f"- {rng.choice(sentences)}" for _ in range(rng.randint(2, 4)))
        return f"{text}\n\n{items}"
    if kind < 0.25:
        return f"{text} Lisää: [{rng.choice(('raportti', 'report'))}]({rng.choice(LINKS)})"
    if kind < 0.4:
        return f"@{rng.choice(names)} {text}"
    if kind < 0.45:
        return f"**{rng.choice(sentences)}**\n\n1. {text}\n2. {rng.choice(sentences)}"
    return text


def post_text(rng: random.Random, names: list[str], topic_id: int = 0, quotable: int = 0) -> str:
    """A post of two to five paragraphs; now and then quoting an earlier post of the topic."""
    finnish = rng.random() < 0.7
    parts = [paragraph(rng, names, finnish) for _ in range(rng.randint(2, 5))]
    if quotable and rng.random() < 0.15:
        number = rng.randint(1, quotable)
        quote = f'[quote="{rng.choice(names)}, post:{number}, topic:{topic_id}"]'
        parts.insert(0, f"{quote}\n{rng.choice(FINNISH)}\n[/quote]")
    return "\n\n".join(parts)


def build(
    app: Flask, seed: int = 2026, user_count: int = 1000, sizes: tuple[int, ...] = (10, 100, 1000)
) -> DataSet:
    """Users, one space, 30 short topics and a topic of each of ``sizes`` posts.

    Only ids and names are kept between actions: every commit expires the session's objects,
    and a thousand live User objects would be reloaded one by one.
    """
    rng = random.Random(seed)
    with indexing_at_the_end(app), app.app_context():
        ensure_reference_data()
        admin = create_user("bench-admin", "Bench Admin", groups=("administrators",))
        names = [f"actor{n:04d}" for n in range(user_count)]
        ids = [create_user(name, f"Toimija {n}").id for n, name in enumerate(names)]
        space = create_space(
            admin,
            name="Yleinen",
            slug="yleinen",
            grants={"everyone": ["see", "read"], "registered": ["create_topic", "reply"]},
        )

        def someone() -> User:
            return db.session.get(User, rng.choice(ids))

        for n in range(30):
            create_topic(someone(), space, title=f"Keskustelu {n}", raw=post_text(rng, names))
        topics = {}
        for size in sizes:
            title = f"Aihe jossa {size} viestiä"
            topic = create_topic(someone(), space, title=title, raw=post_text(rng, names))
            for number in range(2, size + 1):
                text = post_text(rng, names, topic.id, number - 1)
                post = create_post(someone(), topic, text)
                if rng.random() < 0.3:
                    reactor = someone()
                    if reactor.id != post.user_id:
                        add_reaction(reactor, post, rng.choice(app.config["REACTIONS"]))
            for reader in rng.sample(ids, len(ids) // 5):
                mark_read(db.session.get(User, reader), topic, rng.randint(1, size))
            topics[size] = topic.id
        return DataSet(topics, ids)
