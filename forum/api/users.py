"""/api/v1/users: public profiles."""

from __future__ import annotations

from flask import abort, jsonify

from forum.api import bp
from forum.api import serializers as show
from forum.queries.users import user_by_username


@bp.get("/users/<username>")
def profile(username: str):
    user = user_by_username(username)
    if user is None or not user.is_active:
        abort(404)
    return jsonify(show.user_profile(user))
