"""The scale-out backend: a ``search_documents`` table with tsvector columns and GIN indexes.

PostgreSQL's own Finnish dictionary is Snowball's, which misses consonant gradation and
compounds; so the forum's analysis (Voikko for Finnish, Snowball for Swedish and English, see
``analysis``) makes the lexemes in Python, the same terms the Whoosh backend indexes, and the
tsvector is built from them with explicit positions ('simple' configuration: no further
stemming). One tsvector column per language (``tsv_fi``, ``tsv_sv``, ``tsv_en``, title lexemes
weighted A) lets a query analysed per language meet documents of that language. The table
(``forum/models/search.py``) comes with the migrations; every application server shares it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, time
from functools import lru_cache

from psycopg.errors import UndefinedTable
from sqlalchemy import Connection, Index, text
from sqlalchemy.exc import ProgrammingError

from forum.actions.base import borrowed_connection
from forum.extensions import db
from forum.models.search import SearchDocumentRow
from forum.search.analysis import LANGUAGES, analyse
from forum.search.backend import (
    IndexUnavailable,
    SearchHit,
    SearchRequest,
    SearchResults,
    phrase_variants,
    word_variants,
)
from forum.search.documents import SearchDocument

TABLE = "search_documents"  # forum/models/search.py, created by the migrations


@lru_cache(maxsize=100_000)
def _quote(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(title: str, body: str, language: str, with_title: bool) -> str:
    """A tsvector literal of the analysed terms with their positions; title terms weigh A."""
    positions: dict[str, list[str]] = {}
    offset = 1
    if with_title:
        title_terms = analyse(title, language)
        for position, term in title_terms:
            positions.setdefault(term, []).append(f"{min(offset + position, 16383)}A")
        offset += len({p for p, _t in title_terms}) + 1
    for position, term in analyse(body, language):
        found = positions.get(term)
        if found is None:
            found = positions[term] = []
        if len(found) < 256:
            found.append(str(min(offset + position, 16383)))
    return " ".join(f"{_quote(t)}:{','.join(p[:256])}" for t, p in positions.items())


def _title_literal(title: str, language: str) -> str:
    terms = {term for _p, term in analyse(title, language)}
    return " ".join(_quote(t) for t in sorted(terms))


def _tsquery_word(term: str) -> str:
    return _quote(term)


class _Query:
    """Builds the WHERE clause and its parameters."""

    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.params: dict[str, object] = {}

    def param(self, value: object) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f":{name}"

    def text_match(self, per_language: dict[str, str], in_title: bool) -> str | None:
        options = []
        for lang, tsquery in per_language.items():
            if not tsquery:
                continue
            column = "title_tsv" if in_title else f"tsv_{lang}"
            clause = f"{column} @@ CAST({self.param(tsquery)} AS tsquery)"
            if in_title:
                clause = f"(language = {self.param(lang)} AND {clause})"
            options.append(clause)
        return "(" + " OR ".join(options) + ")" if options else None


def _word_tsquery(word: str) -> dict[str, str]:
    return {
        lang: " | ".join(_tsquery_word(t) for t in terms)
        for lang, terms in word_variants(word).items()
    }


def _phrase_tsquery(phrase: str) -> dict[str, str]:
    result = {}
    for lang, positions in phrase_variants(phrase).items():
        parts = ["(" + " | ".join(_tsquery_word(t) for t in alts) + ")" for alts in positions]
        result[lang] = " <-> ".join(parts)
    return result


def compile_where(request: SearchRequest) -> tuple[str, dict[str, object], list[str]] | None:
    """The WHERE clause, its parameters and the rank expressions; None when nothing matches."""
    parsed = request.query
    q = _Query()
    ranks: list[str] = []
    required: list[dict[str, str]] = []
    for text_value, is_phrase in [(w, False) for w in parsed.words] + [
        (p, True) for p in parsed.phrases
    ]:
        per_language = _phrase_tsquery(text_value) if is_phrase else _word_tsquery(text_value)
        if not any(per_language.values()):
            continue  # stop words in every language
        required.append(per_language)
        for lang, tsquery in per_language.items():
            if tsquery:
                ranks.append(f"ts_rank(tsv_{lang}, CAST({q.param(tsquery)} AS tsquery))")
    if required:
        # A document's terms are in its own language's column only, so every word must match
        # in one language: one tsquery per language, which GIN answers in one index scan.
        clause = q.text_match(
            {
                lang: " & ".join(f"({item[lang]})" for item in required)
                for lang in LANGUAGES
                if all(item.get(lang) for item in required)
            },
            parsed.in_title,
        )
        if clause is None:
            return None
        q.clauses.append(clause)
    elif parsed.has_text:
        return None
    for text_value in parsed.excluded:
        per_language = (
            _phrase_tsquery(text_value) if " " in text_value else _word_tsquery(text_value)
        )
        clause = q.text_match(per_language, False)
        if clause is not None:
            q.clauses.append(f"NOT {clause}")
    if parsed.type:
        q.clauses.append(f"type = {q.param(parsed.type)}")
    if parsed.in_title:
        q.clauses.append("type = 'topic'")
    if request.space_id is not None:
        q.clauses.append(f"space_id = {q.param(request.space_id)}")
    if request.author_id is not None:
        q.clauses.append(f"author_id = {q.param(request.author_id)}")
    for tag in parsed.tags:
        q.clauses.append(f"tags @> ARRAY[CAST({q.param(tag)} AS text)]")
    if parsed.status:
        q.clauses.append(f"status = {q.param(parsed.status)}")
    if request.region:
        q.clauses.append(f"regions @> ARRAY[CAST({q.param(request.region)} AS text)]")
    if parsed.after:
        q.clauses.append(f"created_at >= {q.param(datetime.combine(parsed.after, time.min))}")
    if parsed.before:
        q.clauses.append(f"created_at < {q.param(datetime.combine(parsed.before, time.min))}")
    if request.only_keys is not None:
        if not request.only_keys:
            return None
        q.clauses.append(f"key = ANY({q.param(sorted(request.only_keys))})")
    if request.groups is not None:
        if not request.groups:
            return None
        q.clauses.append(f"groups && CAST({q.param(sorted(request.groups))} AS text[])")
    if request.hidden_types:
        q.clauses.append(f"type <> ALL(CAST({q.param(sorted(request.hidden_types))} AS text[]))")
    return " AND ".join(q.clauses) or "TRUE", q.params, ranks


def _bulk_indexes() -> list[Index]:
    return [
        index
        for index in SearchDocumentRow.__table__.indexes
        if index.dialect_options["postgresql"]["using"] == "gin"
    ]


def _row(doc: SearchDocument) -> dict[str, object]:
    row = {
        "key": doc.key,
        "type": doc.type,
        "object_id": doc.object_id,
        "title": doc.title,
        "body": doc.body,
        "language": doc.language,
        "groups": list(doc.groups),
        "created_at": doc.created_at,
        "space_id": doc.space_id,
        "author_id": doc.author_id,
        "topic_id": doc.topic_id,
        "post_number": doc.post_number,
        "tags": list(doc.tags),
        "regions": list(doc.regions),
        "status": doc.status,
        "title_tsv": _title_literal(doc.title, doc.language) if doc.type != "post" else "",
    }
    for lang in LANGUAGES:
        row[f"tsv_{lang}"] = (
            tsvector_literal(doc.title, doc.body, lang, doc.type != "post")
            if lang == doc.language
            else ""
        )
    return row


def prepare_rows(documents: list[SearchDocument]) -> list[dict[str, object]]:
    """The table rows of ``documents``, their text analysed into tsvector literals."""
    return [_row(doc) for doc in documents]


def _upsert(connection, rows: list[dict[str, object]]) -> None:
    """Insert the rows, replacing any of the same key, in one pipelined statement."""
    if not rows:
        return
    columns = list(rows[0])
    values = ", ".join(
        f"CAST(:{c} AS tsvector)" if c.endswith("tsv") or c.startswith("tsv_") else f":{c}"
        for c in columns
    )
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c != "key")
    connection.execute(
        text(
            f"INSERT INTO {TABLE} ({', '.join(columns)}) VALUES ({values}) "
            f"ON CONFLICT (key) DO UPDATE SET {updates}"
        ),
        rows,
    )


class PostgresBackend:
    name = "postgres"

    def _engine(self):
        engine = db.engine
        if engine.dialect.name != "postgresql":
            raise IndexUnavailable("the postgres search backend needs a PostgreSQL database")
        return engine

    def _exists(self, connection) -> bool:
        return bool(connection.execute(text("SELECT to_regclass(:t)"), {"t": TABLE}).scalar())

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        self._engine()  # refuses a database that is not PostgreSQL
        with borrowed_connection() as connection:
            yield connection

    def ready(self) -> bool:
        with self._reading() as connection:
            return self._exists(connection)

    def mark_ready(self) -> None:
        """End of a full build: put back the text indexes clear() took away for it, and
        refresh the planner's statistics (a stale estimate of the permission filter makes it
        scan every readable row)."""
        with self._engine().begin() as connection:
            for index in _bulk_indexes():
                index.create(connection, checkfirst=True)
            connection.execute(text(f"ANALYZE {TABLE}"))

    # Runs in a rebuild's worker processes: a function of the documents alone.
    prepare = staticmethod(prepare_rows)

    def write(self, changes: Iterable[tuple[str, SearchDocument | None]]) -> None:
        changes = dict(changes)
        deleted = [key for key, doc in changes.items() if doc is None]
        rows = prepare_rows([doc for doc in changes.values() if doc is not None])
        with self._engine().begin() as connection:
            if deleted:
                connection.execute(
                    text(f"DELETE FROM {TABLE} WHERE key = ANY(:keys)"), {"keys": deleted}
                )
            _upsert(connection, rows)

    def index_prepared(self, rows: list[dict[str, object]], new: bool = False) -> int:
        with self._engine().begin() as connection:
            _upsert(connection, rows)
        return len(rows)

    def delete(self, keys: Iterable[str]) -> None:
        self.write((key, None) for key in keys)

    def clear(self, ready: bool = True) -> None:
        """Empty the table; before a full build (``ready`` False) also drop the GIN indexes,
        which are much faster built once at the end than updated row by row."""
        with self._engine().begin() as connection:
            connection.execute(text(f"TRUNCATE {TABLE}"))
            if not ready:
                for index in _bulk_indexes():
                    index.drop(connection, checkfirst=True)
        if ready:
            self.mark_ready()

    def search(self, request: SearchRequest, facets: bool = True) -> SearchResults:
        """One pass over the matching rows gives the page's keys, the total and the facets
        (the rank is computed once per match, as sorting by it needs anyway); a second
        statement reads the page's rows by key."""
        compiled = compile_where(request)
        if compiled is None:
            return SearchResults([], 0, {})
        where, params, ranks = compiled
        rank = " + ".join(ranks) if request.sort != "date" and ranks else "0"
        order = "rank DESC, created_at DESC, key"
        params = {**params, "limit": request.per_page}
        params["offset"] = (request.page - 1) * request.per_page
        parts = [
            f"SELECT 'hit' AS facet, key AS value, row_number() OVER (ORDER BY {order}) AS n "
            f"FROM (SELECT key, rank, created_at FROM matched ORDER BY {order} "
            "LIMIT :limit OFFSET :offset) AS page",
            "SELECT 'type', type, count(*) FROM matched GROUP BY type",
        ]
        if facets:
            parts += [
                "SELECT 'space', space_id::text, count(*) FROM matched "
                "WHERE space_id IS NOT NULL GROUP BY space_id",
                "SELECT 'region', region, count(*) FROM (SELECT regions FROM matched "
                "WHERE regions IS NOT NULL) AS placed, unnest(placed.regions) AS region "
                "GROUP BY region",
            ]
        statement = (
            # Only people and organisations have regions: an empty array becomes NULL, which
            # the region count passes over without unnesting it.
            "WITH matched AS MATERIALIZED (SELECT key, type, space_id, "
            "NULLIF(regions, CAST(ARRAY[] AS text[])) AS regions, created_at, "
            f"{rank} AS rank FROM {TABLE} WHERE {where}) " + " UNION ALL ".join(parts)
        )
        page: dict[int, str] = {}
        counts: dict[str, dict[str, int]] = {"type": {}, "space": {}, "region": {}}
        with self._reading() as connection:
            try:
                # In a savepoint: a missing table must not end the request's own transaction.
                with connection.begin_nested():
                    result = connection.execute(text(statement), params).all()
            except ProgrammingError as error:
                if isinstance(error.orig, UndefinedTable):
                    raise IndexUnavailable("the search table does not exist yet") from error
                raise
            for facet, value, n in result:
                if facet == "hit":
                    page[n] = value
                else:
                    counts[facet][str(value)] = n
            rows = {
                r.key: r
                for r in connection.execute(
                    text(
                        f"SELECT key, type, object_id, title, body, created_at, space_id, "
                        f"author_id, topic_id, post_number FROM {TABLE} WHERE key = ANY(:keys)"
                    ),
                    {"keys": list(page.values())},
                )
            }
        hits = [
            SearchHit(
                key=r.key,
                type=r.type,
                object_id=r.object_id,
                title=r.title,
                body=r.body,
                created_at=r.created_at,
                space_id=r.space_id,
                author_id=r.author_id,
                topic_id=r.topic_id,
                post_number=r.post_number,
            )
            for r in (rows[page[n]] for n in sorted(page) if page[n] in rows)
        ]
        total = sum(counts["type"].values())
        return SearchResults(hits, total, counts if facets else {})

    def keys(self) -> set[str]:
        with self._reading() as connection:
            if not self._exists(connection):
                raise IndexUnavailable("the search table does not exist yet")
            return set(connection.execute(text(f"SELECT key FROM {TABLE}")).scalars())

    def status(self) -> tuple[str, bool]:
        try:
            with self._reading() as connection:
                if not self._exists(connection):
                    return "postgres: no search table yet; run flask forum reindex", False
                count = connection.execute(text(f"SELECT count(*) FROM {TABLE}")).scalar_one()
        except Exception as error:
            return f"postgres: {error}", False
        return f"postgres table {TABLE} ({count} documents)", True
