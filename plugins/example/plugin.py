"""Example: notes people leave for each other, the plugin docs/plugins.md walks through.

Off until an administrator switches it on (``DEFAULT_ENABLED``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import click
from flask import render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import func, select

from forum.extensions import db
from forum.plugin_api import AdminPage, DocumentType, NavItem, Setting, hookimpl
from forum.plugins_core.state import settings_of

log = logging.getLogger(__name__)
DEFAULT_ENABLED = False
HERE = Path(__file__).parent


# --- setup ---


@hookimpl
def forum_load_blueprints(app: Any) -> list[Any]:
    from plugins.example.views import api_bp, bp

    return [bp, api_bp]


@hookimpl
def forum_load_migrations() -> str:
    return str(HERE / "migrations")


@hookimpl
def forum_load_settings_schema() -> dict[str, Setting]:
    return {
        "greeting": Setting("str", "Hei!", label=_l("Greeting"), max_length=80),
        "max_notes": Setting("int", 5, label=_l("Notes per person"), minimum=1, maximum=100),
        "banned_word": Setting("str", "", label=_l("Refuse posts with this word"), max_length=40),
    }


@hookimpl
def forum_load_permission_verbs() -> list[str]:
    return ["example_curate"]


@hookimpl
def forum_load_jinja_filters() -> dict[str, Any]:
    return {"example_shout": lambda text: str(text).upper()}


@hookimpl
def forum_load_room_authorisers() -> dict[str, Any]:
    """Room ``example-board:0``: the notice board, for people who are signed in."""
    return {"example-board": lambda user, _ident: bool(getattr(user, "is_authenticated", False))}


@hookimpl
def forum_load_cli_commands() -> list[Any]:
    @click.command("example-count")
    def count() -> None:
        """How many example notes there are."""
        from plugins.example.models import ExampleNote

        click.echo(db.session.scalar(select(func.count(ExampleNote.id))))

    return [count]


@hookimpl
def forum_load_demo_data() -> list[str]:
    from plugins.example.actions import seed_notes

    return seed_notes()


# --- events ---


@hookimpl
def forum_event_post_created(payload: dict[str, Any]) -> None:
    log.info("example: post %s was made", payload["post_id"])


# --- gather ---


@hookimpl
def forum_gather_navigation(user: Any) -> list[NavItem]:
    return [NavItem("example.index", _("Notes"), order=50)]


@hookimpl
def forum_gather_admin_pages() -> list[AdminPage]:
    return [AdminPage("example.index", _("Notes"))]


@hookimpl
def forum_gather_search_documents() -> list[DocumentType]:
    from plugins.example import search

    return [
        DocumentType(
            search.DOCUMENT_TYPE, _("Note"), search.load_note, search.note_ids, search.note_url
        )
    ]


@hookimpl
def forum_gather_notification_types() -> list[str]:
    return ["example.note_left"]


@hookimpl
def forum_gather_api_resources() -> dict[str, Any]:
    note = {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "text": {"type": "string"}},
    }
    listing = {"type": "object", "properties": {"notes": {"type": "array", "items": note}}}
    return {
        "/example/notes": {
            "get": {
                "summary": "Example notes",
                "responses": {
                    "200": {
                        "description": "The notes, newest first",
                        "content": {"application/json": {"schema": listing}},
                    }
                },
            }
        }
    }


# --- filters ---


@hookimpl
def forum_filter_markup_allowlist(tags: set[str], attributes: dict[str, set[str]]) -> None:
    tags.add("var")


@hookimpl
def forum_filter_post_validate(user: Any, topic: Any, raw: str) -> str | None:
    word = settings_of("example")["banned_word"]
    if word and word.lower() in raw.lower():
        return _("Posts may not contain the word %(word)s.", word=word)
    return None


# --- account data ---


@hookimpl
def forum_account_export(user: Any) -> tuple[str, Any]:
    from plugins.example.views import notes_of

    return "example_notes", [
        {"text": n.text, "at": n.created_at.isoformat()} for n in notes_of(user)
    ]


@hookimpl
def forum_account_erase(user: Any, delete_content: bool) -> None:
    from plugins.example.actions import erase_notes

    erase_notes(user, delete_content)


# --- template slots ---


@hookimpl
def forum_tpl_home_sections() -> str:
    from plugins.example.views import all_notes

    return render_template(
        "example/home.html", notes=all_notes()[:3], greeting=settings_of("example")["greeting"]
    )


@hookimpl
def forum_tpl_post_footer(post: Any) -> Markup:
    return Markup('<span class="example-footer">{}</span>').format(_("Example plugin"))


@hookimpl
def forum_tpl_topic_after_first_post(topic: Any) -> Markup:
    return Markup('<p class="example-after-first">{}</p>').format(
        _("Notes about %(title)s are welcome.", title=topic.title)
    )
