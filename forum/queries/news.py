"""News for a reader: the listing, the home page's latest items and the feeds' entries."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from forum.extensions import db
from forum.models import NewsItem, Space, Topic
from forum.queries.pagination import Page
from forum.queries.topics import readable_space_ids

PER_PAGE = 20


def visible_news(user: Any) -> Select:
    """News items of live, listed topics in spaces ``user`` may read, newest first."""
    query = (
        select(NewsItem)
        .join(Topic, Topic.id == NewsItem.topic_id)
        .where(Topic.deleted_at.is_(None), Topic.listed.is_(True))
        .options(
            joinedload(NewsItem.topic).joinedload(Topic.space),
            joinedload(NewsItem.topic).joinedload(Topic.user),
        )
        .order_by(Topic.created_at.desc(), Topic.id.desc())
    )
    readable = readable_space_ids(user)
    if readable is not None:
        query = query.where(Topic.space_id.in_(readable))
    return query


def news_page(user: Any, page: int = 1) -> Page[NewsItem]:
    query = visible_news(user)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = db.session.scalars(query.offset((page - 1) * PER_PAGE).limit(PER_PAGE)).all()
    return Page(list(items), page, PER_PAGE, total or 0)


def latest_news(user: Any, limit: int = 3, space: Space | None = None) -> list[NewsItem]:
    query = visible_news(user)
    if space is not None:
        query = query.where(Topic.space_id == space.id)
    return list(db.session.scalars(query.limit(limit)))


def news_of_topic(topic: Topic) -> NewsItem | None:
    return db.session.get(NewsItem, topic.id) if topic.kind == "news" else None


def news_by_image(name: str) -> NewsItem | None:
    return db.session.scalar(select(NewsItem).where(NewsItem.image == name)) if name else None
