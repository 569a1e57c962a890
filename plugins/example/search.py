"""The example's notes in the forum's search: one document per note, readable by everyone (the
notes page is public)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.models.group import EVERYONE
from forum.search.documents import SearchDocument
from plugins.example.models import ExampleNote

DOCUMENT_TYPE = "example_note"


def note_key(note_id: int) -> str:
    """The search key the example's actions queue with ``index_on_commit``."""
    return f"{DOCUMENT_TYPE}:{note_id}"


def load_note(session: Session, note_id: int) -> SearchDocument | None:
    note = session.get(ExampleNote, note_id)
    if note is None:
        return None
    return SearchDocument(
        key=note_key(note.id),
        type=DOCUMENT_TYPE,
        object_id=note.id,
        title=note.text[:60],
        body=note.text,
        language="fi",
        groups=(EVERYONE,),
        created_at=note.created_at,
        author_id=note.user_id,
    )


def note_ids(session: Session) -> Iterable[int]:
    return session.scalars(select(ExampleNote.id).order_by(ExampleNote.id))


def note_url(_note_id: int) -> str:
    return "/example/"
