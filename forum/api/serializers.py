"""Models as the API shows them."""

from __future__ import annotations

from typing import Any

from flask import url_for

from forum.models import Post, Space, Topic, User
from forum.models.space import CREATE_TOPIC, MODERATE, READ, REPLY
from forum.permissions import DELETE, EDIT, REACT, can
from forum.queries.pagination import Page
from forum.queries.posts import PostView
from forum.queries.topics import TopicRow


def user_summary(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"username": user.username, "display_name": user.display_name}


def space(item: Space, viewer: Any) -> dict[str, Any]:
    return {
        "id": item.id,
        "slug": item.slug,
        "name": item.name,
        "description": item.description,
        "colour": item.colour,
        "parent_id": item.parent_id,
        "position": item.position,
        "url": url_for("spaces.show", slug=item.slug, _external=True),
        "can": {verb: can(viewer, verb, item) for verb in (READ, CREATE_TOPIC, REPLY, MODERATE)},
    }


def topic(item: Topic, viewer: Any, last_read: int | None = None) -> dict[str, Any]:
    return {
        "id": item.id,
        "space_id": item.space_id,
        "title": item.title,
        "slug": item.slug,
        "kind": item.kind,
        "tags": [t.name for t in item.tags],
        "author": user_summary(item.user),
        "created_at": item.created_at.isoformat(),
        "bumped_at": item.bumped_at.isoformat(),
        "posts_count": item.posts_count,
        "last_post_number": item.last_post_number,
        "last_read_post_number": last_read,
        "pinned": item.pinned,
        "pinned_globally": item.pinned_globally,
        "closed": item.closed,
        "archived": item.archived,
        "listed": item.listed,
        "url": url_for("topics.show", topic_id=item.id, slug=item.slug, _external=True),
        "can": {"reply": can(viewer, REPLY, item), "moderate": can(viewer, MODERATE, item)},
    }


def topic_row(row: TopicRow, viewer: Any) -> dict[str, Any]:
    return {**topic(row.topic, viewer, row.last_read), "unread": row.unread}


def post(item: Post, viewer: Any, view: PostView | None = None) -> dict[str, Any]:
    visible = view.visible if view is not None else item.deleted_at is None
    body: dict[str, Any] = {
        "id": item.id,
        "topic_id": item.topic_id,
        "post_number": item.post_number,
        "author": user_summary(item.user),
        "reply_to_post_number": item.reply_to_post_number,
        "created_at": item.created_at.isoformat(),
        "edited_at": item.edited_at.isoformat() if item.edited_at else None,
        "version": item.version,
        "deleted": item.deleted_at is not None,
        "raw": item.raw if visible else None,
        "cooked": item.cooked if visible else None,
    }
    if view is not None:
        body["reactions"] = view.reactions
        body["my_reactions"] = sorted(view.mine)
        body["can"] = {verb: can(viewer, verb, item) for verb in (EDIT, DELETE, REACT)}
    return body


def page_info(page: Page) -> dict[str, int]:
    return {"page": page.page, "per_page": page.per_page, "total": page.total, "pages": page.pages}
