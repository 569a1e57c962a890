"""The search backend a test runs against: Whoosh always, PostgreSQL on a PostgreSQL run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from forum.extensions import db
from forum.search import EXTENSION, make_backend, pending_path


def backend_names(config: pytest.Config) -> list[str]:
    names = ["whoosh"]
    if config.getoption("--database") == "postgresql":
        names.append("postgres")
    return names


def use_backend(app: Flask, name: str) -> Iterator[object]:
    """Install a cleared backend ``name`` for one test; put the app's own one back after."""
    original = app.extensions[EXTENSION]
    search = make_backend(app, name)
    app.extensions[EXTENSION] = search
    # The test's own read transaction may hold a lock on the search table that TRUNCATE,
    # on a connection of its own, would wait for for ever.
    db.session.rollback()
    search.clear()
    pending_path().unlink(missing_ok=True)
    try:
        yield search
    finally:
        db.session.rollback()
        search.clear()
        app.extensions[EXTENSION] = original
