"""Build users, groups and spaces through the actions, the same road production takes."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

from sqlalchemy import select

from forum.actions.groups import add_member, create_group
from forum.actions.posts import create_post
from forum.actions.spaces import create_space
from forum.actions.topics import create_topic
from forum.actions.users import create_user
from forum.extensions import db
from forum.models import Group, Post, Space, Topic, User
from forum.models.group import ADMINISTRATORS, EVERYONE, MODERATORS, REGISTERED

_counter = itertools.count(1)

PUBLIC = {EVERYONE: ["see", "read"], REGISTERED: ["create_topic", "reply"]}
REGISTERED_ONLY = {REGISTERED: ["see", "read", "create_topic", "reply"]}


def make_user(
    username: str | None = None,
    *,
    display_name: str | None = None,
    email: str | None = None,
    groups: Sequence[str] = (),
    locale: str | None = None,
) -> User:
    n = next(_counter)
    username = username or f"user{n}"
    return create_user(
        username,
        display_name or f"Test User {n}",
        email if email is not None else f"{username}@example.org",
        groups=tuple(groups),
        locale=locale,
    )


def make_admin(username: str | None = None) -> User:
    return make_user(username or f"admin{next(_counter)}", groups=(ADMINISTRATORS,))


def make_moderator(username: str | None = None) -> User:
    return make_user(username or f"mod{next(_counter)}", groups=(MODERATORS,))


def admin() -> User:
    """An administrator to act as when a test needs one; created on first use."""
    user = db.session.scalar(select(User).where(User.username == "factory-admin"))
    return user or make_admin("factory-admin")


def make_group(name: str | None = None, *, members: Sequence[User] = ()) -> Group:
    group = create_group(admin(), name=name or f"group{next(_counter)}", title="Test group")
    for member in members:
        add_member(admin(), group, member)
    return group


def make_space(
    slug: str | None = None,
    *,
    name: str | None = None,
    grants: Mapping[str, Sequence[str]] | None = None,
    parent: Space | None = None,
    description: str = "",
    position: int = 0,
    **values: object,
) -> Space:
    """A space; ``values`` are further SpaceFields (e.g. ``allows_events=True``)."""
    n = next(_counter)
    return create_space(
        admin(),
        name=name or f"Space {n}",
        slug=slug or f"space-{n}",
        description=description,
        parent=parent,
        position=position,
        grants=PUBLIC if grants is None else grants,
        **values,
    )


def make_topic(
    author: User | None = None,
    space: Space | None = None,
    *,
    title: str | None = None,
    raw: str = "The first post of a test topic.",
    tags: Sequence[str] = (),
) -> Topic:
    n = next(_counter)
    return create_topic(
        author or make_user(),
        space or make_space(),
        title=title or f"Test topic {n}",
        raw=raw,
        tags=tags,
    )


def make_post(topic: Topic, author: User | None = None, raw: str | None = None, **kwargs) -> Post:
    return create_post(author or make_user(), topic, raw or f"Reply {next(_counter)}", **kwargs)


def make_conversation(
    author: User, *recipients: User, title: str = "A private word", raw: str = "Just between us."
) -> Topic:
    from forum.actions.conversations import start_conversation

    return start_conversation(
        author, recipients=[r.username for r in recipients], title=title, raw=raw
    )
