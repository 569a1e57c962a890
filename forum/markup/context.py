"""The lookups cooking needs, answered from the database."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select
from werkzeug.routing import BuildError

from forum.extensions import db
from forum.models import Group, User
from forum.models.group import IMPLIED_GROUPS


def default_user_url(username: str) -> str:
    return f"/u/{username}"


def default_group_url(name: str) -> str:
    return f"/g/{name}"


def default_post_url(topic_id: int, post_number: int) -> str:
    return f"/t/{topic_id}#p{post_number}"


class DatabaseMarkupContext:
    """Users and groups from the database (one query each; both store names in lower case),
    URLs from the app's routes.

    A URL is built with ``url_for`` when the endpoint exists and an application or request
    context can build it; otherwise it is the plain path (``/u/aino``, ``/g/weavers``,
    ``/t/12#p3``). URLs are relative, since cooked HTML is stored. The implied groups
    (everyone, registered) cannot be mentioned: they have no list of members to notify.
    """

    def __init__(
        self,
        *,
        user_endpoint: str = "users.profile",
        group_endpoint: str = "groups.show",
        topic_endpoint: str = "topics.show",
    ) -> None:
        self.user_endpoint = user_endpoint
        self.group_endpoint = group_endpoint
        self.topic_endpoint = topic_endpoint

    def existing_usernames(self, names: set[str]) -> set[str]:
        wanted = {name.lower() for name in names}
        if not wanted:
            return set()
        query = select(User.username).where(User.username.in_(wanted))
        return {name.lower() for name in db.session.scalars(query)}

    def existing_groups(self, names: set[str]) -> set[str]:
        wanted = {name.lower() for name in names} - set(IMPLIED_GROUPS)
        if not wanted:
            return set()
        query = select(Group.name).where(Group.name.in_(wanted))
        return {name.lower() for name in db.session.scalars(query)}

    def user_url(self, username: str) -> str:
        return _url(self.user_endpoint, {"username": username}) or default_user_url(username)

    def group_url(self, name: str) -> str:
        return _url(self.group_endpoint, {"name": name}) or default_group_url(name)

    def post_url(self, topic_id: int, post_number: int) -> str:
        values = {"topic_id": topic_id, "_anchor": f"p{post_number}"}
        return _url(self.topic_endpoint, values) or default_post_url(topic_id, post_number)


def _url(endpoint: str, values: dict[str, object]) -> str | None:
    try:
        return url_for(endpoint, _external=False, **values)
    except (BuildError, RuntimeError):
        # No such route (yet), or no context that can build one.
        return None
