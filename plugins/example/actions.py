"""Every change the example plugin makes goes through these actions."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete, select

from forum.actions.base import action
from forum.actions.errors import PermissionDenied, ValidationError
from forum.extensions import db
from forum.models import User
from forum.plugins_core.state import settings_of
from forum.search import index_on_commit
from forum.text import clean_line
from plugins.example.models import NOTE_MAX, ExampleNote
from plugins.example.search import note_key


@action
def add_note(actor: User, text: str) -> ExampleNote:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to leave a note."))
    text = clean_line(text, field="text")
    if not text:
        raise ValidationError(_("A note needs some text."), field="text")
    if len(text) > NOTE_MAX:
        raise ValidationError(
            _("A note has at most %(max)d characters.", max=NOTE_MAX), field="text"
        )
    limit = settings_of("example")["max_notes"]
    mine = db.session.scalars(select(ExampleNote.id).where(ExampleNote.user_id == actor.id)).all()
    if len(mine) >= limit:
        raise ValidationError(_("You can leave at most %(max)d notes.", max=limit), field="text")
    note = ExampleNote(user_id=actor.id, text=text)
    db.session.add(note)
    db.session.flush()
    index_on_commit(note_key(note.id))
    return note


@action
def erase_notes(user: User, _delete_content: bool) -> None:
    """A person's notes go with their account (and out of the search index)."""
    notes = db.session.scalars(select(ExampleNote.id).where(ExampleNote.user_id == user.id))
    index_on_commit(*(note_key(note_id) for note_id in notes))
    db.session.execute(delete(ExampleNote).where(ExampleNote.user_id == user.id))


@action
def seed_notes() -> list[str]:
    """Demo data: one note by the first administrator, if there is none yet."""
    if db.session.scalar(select(ExampleNote.id).limit(1)) is not None:
        return []
    author = db.session.scalar(select(User).order_by(User.id).limit(1))
    if author is None:
        return []
    note = ExampleNote(user_id=author.id, text="Tervetuloa! Welcome! Välkommen!")
    db.session.add(note)
    db.session.flush()
    index_on_commit(note_key(note.id))
    return ["1 example note"]
