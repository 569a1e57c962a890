"""Topic lists (latest, new, unread, top) for a reader, without a query per row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from forum.extensions import db
from forum.models import Space, Tag, Topic, TopicRead
from forum.models.base import utcnow
from forum.models.space import READ
from forum.models.topic import topic_tags
from forum.permissions import is_admin, messages_space_id, space_verbs
from forum.queries.pagination import Page

LIST_KINDS = ("latest", "new", "unread", "top")
TOP_PERIODS = {"week": 7, "month": 30, "year": 365, "all": None}


@dataclass
class TopicRow:
    topic: Topic
    last_read: int | None

    @property
    def unread(self) -> int:
        if self.last_read is None:
            return 0
        return max(0, self.topic.highest_visible_number - self.last_read)

    @property
    def is_new(self) -> bool:
        return self.last_read is None


def readable_space_ids(user: Any) -> list[int] | None:
    """Ids of the spaces ``user`` may read; None means every space (administrators)."""
    if is_admin(user):
        return None
    return [space_id for space_id, verbs in space_verbs(user).items() if READ in verbs]


def topic_list(
    user: Any,
    *,
    kind: str = "latest",
    space: Space | None = None,
    tag: Tag | None = None,
    period: str = "month",
    page: int = 1,
) -> Page[TopicRow]:
    per_page = current_app.config["TOPICS_PER_PAGE"]
    signed_in = bool(getattr(user, "is_authenticated", False))
    conditions = [Topic.deleted_at.is_(None), Topic.listed.is_(True)]
    readable = readable_space_ids(user)
    if readable is not None:
        conditions.append(Topic.space_id.in_(readable))
    messages = messages_space_id()
    if messages is not None:  # private conversations are listed only in /messages
        conditions.append(Topic.space_id != messages)
    if space is not None:
        conditions.append(Topic.space_id == space.id)
    if tag is not None:
        conditions.append(
            Topic.id.in_(select(topic_tags.c.topic_id).where(topic_tags.c.tag_id == tag.id))
        )
    read_join = and_(
        TopicRead.topic_id == Topic.id, TopicRead.user_id == (user.id if signed_in else -1)
    )
    if kind == "new":
        if not signed_in:
            return Page([], page, per_page, 0)
        since = max(
            utcnow() - timedelta(days=current_app.config["NEW_TOPIC_DAYS"]), user.created_at
        )
        conditions += [TopicRead.user_id.is_(None), Topic.created_at >= since]
    elif kind == "unread":
        if not signed_in:
            return Page([], page, per_page, 0)
        conditions.append(TopicRead.last_read_post_number < Topic.highest_visible_number)
    elif kind == "top":
        days = TOP_PERIODS.get(period, 30)
        if days is not None:
            conditions.append(Topic.created_at >= utcnow() - timedelta(days=days))

    counted = select(func.count(Topic.id)).where(*conditions)
    if kind in ("new", "unread"):  # only these look at the reader's read state
        counted = counted.outerjoin(TopicRead, read_join)
    total = db.session.scalar(counted)
    if kind == "top":
        order = [(Topic.posts_count + Topic.reactions_count).desc(), Topic.bumped_at.desc()]
    else:
        pinned_first = (
            or_(Topic.pinned_globally.is_(True), Topic.pinned_at.is_not(None))
            if space is not None
            else Topic.pinned_globally.is_(True)
        )
        order = [pinned_first.desc(), Topic.bumped_at.desc()]
    # The page's ids are found and sorted first, narrow rows only; the wide rows and their
    # joins are read for those ids alone.
    page_ids = (
        select(Topic.id)
        .outerjoin(TopicRead, read_join)
        .where(*conditions)
        .order_by(*order, Topic.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    rows = db.session.execute(
        select(Topic, TopicRead.last_read_post_number)
        .outerjoin(TopicRead, read_join)
        .where(Topic.id.in_(page_ids.scalar_subquery()))
        .options(
            joinedload(Topic.space),
            joinedload(Topic.user),
            joinedload(Topic.last_poster),
            selectinload(Topic.tags),
        )
        .order_by(*order, Topic.id.desc())
    ).all()
    return Page([TopicRow(topic, last_read) for topic, last_read in rows], page, per_page, total)
