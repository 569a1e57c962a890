"""The embedded backend: a Whoosh index directory under the instance folder.

One writer at a time: a lock per process, and Whoosh's own file lock (waited for) between
processes. The index is marked ready only when a full build finished (or was created for an
empty forum); until then searching raises ``IndexUnavailable`` and the page says so.
"""

from __future__ import annotations

import shutil
import threading
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, time
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as Q
from whoosh.codec.whoosh3 import W3Codec, W3PerDocReader, W3Segment
from whoosh.collectors import TopCollector
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.writing import SegmentWriter

from forum.search.analysis import ForumTokenizer, analysed_value, language_tagged
from forum.search.backend import (
    IndexUnavailable,
    SearchHit,
    SearchRequest,
    SearchResults,
    phrase_variants,
    word_variants,
)
from forum.search.documents import SearchDocument

READY = "READY"
FACET_FIELDS = {"type": "type", "space": "space_id", "region": "regions"}
WRITE_TIMEOUT = 30.0
TITLE_BOOST = 2.0
WRITER_MB = 256


def _schema() -> Schema:
    fields = {
        "key": ID(stored=True, unique=True),
        "type": ID(stored=True, sortable=True),
        "object_id": STORED(),
        "title": STORED(),
        "body": STORED(),
        "created_at": DATETIME(stored=True, sortable=True),
        "space_id": ID(stored=True, sortable=True),
        "author_id": ID(stored=True),
        "topic_id": STORED(),
        "post_number": STORED(),
        "groups": KEYWORD(commas=True),
        "tags": KEYWORD(commas=True),
        "regions": KEYWORD(commas=True, sortable=True),
        "status": ID(),
        "language": ID(stored=True),
    }
    # One text field for every language keeps a query small: a word becomes one OR of its
    # distinct terms in the three languages, not a clause per language and field.
    fields["title_text"] = TEXT(analyzer=ForumTokenizer(), field_boost=TITLE_BOOST)
    fields["text"] = TEXT(analyzer=ForumTokenizer())
    return Schema(**fields)


def _fields(in_title: bool) -> tuple[str, ...]:
    return ("title_text",) if in_title else ("title_text", "text")


def _word_query(word: str, in_title: bool) -> Q.Query | None:
    terms = sorted({term for terms in word_variants(word).values() for term in terms})
    clauses = [Q.Term(name, term) for name in _fields(in_title) for term in terms]
    return Q.Or(clauses) if clauses else None


def _phrase_query(phrase: str, in_title: bool) -> Q.Query | None:
    options = []
    for positions in {tuple(p) for p in phrase_variants(phrase).values() if p}:
        for name in _fields(in_title):
            parts = [Q.Or([Q.Term(name, t) for t in alternatives]) for alternatives in positions]
            options.append(parts[0] if len(parts) == 1 else Q.Sequence(parts))
    return Q.Or(options) if options else None


def compile_query(request: SearchRequest) -> Q.Query | None:
    """The Whoosh query for a request; None when nothing can match.

    The permission filter is not part of it: ``search`` applies the searcher's readable
    documents as a filter set, which is cheaper than intersecting with the groups' postings.
    """
    parsed = request.query
    required: list[Q.Query] = []
    for word in parsed.words:
        if (q := _word_query(word, parsed.in_title)) is not None:
            required.append(q)
    for phrase in parsed.phrases:
        if (q := _phrase_query(phrase, parsed.in_title)) is not None:
            required.append(q)
    if parsed.has_text and not required:
        return None  # only stop words
    if parsed.type:
        required.append(Q.Term("type", parsed.type))
    if parsed.in_title:
        required.append(Q.Term("type", "topic"))
    if request.space_id is not None:
        required.append(Q.Term("space_id", str(request.space_id)))
    if request.author_id is not None:
        required.append(Q.Term("author_id", str(request.author_id)))
    required.extend(Q.Term("tags", tag) for tag in parsed.tags)
    if parsed.status:
        required.append(Q.Term("status", parsed.status))
    if request.region:
        required.append(Q.Term("regions", request.region))
    if parsed.after or parsed.before:
        start = datetime.combine(parsed.after, time.min) if parsed.after else None
        end = datetime.combine(parsed.before, time.min) if parsed.before else None
        required.append(Q.DateRange("created_at", start, end, endexcl=True))
    if request.only_keys is not None:
        if not request.only_keys:
            return None
        required.append(Q.Or([Q.Term("key", k) for k in sorted(request.only_keys)]))
    if request.groups is not None and not request.groups:
        return None
    excluded = [
        q
        for text in parsed.excluded
        if (q := (_phrase_query(text, False) if " " in text else _word_query(text, False)))
    ]
    excluded.extend(Q.Term("type", name) for name in sorted(request.hidden_types))
    base = Q.And(required) if required else Q.Every()
    if not parsed.has_text:
        base = Q.And([Q.Every(), *required]) if required else Q.Every()
    return Q.AndNot(base, Q.Or(excluded)) if excluded else base


def _doc_fields(doc: SearchDocument) -> dict:
    fields = {
        "key": doc.key,
        "type": doc.type,
        "object_id": doc.object_id,
        "title": doc.title,
        "body": doc.body,
        "created_at": doc.created_at.replace(tzinfo=None),
        "space_id": str(doc.space_id) if doc.space_id is not None else None,
        "author_id": str(doc.author_id) if doc.author_id is not None else None,
        "topic_id": doc.topic_id,
        "post_number": doc.post_number,
        "groups": ",".join(doc.groups),
        "tags": ",".join(doc.tags),
        "regions": ",".join(doc.regions),
        "status": doc.status,
        "language": doc.language,
        # A reply shows its topic's title but is not found by it.
        "title_text": language_tagged(doc.title, doc.language) if doc.type != "post" else None,
        "text": language_tagged(doc.body, doc.language),
    }
    return {k: v for k, v in fields.items() if v is not None}


class _PerDocReader(W3PerDocReader):
    """Remembers that a segment has no column for a field, as it remembers the columns it
    has: flushing a segment asks for the field length of every posting, and for the fields
    without lengths (ID and KEYWORD) Whoosh would look for the column's file each time."""

    def _cached_reader(self, fieldname, column):
        if fieldname not in self._readers:
            self._readers[fieldname] = (
                self.column_reader(fieldname, column) if self.has_column(fieldname) else None
            )
        return self._readers[fieldname]


class _WritingCodec(W3Codec):
    """Whoosh's codec with ``_PerDocReader`` for the writer's flush. The segments it makes
    record the plain codec, so reading an index does not depend on this class."""

    def per_document_reader(self, storage, segment):
        return _PerDocReader(storage, segment)

    def new_segment(self, storage, indexname):
        return W3Segment(W3Codec(), indexname)


def prepare_fields(documents: list[SearchDocument]) -> list[dict]:
    """The documents' fields with their text analysed ahead (a rebuild's worker processes)."""
    prepared = []
    for doc in documents:
        fields = _doc_fields(doc)
        for name, text in (("title_text", doc.title), ("text", doc.body)):
            if name in fields:
                fields[name] = analysed_value(text, doc.language)
        prepared.append(fields)
    return prepared


def _commit(writer: SegmentWriter) -> None:
    """Commit, and give the index's write lock back even when the commit fails half-way:
    Whoosh releases it only at the end of a commit that succeeds, and a lock left behind makes
    every later write wait for it and fail."""
    try:
        writer.commit()
    except BaseException:
        if not writer.is_closed and writer.writelock is not None:
            writer.writelock.release()
        raise


class WhooshBackend:
    name = "whoosh"

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self._lock = threading.Lock()
        self._ix = None
        # Each thread keeps its searcher open between queries (opening one reads every
        # segment's files) and refreshes it when a writer has committed since. ``_generation``
        # tells a thread that the index it holds was replaced by clear().
        self._local = threading.local()
        self._generation = 0

    # -- opening ---------------------------------------------------------------------------
    def _open(self, create: bool = False):
        if self._ix is not None and self.directory.is_dir():
            return self._ix
        self._ix = None
        try:
            if whoosh_index.exists_in(self.directory):
                self._ix = whoosh_index.open_dir(self.directory)
            elif create:
                self.directory.mkdir(parents=True, exist_ok=True)
                self._ix = whoosh_index.create_in(self.directory, _schema())
            else:
                raise IndexUnavailable(f"no index in {self.directory}")
        except IndexUnavailable:
            raise
        except Exception as error:  # a corrupt or unreadable directory
            raise IndexUnavailable(f"{self.directory}: {error}") from error
        return self._ix

    def ready(self) -> bool:
        return (self.directory / READY).exists()

    def mark_ready(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        (self.directory / READY).write_text("ok\n", encoding="utf-8")

    # -- writing ---------------------------------------------------------------------------
    # Runs in a rebuild's worker processes: a function of the documents alone.
    prepare = staticmethod(prepare_fields)

    def index_prepared(self, prepared: list[dict], new: bool = False) -> int:
        """Add or replace documents given as their fields (``prepare``); ``new`` promises none
        is indexed yet (a rebuild), which saves looking each one up."""
        with self._lock:
            ix = self._open(create=True)
            writer = ix.writer(timeout=WRITE_TIMEOUT, limitmb=WRITER_MB, codec=_WritingCodec())
            try:
                for fields in prepared:
                    if new:
                        writer.add_document(**fields)
                    else:
                        writer.update_document(**fields)
            except BaseException:
                writer.cancel()
                raise
            _commit(writer)
        return len(prepared)

    def write(self, changes: Iterable[tuple[str, SearchDocument | None]]) -> None:
        """Apply (key, document or None) pairs in one commit: update or delete each."""
        changes = dict(changes)  # a key twice in one writer would be indexed twice
        with self._lock:
            ix = self._open(create=True)
            writer = ix.writer(timeout=WRITE_TIMEOUT, codec=_WritingCodec())
            try:
                for key, doc in changes.items():
                    if doc is None:
                        writer.delete_by_term("key", key)
                    else:
                        writer.update_document(**_doc_fields(doc))
            except BaseException:
                writer.cancel()
                raise
            _commit(writer)

    def delete(self, keys: Iterable[str]) -> None:
        self.write((key, None) for key in keys)

    def clear(self, ready: bool = True) -> None:
        with self._lock:
            self._ix = None
            self._generation += 1
            if self.directory.exists():
                shutil.rmtree(self.directory)
            self.directory.mkdir(parents=True)
            whoosh_index.create_in(self.directory, _schema())
        if ready:
            self.mark_ready()

    # -- reading ---------------------------------------------------------------------------
    def _searcher(self) -> _OpenSearcher:
        local = self._local
        held: _OpenSearcher | None = getattr(local, "held", None)
        if held is not None:
            if (
                held.generation == self._generation
                and self.directory.is_dir()
                and held.searcher.up_to_date()
            ):
                return held
            # A new searcher rather than Whoosh's refresh(), which reuses segment readers
            # and with them deletion sets that a later commit changed.
            held.close()
        local.held = _OpenSearcher(self._open().searcher(), self._generation)
        return local.held

    def search(self, request: SearchRequest, facets: bool = True) -> SearchResults:
        if not self.ready():
            raise IndexUnavailable("the index is being built")
        query = compile_query(request)
        if query is None:
            return SearchResults([], 0, {})
        try:
            held = self._searcher()
            searcher = held.searcher
            allowed = None if request.groups is None else held.readable_by(request.groups)
            limit = request.page * request.per_page
            if request.sort == "date":
                results = searcher.search(
                    query,
                    limit=limit,
                    sortedby="created_at",
                    reverse=True,
                    terms=False,
                    filter=allowed,
                )
                matched = results.docs()
            else:
                # Block-quality skipping would leave the total unknown and make Whoosh search a
                # second time for it; collecting every match once gives the total and the
                # facets from the same pass.
                collector = _CountingCollector(limit, allowed)
                searcher.search_with_collector(query, collector)
                results = collector.results()
                matched = collector.matched
            start = (request.page - 1) * request.per_page
            hits = [
                _hit(results[i])
                for i in range(start, min(len(results.top_n), start + request.per_page))
            ]
            counts = held.facet_counts(matched) if facets else {}
            return SearchResults(hits, len(matched), counts)
        except IndexUnavailable:
            raise
        except (OSError, EOFError, ValueError) as error:
            self._local.held = None
            raise IndexUnavailable(str(error)) from error

    def keys(self) -> set[str]:
        ix = self._open()
        with ix.searcher() as searcher:
            return {fields["key"] for fields in searcher.all_stored_fields()}

    def status(self) -> tuple[str, bool]:
        try:
            ix = self._open()
        except IndexUnavailable as error:
            return f"whoosh index missing or unreadable ({error}); run flask forum reindex", False
        if not self.ready():
            return f"whoosh index in {self.directory} is incomplete; run flask forum reindex", False
        return f"whoosh index in {self.directory} ({ix.doc_count()} documents)", True


class _CountingCollector(TopCollector):
    """The top ``limit`` hits by score among the ``allowed`` documents (all when None), and
    the number of every matching one."""

    def __init__(self, limit: int, allowed: set[int] | None) -> None:
        super().__init__(limit=limit, usequality=False)
        self.allowed = allowed
        self.matched: list[int] = []

    def collect(self, sub_docnum: int) -> float:
        if self.allowed is not None and self.offset + sub_docnum not in self.allowed:
            return 0
        return super().collect(sub_docnum)

    def _collect(self, global_docnum: int, score: float) -> float:
        self.matched.append(global_docnum)
        return super()._collect(global_docnum, score)


class _Column:
    """A column's values by global document number, segment by segment.

    Whoosh's own multi-segment column reader misnumbers documents when a segment has no
    values in the column, so each segment is looked up here.
    """

    def __init__(self, reader, name: str) -> None:
        self._offsets: list[int] = []
        self._readers: list = []
        for segment_reader, offset in reader.leaf_readers():
            self._offsets.append(offset)
            self._readers.append(
                segment_reader.column_reader(name, translate=True)
                if segment_reader.has_column(name)
                else None
            )

    def __getitem__(self, docnum: int) -> str | None:
        segment = bisect_right(self._offsets, docnum) - 1
        column = self._readers[segment]
        return None if column is None else column[docnum - self._offsets[segment]]


class _OpenSearcher:
    """A searcher kept open by one thread, with the column readers the facets use."""

    def __init__(self, searcher, generation: int) -> None:
        self.searcher = searcher
        self.generation = generation
        self._columns: dict[str, _Column] = {}
        self._readable: dict[frozenset[str], set[int]] = {}

    def readable_by(self, groups: frozenset[str]) -> set[int]:
        """The numbers of the documents these groups may read, kept until the next refresh."""
        if groups not in self._readable:
            query = Q.Or([Q.Term("groups", g) for g in sorted(groups)])
            self._readable[groups] = set(self.searcher.docs_for_query(query))
        return self._readable[groups]

    def close(self) -> None:
        self.searcher.close()

    def _column(self, name: str) -> _Column:
        if name not in self._columns:
            self._columns[name] = _Column(self.searcher.reader(), name)
        return self._columns[name]

    def facet_counts(self, docnums: Iterable[int]) -> dict[str, dict[str, int]]:
        """Matches per type, space and region, read from the columns of the matched
        documents only (a Whoosh facet would walk every document in the index)."""
        columns = {name: self._column(field) for name, field in FACET_FIELDS.items()}
        counts: dict[str, Counter] = {name: Counter() for name in FACET_FIELDS}
        for docnum in docnums:
            for name, column in columns.items():
                value = column[docnum]
                if not value:
                    continue
                if name == "region":
                    counts[name].update(value.split(","))
                else:
                    counts[name][value] += 1
        return {name: dict(counter) for name, counter in counts.items()}


def _hit(hit) -> SearchHit:
    space = hit.get("space_id")
    author = hit.get("author_id")
    return SearchHit(
        key=hit["key"],
        type=hit["type"],
        object_id=hit["object_id"],
        title=hit.get("title", ""),
        body=hit.get("body", ""),
        created_at=hit["created_at"],
        space_id=int(space) if space else None,
        author_id=int(author) if author else None,
        topic_id=hit.get("topic_id"),
        post_number=hit.get("post_number"),
    )
