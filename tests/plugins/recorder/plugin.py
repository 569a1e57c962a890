"""Implements every hook of forum/plugin_api.py; each call is appended to CALLS."""

from __future__ import annotations

import inspect
from typing import Any

import click
from flask import Blueprint, render_template

from forum import plugin_api
from forum.models import User
from forum.plugin_api import (
    AdminPage,
    DirectoryFilter,
    DocumentType,
    NavItem,
    ProfileField,
    Setting,
    hookimpl,
)

CALLS: list[tuple[str, dict[str, Any]]] = []
bp = Blueprint("recorder", __name__, url_prefix="/recorder")


@bp.get("/")
def index() -> str:
    return "recorder page"


@click.command("recorder-hello")
def hello() -> None:
    click.echo("hello from the recorder")


def _socketio(server: Any) -> None:
    server.on_event("recorder.ping", lambda _data=None: "pong")


def _initial(query: Any, value: str, _viewer: Any) -> Any:
    return query.where(User.username.startswith(value))


def _broken(_query: Any, _value: str, _viewer: Any) -> Any:
    raise RuntimeError("the recorder's filter broke")


RESULTS = {
    "forum_load_blueprints": lambda: [bp],
    "forum_load_socketio_handlers": lambda: None,
    "forum_load_room_authorisers": lambda: {"recorder": lambda user, ident: ident == 7},
    "forum_load_cli_commands": lambda: [hello],
    "forum_load_jinja_filters": lambda: {"recorder_shout": lambda s: str(s).upper()},
    "forum_load_jinja_globals": lambda: {"recorder_motto": lambda: "recorded"},
    "forum_load_settings_schema": lambda: {
        "colour": Setting("choice", "red", choices=("red", "blue")),
        "loud": Setting("bool", False),
    },
    "forum_load_permission_verbs": lambda: ["recorder_verb"],
    "forum_load_demo_data": lambda: ["recorder demo"],
    "forum_gather_navigation": lambda: [NavItem("recorder.index", "Recorder nav")],
    "forum_gather_admin_pages": lambda: [AdminPage("recorder.index", "Recorder admin")],
    "forum_gather_search_documents": lambda: [
        DocumentType("recorder_doc", "Doc", lambda _session, _ident: None, lambda _session: [])
    ],
    "forum_gather_notification_types": lambda: ["recorder.note"],
    "forum_gather_profile_fields": lambda: [
        ProfileField("motto", "Recorder motto", max_length=20),
        ProfileField("colour", "Recorder colour", "choice", (("red", "Red"), ("blue", "Blue"))),
        ProfileField("site", "Recorder site", "url"),
        {"name": "mapped", "label": "Recorder mapped"},
    ],
    "forum_gather_directory_filters": lambda: [
        DirectoryFilter(
            "recorder", "Recorder colour", (("red", "Red"), ("blue", "Blue")), "colour"
        ),
        DirectoryFilter("recorder_initial", "Recorder initial", (("z", "Z"),), narrow=_initial),
        DirectoryFilter("region", "Taken name", (("x", "X"),), "colour"),
        DirectoryFilter("recorder_broken", "Recorder broken", (("x", "X"),), narrow=_broken),
    ],
    "forum_gather_api_resources": lambda: {
        "/recorder-doc": {"get": {"summary": "Doc", "responses": {"200": {"description": "ok"}}}}
    },
    "forum_account_export": lambda: ("recorder", {"exported": True}),
}


def _record(name: str, kwargs: dict[str, Any]) -> Any:
    CALLS.append((name, kwargs))
    if name == "forum_load_socketio_handlers":
        _socketio(kwargs["server"])
    if name == "forum_filter_markup_allowlist":
        kwargs["tags"].add("samp")
        return None
    if name == "forum_filter_post_validate":
        return "The recorder refuses this." if "recorder-refuses" in kwargs["raw"] else None
    if name.startswith("forum_tpl_"):
        return render_template("recorder/slot.html", slot=name)
    result = RESULTS.get(name)
    return result() if result else None


def _implement(name: str, params: list[str]) -> None:
    """Define ``name(params...)`` here, recording its arguments, and mark it a hookimpl."""
    arguments = ", ".join(f"{p!r}: {p}" for p in params)
    source = f"def {name}({', '.join(params)}):\n    return _record({name!r}, {{{arguments}}})\n"
    exec(source, globals())  # noqa: S102 - the names come from the hook specifications
    globals()[name] = hookimpl(globals()[name])


HOOKS = [name for name in dir(plugin_api) if name.startswith("forum_")]
for _name in HOOKS:
    _implement(_name, list(inspect.signature(getattr(plugin_api, _name)).parameters))
