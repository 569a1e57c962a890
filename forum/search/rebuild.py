"""Full rebuilds (resumable) and the comparison of index and database."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

from flask import current_app
from sqlalchemy.orm import Session

from forum.extensions import db
from forum.search import backend
from forum.search.documents import all_keys, count_documents, resolve

BATCH = 200


def checkpoint_path() -> Path:
    return Path(current_app.instance_path) / "search-reindex.json"


def _batches(keys: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(keys), size):
        yield keys[start : start + size]


def rebuild(
    fresh: bool = False, progress: Callable[[int, int], None] | None = None
) -> tuple[int, int]:
    """Index every document. Without ``fresh``, an interrupted rebuild continues where its
    checkpoint says. Returns (keys done, documents written)."""
    search = backend()
    path = checkpoint_path()
    with Session(db.engine) as session:
        keys = list(all_keys(session))
    done = 0
    if not fresh and path.exists():
        done = json.loads(path.read_text(encoding="utf-8")).get("done", 0)
    if done == 0 or done > len(keys):
        done = 0
        search.clear(ready=False)
    written = 0
    for batch in _batches(keys[done:], BATCH):
        with Session(db.engine) as session:
            documents = [doc for key in batch for _k, doc in resolve(session, key) if doc]
        written += search.index(documents)
        done += len(batch)
        path.write_text(json.dumps({"done": done, "total": len(keys)}), encoding="utf-8")
        if progress:
            progress(len(batch), len(documents))
    search.mark_ready()
    path.unlink(missing_ok=True)
    return done, written


def total_keys() -> int:
    with Session(db.engine) as session:
        return sum(1 for _ in all_keys(session))


def drift() -> dict[str, object]:
    """What the index holds against what the database says it should (missing and extra)."""
    with Session(db.engine) as session:
        expected: set[str] = set()
        for key in all_keys(session):
            expected.update(k for k, doc in resolve(session, key) if doc is not None)
        counts = count_documents(session)
    indexed = backend().keys()
    return {
        "expected": len(expected),
        "indexed": len(indexed),
        "by_type": counts,
        "missing": sorted(expected - indexed),
        "extra": sorted(indexed - expected),
    }
