"""A page of a topic: its posts with authors, reactions, replies and the reader's own marks,
in a fixed number of queries whatever the number of posts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, func, null, select, union_all
from sqlalchemy.orm import joinedload

from forum.extensions import db
from forum.models import Bookmark, Post, PostRevision, Reaction, Topic, TopicRead, User
from forum.models.space import MODERATE
from forum.permissions import can, post_standing
from forum.queries.pagination import Page


class ReactionCounts:
    """Reaction counts of a page's posts, asked in one statement when the first post needs
    them: never, when every article on the page comes from the page cache."""

    def __init__(self, post_ids: list[int]) -> None:
        self._post_ids = post_ids
        self._counts: dict[int, dict[str, int]] | None = None

    def of(self, post_id: int) -> dict[str, int]:
        if self._counts is None:
            self._counts = {}
            if self._post_ids:
                for counted_id, kind, count in db.session.execute(
                    select(Reaction.post_id, Reaction.kind, func.count())
                    .where(Reaction.post_id.in_(self._post_ids))
                    .group_by(Reaction.post_id, Reaction.kind)
                ):
                    self._counts.setdefault(counted_id, {})[kind] = count
        return self._counts.setdefault(post_id, {})


@dataclass
class PostView:
    post: Post
    visible: bool  # False: a deleted post shown as a placeholder to this reader
    mine: set[str] = field(default_factory=set)
    bookmarked: bool = False
    reply_to_author: User | None = None
    may: frozenset[str] = frozenset()  # the reader's post verbs, as can() answers them
    counts: ReactionCounts = field(default_factory=lambda: ReactionCounts([]), repr=False)

    @property
    def reactions(self) -> dict[str, int]:
        """Reaction kind to count."""
        return self.counts.of(self.post.id)


# Statements every topic page makes, built once so that each execution finds its compiled form
# in SQLAlchemy's cache without building and keying the statement again.
_PAGE_POSTS = (
    select(Post)
    .options(joinedload(Post.user))
    .where(
        Post.topic_id == bindparam("topic_id"),
        Post.post_number.between(bindparam("first"), bindparam("last")),
    )
    .order_by(Post.post_number)
)
# The reader's reactions (post, kind) and bookmarks (post, NULL) on the page's posts.
_OWN_MARKS = union_all(
    select(Reaction.post_id, Reaction.kind).where(
        Reaction.post_id.in_(bindparam("ids", expanding=True)),
        Reaction.user_id == bindparam("user_id"),
    ),
    select(Bookmark.post_id, null()).where(
        Bookmark.post_id.in_(bindparam("ids", expanding=True)),
        Bookmark.user_id == bindparam("user_id"),
    ),
)
_LAST_READ = select(TopicRead.last_read_post_number).where(
    TopicRead.user_id == bindparam("user_id"), TopicRead.topic_id == bindparam("topic_id")
)


def page_of(post_number: int) -> int:
    return (post_number - 1) // current_app.config["POSTS_PER_PAGE"] + 1


def topic_page(user: Any, topic: Topic, page: int) -> Page[PostView]:
    per_page = current_app.config["POSTS_PER_PAGE"]
    first = (page - 1) * per_page + 1
    posts = list(
        db.session.scalars(
            _PAGE_POSTS, {"topic_id": topic.id, "first": first, "last": first + per_page - 1}
        )
    )
    ids = [p.id for p in posts]
    moderator = can(user, MODERATE, topic)
    signed_in = bool(getattr(user, "is_authenticated", False))
    standing = post_standing(user, topic)
    counts = ReactionCounts(ids)
    views = {
        p.id: PostView(
            p,
            visible=p.deleted_at is None or moderator or (signed_in and p.user_id == user.id),
            may=standing.verbs(p),
            counts=counts,
        )
        for p in posts
    }
    if ids:
        if signed_in:
            for post_id, kind in db.session.execute(_OWN_MARKS, {"user_id": user.id, "ids": ids}):
                if kind is None:
                    views[post_id].bookmarked = True
                else:
                    views[post_id].mine.add(kind)
        reply_numbers = {p.reply_to_post_number for p in posts if p.reply_to_post_number}
        if reply_numbers:
            authors = dict(
                db.session.execute(
                    select(Post.post_number, User)
                    .join(User, User.id == Post.user_id)
                    .where(Post.topic_id == topic.id, Post.post_number.in_(reply_numbers))
                ).all()
            )
            for view in views.values():
                view.reply_to_author = authors.get(view.post.reply_to_post_number)
    total = topic.last_post_number
    return Page([views[p.id] for p in posts], page, per_page, total)


def last_read(user: Any, topic: Topic) -> int | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(_LAST_READ, {"user_id": user.id, "topic_id": topic.id})


def post_by_number(user: Any, topic: Topic, number: object) -> Post | None:
    """The post numbered ``number`` in ``topic`` if the user may read it (for quoting)."""
    if not str(number or "").isdigit():
        return None
    post = db.session.scalar(
        select(Post).where(Post.topic_id == topic.id, Post.post_number == int(str(number)))
    )
    return post if post is not None and can(user, "read", post) else None


def revisions_of(post: Post) -> list[PostRevision]:
    """Earlier versions of a post, newest first."""
    return list(
        db.session.scalars(
            select(PostRevision)
            .options(joinedload(PostRevision.user), joinedload(PostRevision.replaced_by))
            .where(PostRevision.post_id == post.id)
            .order_by(PostRevision.version.desc())
        )
    )
