"""A plugin's search documents (the example's notes): indexed through its actions, found while
the plugin is on, and gone from results, counts and facets as soon as it is switched off, in
this application and in another instance sharing the database and the index."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from forum.actions.erasure import erase_account
from forum.actions.plugins import set_plugin_enabled
from forum.extensions import db
from forum.search import EXTENSION
from forum.search.rebuild import drift, rebuild
from plugins.example.actions import add_note
from tests.factories import make_topic, make_user
from tests.plugin_helpers import migrated_app
from tests.search_helpers import backend_names, use_backend


@pytest.fixture(params=["whoosh", "postgres"])
def search(request: pytest.FixtureRequest, app: Flask) -> Iterator[object]:
    if request.param not in backend_names(request.config):
        pytest.skip("the PostgreSQL search backend is tested with --database=postgresql")
    yield from use_backend(app, request.param)


@pytest.fixture
def example_on() -> Iterator[None]:
    set_plugin_enabled(None, "example", True)
    yield
    set_plugin_enabled(None, "example", False)


def results(client: FlaskClient, text: str) -> dict:
    response = client.get("/api/v1/search", query_string={"q": text})
    assert response.status_code == 200, response.text
    data = response.get_json()
    return {
        "found": sorted((r["type"], r["title"], r["url"]) for r in data["results"]),
        "total": data["total"],
        "types": {f["value"]: f["count"] for f in data["facets"]["type"]},
    }


NOTE = ("example_note", "Walrus meetup notes from Oulu", "/example/")


@pytest.mark.usefixtures("example_on")
def test_the_plugins_documents_come_and_go_with_the_plugin(search, client):
    author = make_user()
    add_note(author, "Walrus meetup notes from Oulu")
    topic = make_topic(author, title="Walrus watching", raw="Walrus sightings by the sea.")
    on = results(client, "walrus")
    assert on["found"] == [NOTE, ("topic", "Walrus watching", f"/t/{topic.id}/{topic.slug}")]
    assert on["total"] == 2
    assert on["types"] == {"example_note": 1, "topic": 1}
    page = client.get("/search", query_string={"q": "walrus"}).text
    assert "meetup notes from Oulu" in page
    assert "Muistiinpano" in page  # the type's label, in Finnish

    set_plugin_enabled(None, "example", False)
    off = results(client, "walrus")
    assert [found[0] for found in off["found"]] == ["topic"]
    assert (off["total"], off["types"]) == (1, {"topic": 1})
    assert results(client, "oulu") == {"found": [], "total": 0, "types": {}}
    assert "meetup notes from Oulu" not in client.get("/search", query_string={"q": "walrus"}).text

    set_plugin_enabled(None, "example", True)
    assert results(client, "walrus") == on
    # A full rebuild lists the plugin's documents too, and the index matches the database.
    rebuild(fresh=True)
    assert results(client, "walrus") == on
    assert drift()["missing"] == drift()["extra"] == []


@pytest.mark.usefixtures("example_on")
def test_an_erased_persons_notes_leave_the_index(search, client):
    author = make_user()
    add_note(author, "Narwhal spotting schedule")
    assert results(client, "narwhal")["total"] == 1
    erase_account(author)
    assert results(client, "narwhal")["total"] == 0


@pytest.fixture
def other(app: Flask, tmp_path, search) -> Iterator[Flask]:
    """A second application instance on the same database, searching the same index."""
    instance = migrated_app(tmp_path, app.config["SQLALCHEMY_DATABASE_URI"], upgrade=False)
    shared = type(search)(search.directory) if search.name == "whoosh" else type(search)()
    instance.extensions[EXTENSION] = shared
    yield instance
    with instance.app_context():
        db.engine.dispose()


@pytest.mark.usefixtures("example_on")
def test_another_instance_follows_at_its_next_request(search, other, client):
    add_note(make_user(), "Walrus meetup notes from Oulu")
    other_client = other.test_client()
    assert results(other_client, "walrus")["found"] == [NOTE]
    set_plugin_enabled(None, "example", False)
    assert results(other_client, "walrus") == {"found": [], "total": 0, "types": {}}
    with other.app_context():
        set_plugin_enabled(None, "example", True)
        db.session.remove()
    assert results(client, "walrus")["found"] == [NOTE]
    assert results(other_client, "walrus")["found"] == [NOTE]
