"""/api/v1/spaces: the spaces a caller may see, their topics, and creating one."""

from __future__ import annotations

from flask import jsonify, request
from flask_login import current_user

from forum.access import access_space_by_id
from forum.actions.errors import ValidationError
from forum.actions.spaces import create_space
from forum.api import bp
from forum.api import serializers as show
from forum.api.body import json_body, optional_int, string
from forum.queries.pagination import page_number
from forum.queries.spaces import visible_space_tree
from forum.queries.topics import topic_list


@bp.get("/spaces")
def list_spaces():
    items = []
    for node in visible_space_tree(current_user):
        items.append(show.space(node.space, current_user))
        items.extend(show.space(child, current_user) for child in node.children)
    return jsonify({"spaces": items})


@bp.post("/spaces")
def new_space():
    data = json_body()
    parent_id = optional_int(data, "parent_id")
    grants = data.get("grants", {})
    if not isinstance(grants, dict) or not all(
        isinstance(v, list) and all(isinstance(x, str) for x in v) for v in grants.values()
    ):
        raise ValidationError("grants must map group names to lists of verbs.", field="grants")
    space = create_space(
        current_user,
        name=string(data, "name"),
        slug=string(data, "slug"),
        description=string(data, "description", ""),
        colour=string(data, "colour", "#2f6f8f"),
        position=optional_int(data, "position") or 0,
        parent=access_space_by_id(current_user, parent_id) if parent_id else None,
        grants=grants,
    )
    return jsonify(show.space(space, current_user)), 201


@bp.get("/spaces/<int:space_id>/topics")
def space_topics(space_id: int):
    space = access_space_by_id(current_user, space_id)
    listing = topic_list(current_user, space=space, page=page_number(request.args.get("page")))
    return jsonify(
        {
            "topics": [show.topic_row(row, current_user) for row in listing.items],
            **show.page_info(listing),
        }
    )
