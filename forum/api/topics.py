"""/api/v1/topics: starting a topic, reading one with its posts, replying."""

from __future__ import annotations

from flask import jsonify, request
from flask_login import current_user

from forum.access import access_space_by_id, access_topic
from forum.actions.posts import create_post
from forum.actions.topics import create_topic
from forum.api import bp
from forum.api import serializers as show
from forum.api.body import json_body, optional_int, string, string_list
from forum.api.events import kind_values
from forum.queries.pagination import page_number
from forum.queries.posts import last_read, topic_page

# A request sent again with the same key makes nothing new (forum/actions/request_keys.py).
IDEMPOTENCY_KEY = "Idempotency-Key"


@bp.post("/topics")
def new_topic():
    data = json_body()
    space_id = optional_int(data, "space_id")
    if space_id is None:
        string(data, "space_id")  # raises "space_id is required"
    space = access_space_by_id(current_user, space_id)
    topic = create_topic(
        current_user,
        space,
        title=string(data, "title"),
        raw=string(data, "raw"),
        tags=string_list(data, "tags"),
        request_key=request.headers.get(IDEMPOTENCY_KEY),
        **kind_values(data),
    )
    return jsonify(show.topic(topic, current_user)), 201


@bp.get("/topics/<int:topic_id>")
def show_topic(topic_id: int):
    topic = access_topic(current_user, topic_id)
    posts = topic_page(current_user, topic, page_number(request.args.get("page")))
    return jsonify(
        {
            "topic": show.topic(topic, current_user, last_read(current_user, topic)),
            "posts": [show.post(v.post, current_user, v) for v in posts.items],
            **show.page_info(posts),
        }
    )


@bp.post("/topics/<int:topic_id>/posts")
def reply(topic_id: int):
    topic = access_topic(current_user, topic_id)
    data = json_body()
    post = create_post(
        current_user,
        topic,
        string(data, "raw"),
        reply_to=optional_int(data, "reply_to"),
        request_key=request.headers.get(IDEMPOTENCY_KEY),
    )
    return jsonify(show.post(post, current_user)), 201
