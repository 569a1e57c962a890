"""The notes page and the notes API."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from forum.actions.errors import ActionError
from forum.extensions import db
from plugins.example.actions import add_note
from plugins.example.models import ExampleNote

bp = Blueprint("example", __name__, url_prefix="/example")
api_bp = Blueprint("example_api", __name__, url_prefix="/api/v1/example")


def all_notes() -> list[ExampleNote]:
    return list(db.session.scalars(select(ExampleNote).order_by(ExampleNote.id.desc()).limit(50)))


def notes_of(user: Any) -> list[ExampleNote]:
    return list(db.session.scalars(select(ExampleNote).where(ExampleNote.user_id == user.id)))


@bp.get("/")
def index():
    return render_template("example/index.html", notes=all_notes(), error=None)


@bp.post("/")
def create():
    try:
        add_note(current_user, request.form.get("text", ""))
    except ActionError as error:
        return render_template("example/index.html", notes=all_notes(), error=error), error.status
    return redirect(url_for("example.index"))


@api_bp.get("/notes")
def api_notes():
    return jsonify({"notes": [{"id": n.id, "text": n.text} for n in all_notes()]})
