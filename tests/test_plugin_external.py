"""A plugin shipped as its own distribution: code, templates, static files and translations
written to a temporary directory, found through its entry point, working like an in-repo one."""

from __future__ import annotations

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from forum.extensions import db
from forum.plugins_core.state import statuses
from tests.plugin_helpers import migrated_app, on_path, write_distribution

PLUGIN = '''"""Hello: a plugin from another package."""

from pathlib import Path

from flask import Blueprint, render_template

from forum.plugin_api import hookimpl

bp = Blueprint("hello", __name__, url_prefix="/hello")


@bp.get("/")
def page():
    return render_template("hello/page.html")


@hookimpl
def forum_load_blueprints(app):
    return [bp]


@hookimpl
def forum_load_translations():
    return str(Path(__file__).parent / "translations")
'''
PAGE = """{% extends "base.html" %}
{% block content %}<h1>{{ _("Hello from a package") }}</h1>
<link rel="stylesheet" href="{{ url_for('plugin_hello.static', filename='hello.css') }}">
{% endblock %}
"""


def test_an_external_distribution_is_discovered_and_works(tmp_path):
    site = tmp_path / "site"
    write_distribution(
        site,
        "forum-hello",
        {"hello": "hello_forum_plugin.plugin"},
        {
            "hello_forum_plugin/__init__.py": "",
            "hello_forum_plugin/plugin.py": PLUGIN,
            "hello_forum_plugin/templates/hello/page.html": PAGE,
            "hello_forum_plugin/static/hello.css": "h1 { letter-spacing: 0.1em; }\n",
        },
    )
    for language, text in (("fi", "Hei paketista"), ("sv", "Hej från ett paket")):
        catalog = Catalog(locale=language)
        catalog.add("Hello from a package", text)
        folder = site / "hello_forum_plugin" / "translations" / language / "LC_MESSAGES"
        folder.mkdir(parents=True)
        with (folder / "messages.mo").open("wb") as mo:
            write_mo(mo, catalog)
    with on_path(site, "hello_forum_plugin"):
        app = migrated_app(tmp_path / "instance")
        client = app.test_client()
        try:
            with app.app_context():
                row = next(r for r in statuses() if r.name == "hello")
                assert (row.state, row.distribution) == ("enabled", "forum-hello")
            finnish = client.get("/hello/")
            assert finnish.status_code == 200
            assert "Hei paketista" in finnish.text
            swedish = client.get("/hello/", headers={"Accept-Language": "sv"})
            assert "Hej från ett paket" in swedish.text
            # The core's own messages still come from its catalogue.
            assert "Siirry sisältöön" in finnish.text
            with client.get("/plugins/hello/static/hello.css") as css:
                assert css.status_code == 200
        finally:
            with app.app_context():
                db.engine.dispose()
