"""Put a registered person into a group of a live forum, as an administrator would in the admin
pages: ``python -m tests.browser.grant <username> <group>``, run with the forum's FORUM_*
environment (``LiveServer.grant``). The demo's administrator makes the change, through the action.
"""

from __future__ import annotations

import sys

from sqlalchemy import select

from forum.actions.groups import add_member
from forum.extensions import db
from forum.models import Group, User

DEMO_ADMINISTRATOR = "yllapito"


def grant(username: str, group_name: str) -> None:
    from wsgi import app

    with app.app_context():
        admin = db.session.scalar(select(User).where(User.username == DEMO_ADMINISTRATOR))
        person = db.session.scalar(select(User).where(User.username == username))
        group = db.session.scalar(select(Group).where(Group.name == group_name))
        if admin is None or person is None or group is None:
            sys.exit(f"grant: no {DEMO_ADMINISTRATOR}, {username} or group {group_name}")
        add_member(admin, group, person)


if __name__ == "__main__":
    grant(*sys.argv[1:3])
