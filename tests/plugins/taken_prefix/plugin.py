"""A plugin that tries to take URLs the core serves, and a name that is taken."""

from typing import Any

from flask import Blueprint

from forum.plugin_api import hookimpl

bp = Blueprint("taken_prefix", __name__, url_prefix="/admin")


@bp.get("/spaces")
def spaces() -> str:
    return "not the admin page"


@hookimpl
def forum_load_blueprints(app: Any) -> list[Any]:
    return [bp]
