"""Search at scale: 100,000 posts of generated Finnish and English text, on both backends.

    .venv/bin/python -m bench.search [--posts 100000] [--backend whoosh|postgres|both]

The corpus goes into the database in bulk (the benchmark measures search, not posting);
then the real paths run: ``flask forum reindex``'s rebuild, the after-commit indexing of one
post (``index_now``), and queries as a registered person (permission filter on, a fifth of
the spaces private). PostgreSQL runs on a database of its own, made and dropped on the
server FORUM_BENCH_POSTGRES_URL names (default postgresql+psycopg://postgres@127.0.0.1:5432).
Beside the forum's search, the bare engine (Whoosh, or SQL on the same table) answers the
two-word queries on the same corpus, each query going to both in turn: ratio forum/bare.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path

from sqlalchemy import func, insert, select, text

from bench.common import (
    drop_postgres_database,
    emit,
    fresh_app,
    postgres_database,
    postgres_server,
    spread,
)
from forum.actions.bootstrap import ensure_reference_data
from forum.extensions import db
from forum.models import Group, Post, Space, SpacePermission, Topic, User
from forum.models.group import EVERYONE, REGISTERED
from forum.search import backend, index_now
from forum.search.backend import SearchRequest
from forum.search.query import parse_query
from forum.search.rebuild import rebuild

# Finnish stems with real inflected forms, so the lemmatiser has work to do.
FINNISH_WORDS = [
    "innovaatio innovaatiot innovaatioiden innovaatioita innovaatiossa innovaatiolle",
    "kehittämisklinikka kehittämisklinikoissa kehittämisklinikan kehittämisklinikalla",
    "yhteistyö yhteistyötä yhteistyön yhteistyössä yhteistyöhön",
    "kunta kunnan kunnassa kuntien kunnille kuntaan",
    "järjestö järjestöt järjestöjen järjestöille järjestön",
    "hyvinvointi hyvinvoinnin hyvinvointia hyvinvointialue hyvinvointialueella",
    "rahoitus rahoituksen rahoitusta rahoittaja rahoittajien",
    "kokeilu kokeilun kokeiluja kokeilusta kokeiluissa",
    "palvelu palvelut palveluiden palveluketju palveluketjua",
    "asukas asukkaat asukkaiden asukkaille asukkaan",
    "oppimisyhteisö oppimisyhteisön oppimisyhteisössä oppimisyhteisöjä",
    "vaikuttavuus vaikuttavuuden vaikuttavuutta arviointi arvioinnissa",
    "maakunta maakunnan maakunnassa alue alueen alueella",
    "nuori nuoret nuorten nuorille ikäihminen ikäihmisten",
    "liikunta liikuntaa kulttuuri kulttuurin kirjasto kirjastossa",
]
FINNISH_GLUE = str.split("ja on että mutta kun myös jossa joka sekä tai ei se")
ENGLISH_WORDS = str.split(
    "innovation innovations social services municipality municipalities funding funder "
    "experiment experiments wellbeing region regional community communities learning network "
    "networks assessment impact indicators residents youth elderly culture library exercise "
    "partnership partners pilot pilots development clinic clinics workshop future dialogue"
)
ENGLISH_GLUE = str.split("the and of to in that for with is are we our this a")


SYLLABLES = str.split("ka ta la si vi no ke mi ra ju pe lo hu sa te ni ko ma va ri")
ENDINGS = ("", "n", "ssa", "sta", "lla", "lle", "t", "ja", "iden", "an")
EN_SYLLABLES = str.split("con tri ment al ver sion pro ject ing ter form at ive com mun")


class Vocabulary:
    """Zipf-distributed words: the real families above ranked among generated ones."""

    def __init__(self, rng: random.Random) -> None:
        finnish = [
            "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(3000)
        ]
        english = [
            "".join(rng.choice(EN_SYLLABLES) for _ in range(rng.randint(2, 3))) for _ in range(1500)
        ]
        for rank, family in enumerate(FINNISH_WORDS):
            finnish.insert(10 + rank * 12, family)
        for rank, word in enumerate(ENGLISH_WORDS):
            english.insert(5 + rank * 6, word)
        self.finnish, self.english = finnish, english
        self.finnish_weights = list(accumulate(1 / (rank + 1) for rank in range(len(finnish))))
        self.english_weights = list(accumulate(1 / (rank + 1) for rank in range(len(english))))

    def finnish_word(self, rng: random.Random) -> str:
        stem = rng.choices(self.finnish, cum_weights=self.finnish_weights)[0]
        if " " in stem:
            return rng.choice(stem.split())
        return stem + rng.choice(ENDINGS)

    def english_word(self, rng: random.Random) -> str:
        return rng.choices(self.english, cum_weights=self.english_weights)[0]


VOCABULARY: Vocabulary | None = None


def sentence(rng: random.Random, finnish: bool) -> str:
    global VOCABULARY
    if VOCABULARY is None:
        VOCABULARY = Vocabulary(random.Random(7))
    pick = VOCABULARY.finnish_word if finnish else VOCABULARY.english_word
    words = [pick(rng) for _ in range(rng.randint(5, 11))]
    glue = FINNISH_GLUE if finnish else ENGLISH_GLUE
    for _ in range(len(words) // 2):
        words.insert(rng.randrange(len(words)), rng.choice(glue))
    return " ".join(words).capitalize() + "."


def post_html(rng: random.Random) -> str:
    finnish = rng.random() < 0.7
    paragraphs = [
        " ".join(sentence(rng, finnish) for _ in range(rng.randint(2, 4)))
        for _ in range(rng.randint(1, 3))
    ]
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def build_corpus(posts: int, seed: int = 2026, per_topic: int = 10) -> None:
    """Users, 20 spaces (4 private to a group), topics of ``per_topic`` posts, in bulk."""
    rng = random.Random(seed)
    ensure_reference_data()
    groups = dict(db.session.execute(select(Group.name, Group.id)).all())
    # The reference data holds spaces of its own (the private-messages space).
    first_space = (db.session.scalar(select(func.max(Space.id))) or 0) + 1
    space_ids = range(first_space, first_space + 20)
    now = datetime.now(UTC)
    with db.engine.begin() as connection:
        connection.execute(
            insert(User),
            [
                {"id": n, "username": f"actor{n}", "display_name": f"Toimija {n}", "active": True}
                for n in range(1, 201)
            ],
        )
        connection.execute(insert(Group), [{"id": 900, "name": "insiders", "title": "Insiders"}])
        spaces, grants = [], []
        for n, space_id in enumerate(space_ids, start=1):
            spaces.append({"id": space_id, "slug": f"space-{n}", "name": f"Alue {n}"})
            readers = [900] if n % 5 == 0 else [groups[EVERYONE], groups[REGISTERED]]
            grants.extend({"space_id": space_id, "group_id": g, "verb": "read"} for g in readers)
        connection.execute(insert(Space), spaces)
        connection.execute(insert(SpacePermission), grants)
        topic_rows, post_rows = [], []
        topics = posts // per_topic
        post_id = 0
        for topic_id in range(1, topics + 1):
            created = now - timedelta(minutes=posts - topic_id * per_topic)
            topic_rows.append(
                {
                    "id": topic_id,
                    "space_id": rng.choice(space_ids),
                    "user_id": rng.randint(1, 200),
                    "title": sentence(rng, rng.random() < 0.7)[:120],
                    "slug": f"topic-{topic_id}",
                    "last_post_number": per_topic,
                    "posts_count": per_topic,
                    "highest_visible_number": per_topic,
                    "bumped_at": created,
                    "created_at": created,
                }
            )
            for number in range(1, per_topic + 1):
                post_id += 1
                html = post_html(rng)
                post_rows.append(
                    {
                        "id": post_id,
                        "topic_id": topic_id,
                        "post_number": number,
                        "user_id": rng.randint(1, 200),
                        "raw": html,
                        "cooked": html,
                        "created_at": created + timedelta(seconds=number),
                    }
                )
            if len(post_rows) >= 10_000:
                connection.execute(insert(Topic), topic_rows)
                connection.execute(insert(Post), post_rows)
                topic_rows, post_rows = [], []
        if topic_rows:
            connection.execute(insert(Topic), topic_rows)
            connection.execute(insert(Post), post_rows)


QUERIES = {
    "one_word": ["innovaatio", "kunta", "hyvinvointi", "funding", "palvelu", "workshop"],
    "two_word": [
        "innovaatio kunta",
        "yhteistyö järjestö",
        "kehittämisklinikka rahoitus",
        "social innovation",
        "asukas palvelu",
        "regional network",
    ],
    "phrase": ['"innovaatioiden kunnassa"', '"social services"', '"kuntien palvelut"'],
    "operator": [
        "innovaatio #space-3",
        "hyvinvointi after:2020-01-01 type:post",
        "funding -pilot status:open",
        "@actor7 kunta",
    ],
}


def forum_search(app) -> Callable[[str], object]:
    """The forum's search as a registered person: the permission filter on, with facets."""
    groups = frozenset({EVERYONE, REGISTERED})
    with app.app_context():
        spaces = dict(db.session.execute(select(Space.slug, Space.id)).all())

    def query(words: str) -> object:
        parsed = parse_query(words)
        request = SearchRequest(query=parsed, groups=groups)
        if parsed.space:
            request.space_id = spaces[parsed.space]
        if parsed.author:
            request.author_id = int(parsed.author.removeprefix("actor"))
        with app.app_context():
            return backend().search(request, facets=True)

    return query


def latencies(runs: dict[str, Callable[[str], object]], queries: list[str], rounds: int) -> dict:
    """Each run's latency for ``queries``. With several runs (the forum and the bare engine),
    each query goes to every run in turn, the order rotating, so both see the same machine."""
    names = list(runs)
    times: dict[str, list[float]] = {name: [] for name in names}
    turn = 0
    for _ in range(rounds):
        for words in queries:
            for name in names[turn % len(names) :] + names[: turn % len(names)]:
                started = time.perf_counter()
                runs[name](words)
                times[name].append((time.perf_counter() - started) * 1000)
            turn += 1
    return {name: {"queries": len(spent), **spread(spent)} for name, spent in times.items()}


def bare_whoosh(app) -> Callable[[str], object]:
    """Whoosh alone on the forum's index, asked for the same terms the forum asks for (every
    word's variants in each language, in title and body; Whoosh's own query parser would
    analyse English words as Finnish and find nothing), all words required, the first 20 hits
    by Whoosh's own search; no permission filter, no total, no facets, no highlighting."""
    from whoosh import index

    from forum.search.whoosh_backend import compile_query

    ix = index.open_dir(Path(app.instance_path) / "search" / "whoosh")
    searcher = ix.searcher()

    def query(words: str) -> object:
        compiled = compile_query(SearchRequest(query=parse_query(words), groups=None))
        return [hit["key"] for hit in searcher.search(compiled, limit=20, terms=False)]

    return query


def bare_postgres(app) -> Callable[[str], object]:
    """PostgreSQL alone on the forum's search_documents table: the words analysed as the forum
    indexes them (``simple`` would look for "innovation" where the index holds "innov", and
    find nothing), every word required in one language's tsvector, ranked, the first 20; no
    permission filter, no counts or facets."""
    from forum.search.postgres_backend import _word_tsquery

    columns = ("fi", "sv", "en")
    where = " OR ".join(f"tsv_{c} @@ CAST(:{c} AS tsquery)" for c in columns)
    rank = " + ".join(f"ts_rank(tsv_{c}, CAST(:{c} AS tsquery))" for c in columns)
    statement = text(
        f"SELECT key FROM search_documents WHERE {where} "  # noqa: S608 - constant columns
        f"ORDER BY {rank} DESC LIMIT 20"
    )

    def query(words: str) -> object:
        per_word = [_word_tsquery(word) for word in words.split()]
        params = {c: " & ".join(f"({q[c]})" for q in per_word if q[c]) for c in columns}
        with app.app_context():
            return db.session.execute(statement, params).all()

    return query


def run_backend(name: str, posts: int, database_url: str | None) -> dict:
    app = fresh_app(database_url, search_backend=name)
    with app.app_context():
        started = time.perf_counter()
        build_corpus(posts)
        corpus_seconds = time.perf_counter() - started
        db.session.remove()
        started = time.perf_counter()
        _done, documents = rebuild(fresh=True)
        build_seconds = time.perf_counter() - started
        post_ids = list(db.session.scalars(select(Post.id).where(Post.post_number > 1).limit(100)))
        db.session.remove()
        started = time.perf_counter()
        for post_id in post_ids:
            index_now([f"post:{post_id}"])
        incremental_ms = (time.perf_counter() - started) * 1000 / len(post_ids)
    figures = {
        "documents": documents,
        "corpus_insert_seconds": round(corpus_seconds, 1),
        "full_build_seconds": round(build_seconds, 1),
        "full_build_documents_per_second": round(documents / build_seconds),
        "incremental_ms_per_post": round(incremental_ms, 2),
    }
    forum = forum_search(app)
    for kind, queries in QUERIES.items():
        if kind != "two_word":
            figures[kind] = latencies({"forum": forum}, queries, max(5, 60 // len(queries)))[
                "forum"
            ]
    bare = bare_whoosh(app) if name == "whoosh" else bare_postgres(app)
    paired = latencies({"forum": forum, "bare": bare}, QUERIES["two_word"], rounds=10)
    figures["two_word"] = paired["forum"]
    figures["two_word_bare_engine"] = paired["bare"]
    figures["two_word_ratio_forum_to_bare_p95"] = round(
        paired["forum"]["p95_ms"] / paired["bare"]["p95_ms"], 2
    )
    with app.app_context():
        db.engine.dispose()
    return figures


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--backend", choices=("whoosh", "postgres", "both"), default="both")
    args = parser.parse_args(argv)
    figures: dict = {"posts": args.posts}
    if args.backend in ("whoosh", "both"):
        figures["whoosh"] = run_backend("whoosh", args.posts, None)
    if args.backend in ("postgres", "both"):
        url = postgres_database(postgres_server())
        try:
            figures["postgres"] = run_backend("postgres", args.posts, url)
        finally:
            drop_postgres_database(url)
    summary = "; ".join(
        f"{name}: build {f['full_build_seconds']} s, two-word p95 {f['two_word']['p95_ms']} ms"
        for name, f in figures.items()
        if isinstance(f, dict)
    )
    return emit("search", figures, f"search on {args.posts} posts: {summary}")


if __name__ == "__main__":
    main()
