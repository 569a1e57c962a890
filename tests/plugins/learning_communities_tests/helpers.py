"""Builders for the learning-communities tests: weavers, communities, maps, through actions."""

from __future__ import annotations

from sqlalchemy import select

from forum.actions.roles import grant_role
from forum.extensions import db
from forum.models import Region, User
from forum.models.role import WEAVER
from plugins.learning_communities.communities.actions import create_community
from plugins.learning_communities.models import Community
from tests.factories import admin, make_user


def region(code: str) -> Region:
    return db.session.scalar(select(Region).where(Region.code == code))


def make_weaver(*codes: str, username: str | None = None) -> User:
    user = make_user(username)
    for code in codes:
        grant_role(admin(), user, WEAVER, region=region(code))
    return user


def make_community(
    founder: User, name: str = "Kainuun liikuntaneuvonta", *codes: str, **kw
) -> Community:
    return create_community(
        founder, name=name, regions=[region(c) for c in codes or ("MK18",)], **kw
    )


def form(client, path: str, data: dict | None = None, **kwargs):
    """Post ``data`` to ``path`` with the CSRF token a page gives the signed-in client."""
    from tests.helpers import csrf_token

    return client.post(path, data={"csrf_token": csrf_token(client, "/"), **(data or {})}, **kwargs)
