"""Fetch an object for a user, or raise the 404/403 a person should see.

A view gets every object it shows or changes through these helpers. What a user may not
even see answers 404, so that a private space does not reveal that it exists.
"""

from __future__ import annotations

from typing import Any

from flask import abort
from sqlalchemy import select

from forum.extensions import db
from forum.models import Space
from forum.models.space import READ, SEE
from forum.permissions import can


def access_space(user: Any, slug: str, *, verb: str = READ) -> Space:
    space = db.session.scalar(select(Space).where(Space.slug == slug))
    if space is None or not can(user, SEE, space):
        abort(404)
    if not can(user, verb, space):
        abort(403)
    return space
