"""/api/v1/posts: editing, deleting and reacting."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user

from forum.access import access_post
from forum.actions.posts import delete_post, edit_post
from forum.actions.reactions import add_reaction, remove_reaction
from forum.api import bp
from forum.api import serializers as show
from forum.api.body import json_body, optional_int, string


@bp.patch("/posts/<int:post_id>")
def edit_post_view(post_id: int):
    post = access_post(current_user, post_id)
    data = json_body()
    edit_post(
        current_user, post, string(data, "raw"), base_version=optional_int(data, "base_version")
    )
    return jsonify(show.post(post, current_user))


@bp.delete("/posts/<int:post_id>")
def delete_post_view(post_id: int):
    delete_post(current_user, access_post(current_user, post_id))
    return "", 204


@bp.post("/posts/<int:post_id>/reactions")
def react(post_id: int):
    post = access_post(current_user, post_id)
    kind = string(json_body(), "kind")
    add_reaction(current_user, post, kind)
    return jsonify({"post_id": post.id, "kind": kind}), 201


@bp.delete("/posts/<int:post_id>/reactions/<kind>")
def unreact(post_id: int, kind: str):
    remove_reaction(current_user, access_post(current_user, post_id), kind)
    return "", 204
