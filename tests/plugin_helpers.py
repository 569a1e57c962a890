"""Plugins installed at test time: a distribution's metadata (and, for an external package, its
code) written to a temporary directory on sys.path, where importlib.metadata finds its
``forum.plugins`` entry points exactly as it finds an installed package's."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from flask import Flask

from forum import create_app
from forum.plugin_api import ENTRY_POINT_GROUP
from tests.conftest import IsolatedClient


def write_distribution(
    site: Path, name: str, entry_points: Mapping[str, str], files: Mapping[str, str] = {}
) -> None:
    """A distribution called ``name`` in ``site``: its files and its .dist-info."""
    for relative, text in files.items():
        path = site / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    info = site / f"{name.replace('-', '_')}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    lines = [f"[{ENTRY_POINT_GROUP}]", *(f"{k} = {v}" for k, v in entry_points.items())]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n")


@contextmanager
def on_path(site: Path, *packages: str) -> Iterator[None]:
    """Make the distributions in ``site`` visible; forget them (and ``packages``) after."""
    sys.path.insert(0, str(site))
    importlib.invalidate_caches()
    try:
        yield
    finally:
        sys.path.remove(str(site))
        for module in [m for m in sys.modules if m.split(".")[0] in packages]:
            del sys.modules[module]
        importlib.invalidate_caches()


def migrated_app(tmp: Path, database_url: str | None = None, upgrade: bool = True) -> Flask:
    """An application of its own (own SQLite file unless ``database_url``), migrated to every
    head, as a worker process would run it."""
    from flask_migrate import upgrade as alembic_upgrade

    from forum.actions.bootstrap import ensure_reference_data
    from forum.extensions import db

    app = create_app(
        {
            "ENV": "testing",
            "INSTANCE_PATH": str(tmp),
            "DATABASE_URL": database_url or f"sqlite:///{tmp / 'forum.sqlite3'}",
            "SERVER_NAME": "forum.test",
        }
    )
    app.test_client_class = IsolatedClient
    if upgrade:
        with app.app_context():
            alembic_upgrade(revision="heads")
            ensure_reference_data()
            db.session.remove()
    return app
