"""Finding people."""

from __future__ import annotations

from sqlalchemy import select

from forum.extensions import db
from forum.models import User


def user_by_username(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username.lower()))
