"""A person's bookmarks, with the posts they point to."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from forum.extensions import db
from forum.models import Bookmark, Post
from forum.permissions import can


def bookmarks_of(user: Any) -> list[Bookmark]:
    """Newest first; bookmarks of posts the person may no longer read are left out."""
    bookmarks = db.session.scalars(
        select(Bookmark)
        .options(
            joinedload(Bookmark.post).joinedload(Post.topic),
            joinedload(Bookmark.post).joinedload(Post.user),
        )
        .where(Bookmark.user_id == user.id)
        .order_by(Bookmark.created_at.desc())
    ).unique()
    return [b for b in bookmarks if can(user, "read", b.post)]
