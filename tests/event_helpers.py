"""Factories for news and event topics, through the same actions as production."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient

from forum.actions.events import EventFields
from forum.actions.news import NewsFields
from forum.actions.topics import create_topic
from forum.extensions import db
from forum.models import Event, NewsItem, Space, User
from forum.models.base import utcnow
from tests.factories import make_space, make_user

_counter = itertools.count(1)


def make_kind_space(slug: str | None = None, **values) -> Space:
    """A space that takes discussions, news and events."""
    return make_space(slug, allows_news=True, allows_events=True, **values)


def make_event(
    author: User | None = None,
    space: Space | None = None,
    *,
    title: str | None = None,
    starts_at: datetime | None = None,
    hours: int = 2,
    capacity: int | None = None,
    place: str = "Kauppakatu 1, Kajaani",
    online_url: str = "",
    timezone: str = "Europe/Helsinki",
    region_id: int | None = None,
) -> Event:
    starts_at = starts_at or utcnow() + timedelta(days=7)
    topic = create_topic(
        author or make_user(),
        space or make_kind_space(),
        title=title or f"Test event {next(_counter)}",
        raw="What the event is about.",
        kind="event",
        event=EventFields(
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=hours),
            timezone=timezone,
            place=place,
            online_url=online_url,
            capacity=capacity,
            region_id=region_id,
        ),
    )
    return db.session.get(Event, topic.id)


def make_news(
    author: User | None = None,
    space: Space | None = None,
    *,
    title: str | None = None,
    lead: str = "The lead paragraph of a news item.",
    raw: str = "The body of the news item.",
) -> NewsItem:
    topic = create_topic(
        author or make_user(),
        space or make_kind_space(),
        title=title or f"Test news {next(_counter)}",
        raw=raw,
        kind="news",
        news=NewsFields(lead=lead),
    )
    return db.session.get(NewsItem, topic.id)


def english_client(app: Flask) -> FlaskClient:
    """A test client whose browser asks for English, so that tests read the source texts."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
