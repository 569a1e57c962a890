"""/api/v1/messages: the caller's own private conversations (list, read, start, reply)."""

from __future__ import annotations

from typing import Any

from flask import abort, jsonify, request
from flask_login import current_user

from forum.access import access_topic
from forum.actions.conversations import start_conversation
from forum.actions.posts import create_post
from forum.actions.reading import mark_read
from forum.api import bp
from forum.api import serializers as show
from forum.api.body import json_body, optional_int, string, string_list
from forum.models import Topic
from forum.permissions import is_conversation
from forum.queries.conversations import ConversationRow, inbox, participants_of
from forum.queries.pagination import page_number
from forum.queries.posts import last_read, topic_page


def _signed_in() -> None:
    if not current_user.is_authenticated:
        abort(401)


def _conversation(topic_id: int) -> Topic:
    _signed_in()
    topic = access_topic(current_user, topic_id)
    if not is_conversation(topic):
        abort(404)
    return topic


def conversation(topic: Topic, last_read_number: int | None = None) -> dict[str, Any]:
    people = participants_of([topic.id]).get(topic.id, [])
    return {
        **show.topic(topic, current_user, last_read_number),
        "participants": [show.user_summary(p) for p in people],
    }


def _row(row: ConversationRow) -> dict[str, Any]:
    return {
        **show.topic(row.topic, current_user, row.last_read),
        "participants": [show.user_summary(p) for p in row.people],
        "unread": row.unread,
    }


@bp.get("/messages")
def conversations():
    _signed_in()
    page = inbox(current_user, page_number(request.args.get("page")))
    return jsonify({"conversations": [_row(row) for row in page.items], **show.page_info(page)})


@bp.post("/messages")
def new_conversation():
    _signed_in()
    data = json_body()
    topic = start_conversation(
        current_user,
        recipients=string_list(data, "recipients"),
        title=string(data, "title"),
        raw=string(data, "raw"),
    )
    return jsonify(conversation(topic)), 201


@bp.get("/messages/<int:topic_id>")
def show_conversation(topic_id: int):
    topic = _conversation(topic_id)
    posts = topic_page(current_user, topic, page_number(request.args.get("page")))
    previous = last_read(current_user, topic)
    if posts.items and posts.items[-1].post.post_number > (previous or 0):
        # As on the page: what was shown counts as read.
        mark_read(current_user, topic, posts.items[-1].post.post_number)
    return jsonify(
        {
            "conversation": conversation(topic, last_read(current_user, topic)),
            "posts": [show.post(v.post, current_user, v) for v in posts.items],
            **show.page_info(posts),
        }
    )


@bp.post("/messages/<int:topic_id>/posts")
def reply_to_conversation(topic_id: int):
    topic = _conversation(topic_id)
    data = json_body()
    post = create_post(
        current_user, topic, string(data, "raw"), reply_to=optional_int(data, "reply_to")
    )
    return jsonify(show.post(post, current_user)), 201
