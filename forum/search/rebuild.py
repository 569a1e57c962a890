"""Full rebuilds (resumable) and the comparison of index and database."""

from __future__ import annotations

import contextlib
import json
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path

from flask import current_app

from forum.actions.base import leave_read_transaction, reading_session
from forum.search import backend
from forum.search.documents import all_keys, count_documents, resolve_many

log = logging.getLogger(__name__)

# Keys (a topic brings its replies) per commit: the checkpoint a stopped rebuild resumes from.
BATCH = 2000


def checkpoint_path() -> Path:
    return Path(current_app.instance_path) / "search-reindex.json"


def _batches(keys: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(keys), size):
        yield keys[start : start + size]


def analysis_workers() -> int:
    """Processes that analyse text during a rebuild: every core but the one that reads the
    database and writes the index."""
    return max(1, (os.cpu_count() or 1) - 1)


@contextmanager
def _analysers(batches: int) -> Iterator[Executor | None]:
    """A process pool for more than one batch (a single batch has nothing to overlap with).
    Spawned, not forked: a forked child would share the parent's database connections. Like
    any spawned process, a worker imports the caller's main module, which must keep its work
    under ``if __name__ == "__main__"`` (``flask``, ``pytest`` and ``bench`` do); should the
    pool break, the rebuild goes on analysing in its own process."""
    if batches < 2:
        yield None
        return
    pool = ProcessPoolExecutor(analysis_workers(), mp_context=multiprocessing.get_context("spawn"))
    try:
        yield pool
    finally:
        pool.shutdown(cancel_futures=True)


def rebuild(
    fresh: bool = False, progress: Callable[[int, int], None] | None = None
) -> tuple[int, int]:
    """Index every document. Without ``fresh``, an interrupted rebuild continues where its
    checkpoint says. Returns (keys done, documents written).

    The analysis of a batch (the backend's ``prepare``, the costly part) runs in worker
    processes while this one reads the next batch from the database; this process alone
    writes, in key order, and moves the checkpoint after each batch's write.
    """
    leave_read_transaction()
    search = backend()
    path = checkpoint_path()
    with reading_session() as session:
        keys = list(all_keys(session))
    done = 0
    if not fresh and path.exists():
        done = json.loads(path.read_text(encoding="utf-8")).get("done", 0)
    if done == 0 or done > len(keys):
        done = 0
        search.clear(ready=False)
    written = 0
    batches = list(_batches(keys[done:], BATCH))

    def finish(prepared: Future | list, batch_keys: int, documents: list) -> None:
        nonlocal done, written
        rows = prepared
        if isinstance(prepared, Future):
            try:
                rows = prepared.result()
            except BrokenProcessPool:
                log.warning("search rebuild: the analysis process failed; analysing here")
                rows = search.prepare(documents)
        written += search.index_prepared(rows, new=True)
        done += batch_keys
        path.write_text(json.dumps({"done": done, "total": len(keys)}), encoding="utf-8")
        if progress:
            progress(batch_keys, len(documents))

    with _analysers(len(batches)) as pool:
        waiting: tuple[Future | list, int, list] | None = None
        for batch in batches:
            with reading_session() as session:
                documents = [doc for _key, doc in resolve_many(session, batch) if doc]
            prepared: Future | list | None = None
            if pool is not None:
                with contextlib.suppress(BrokenProcessPool):
                    prepared = pool.submit(search.prepare, documents)
            if prepared is None:
                prepared = search.prepare(documents)
            if waiting is not None:
                finish(*waiting)
            waiting = (prepared, len(batch), documents)
        if waiting is not None:
            finish(*waiting)
    search.mark_ready()
    path.unlink(missing_ok=True)
    return done, written


def total_keys() -> int:
    with reading_session() as session:
        return sum(1 for _ in all_keys(session))


def drift() -> dict[str, object]:
    """What the index holds against what the database says it should (missing and extra)."""
    leave_read_transaction()
    with reading_session() as session:
        expected: set[str] = set()
        for batch in _batches(list(all_keys(session)), BATCH):
            expected.update(k for k, doc in resolve_many(session, batch) if doc is not None)
            session.expunge_all()
        counts = count_documents(session)
    indexed = backend().keys()
    return {
        "expected": len(expected),
        "indexed": len(indexed),
        "by_type": counts,
        "missing": sorted(expected - indexed),
        "extra": sorted(indexed - expected),
    }
