"""Fetch an object for a user, or raise the 404/403 a person should see.

A view gets every object it shows or changes through these helpers. What a user may not
even see answers 404, so that a private space does not reveal that it exists.
"""

from __future__ import annotations

from typing import Any

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from forum.extensions import db
from forum.models import (
    Event,
    NewsItem,
    Notification,
    Organisation,
    Post,
    Space,
    Tag,
    Theme,
    Topic,
    User,
)
from forum.models.space import READ, SEE
from forum.permissions import can, in_good_standing, may_see_notification, may_see_tag
from forum.queries.events import calendar_owner


def access_space(user: Any, slug: str, *, verb: str = READ) -> Space:
    return _checked(user, db.session.scalar(select(Space).where(Space.slug == slug)), verb)


def access_space_by_id(user: Any, space_id: int, *, verb: str = READ) -> Space:
    return _checked(user, db.session.get(Space, space_id), verb)


def _checked(user: Any, space: Space | None, verb: str) -> Space:
    if space is None or not can(user, SEE, space):
        abort(404)
    if not can(user, verb, space):
        abort(403)
    return space


def access_topic(user: Any, topic_id: int, *, verb: str = READ) -> Topic:
    """A topic the user may read (deleted ones only for its moderators), else 404/403.
    Its space comes in the same statement: every topic page shows it."""
    topic = db.session.get(Topic, topic_id, options=[joinedload(Topic.space, innerjoin=True)])
    if topic is None or not can(user, READ, topic):
        abort(404)
    if verb != READ and not can(user, verb, topic):
        abort(403)
    return topic


def access_post(user: Any, post_id: int) -> Post:
    """A post in a topic the user may read; a deleted post only for whom may restore it."""
    post = db.session.get(Post, post_id)
    if post is None or not can(user, READ, post):
        abort(404)
    return post


def access_notification(user: Any, notification_id: int) -> Notification:
    """One of the person's own notifications, while what it is about is readable; else 404."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or not may_see_notification(user, notification):
        abort(404)
    return notification


def access_tag(user: Any, name: str) -> Tag:
    """A tag on at least one topic the user may read, else 404."""
    tag = db.session.scalar(select(Tag).where(Tag.name == name.lower()))
    if tag is None or not may_see_tag(user, tag):
        abort(404)
    return tag


def access_calendar_owner(token: str) -> User:
    """The person whose secret calendar address carries ``token``, while their account is in
    good standing (a suspended person's address stops answering); else 404."""
    user = calendar_owner(token)
    if user is None or not in_good_standing(user):
        abort(404)
    return user


def access_person(username: str) -> User:
    """An active account by username (erased and closed ones answer 404)."""
    user = db.session.scalar(select(User).where(User.username == username.lower()))
    if user is None or not user.is_active:
        abort(404)
    return user


def access_organisation(slug: str) -> Organisation:
    """Organisation pages are public."""
    organisation = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
    if organisation is None:
        abort(404)
    return organisation


def access_theme(theme_id: int) -> Theme:
    theme = db.session.get(Theme, theme_id)
    if theme is None:
        abort(404)
    return theme


def access_event(user: Any, event_id: int, *, verb: str = READ) -> Event:
    """An event whose topic the user may read (and ``verb`` on it), else 404/403."""
    topic = access_topic(user, event_id, verb=verb)
    event = db.session.get(Event, topic.id)
    if event is None:
        abort(404)
    return event


def access_news(user: Any, topic_id: int, *, verb: str = READ) -> NewsItem:
    topic = access_topic(user, topic_id, verb=verb)
    item = db.session.get(NewsItem, topic.id)
    if item is None:
        abort(404)
    return item
