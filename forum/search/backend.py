"""The protocol every search backend follows, and the plain data that crosses it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from forum.search.analysis import LANGUAGES, analyse, word_terms
from forum.search.documents import SearchDocument
from forum.search.query import ParsedQuery

FACETS = ("space", "type", "region")


class IndexUnavailable(Exception):
    """The index is missing or unreadable; ``flask forum reindex`` rebuilds it."""


@dataclass
class SearchRequest:
    """A parsed query with its operators resolved to ids, and the searcher's groups.

    ``groups`` None means no permission filter (an administrator). ``hidden_types`` are the
    document types of plugins that are switched off: left out of results and counts.
    """

    query: ParsedQuery
    groups: frozenset[str] | None
    author_id: int | None = None
    space_id: int | None = None
    region: str | None = None
    only_keys: frozenset[str] | None = None
    hidden_types: frozenset[str] = frozenset()
    page: int = 1
    per_page: int = 20
    sort: str = "relevance"


@dataclass
class SearchHit:
    key: str
    type: str
    object_id: int
    title: str
    body: str
    created_at: datetime
    space_id: int | None
    author_id: int | None
    topic_id: int | None
    post_number: int | None


@dataclass
class SearchResults:
    hits: list[SearchHit]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


class SearchBackend(Protocol):
    name: str

    # A function of documents alone (picklable, no database or index), run in worker
    # processes during a rebuild: the documents analysed, as ``index_prepared`` takes them.
    prepare: Callable[[list[SearchDocument]], list]

    def index_prepared(self, prepared: list, new: bool = False) -> int: ...

    def write(self, changes: Iterable[tuple[str, SearchDocument | None]]) -> None: ...

    def delete(self, keys: Iterable[str]) -> None: ...

    def search(self, request: SearchRequest, facets: bool = True) -> SearchResults: ...

    def clear(self, ready: bool = True) -> None: ...

    def ready(self) -> bool: ...

    def mark_ready(self) -> None: ...

    def keys(self) -> set[str]: ...

    def status(self) -> tuple[str, bool]: ...


def word_variants(word: str) -> dict[str, tuple[str, ...]]:
    """A query word's terms in each language (base forms only, no compound parts)."""
    return {lang: word_terms(word, lang, False) for lang in LANGUAGES}


def phrase_variants(phrase: str) -> dict[str, list[tuple[str, ...]]]:
    """A phrase as, per language, the list of its words' term alternatives in order."""
    result: dict[str, list[tuple[str, ...]]] = {}
    for lang in LANGUAGES:
        positions: dict[int, list[str]] = {}
        for position, term in analyse(phrase, lang, with_parts=False):
            positions.setdefault(position, []).append(term)
        result[lang] = [tuple(terms) for _pos, terms in sorted(positions.items())]
    return result


def highlight_terms(query: ParsedQuery) -> set[str]:
    """Every analysed term of the query's words and phrases, in all languages."""
    terms: set[str] = set()
    for text in [*query.words, *query.phrases]:
        for lang in LANGUAGES:
            terms.update(term for _pos, term in analyse(text, lang, with_parts=False))
    return terms
