"""The shape of every real-time event: the wire contract the page's JavaScript and plugins use.

One TypedDict per event name. ``EVENT_TYPES`` maps names to shapes; publishing an event whose
payload does not match its declared keys raises in development and tests.
"""

from __future__ import annotations

from typing import TypedDict


class Author(TypedDict):
    username: str
    display_name: str


class PostCreated(TypedDict):
    topic_id: int
    post_id: int
    post_number: int
    author: Author | None
    cooked: str
    # The language of the text (fi, sv, en); None for posts written before it was recorded.
    language: str | None
    created_at: str
    reply_to_post_number: int | None


class PostUpdated(TypedDict):
    topic_id: int
    post_id: int
    post_number: int
    cooked: str
    language: str | None
    version: int
    edited_at: str


class PostRemoved(TypedDict):
    """post.deleted and post.hidden: the post's place stays, its content goes."""

    topic_id: int
    post_id: int
    post_number: int


class PostRestored(TypedDict):
    topic_id: int
    post_id: int
    post_number: int
    cooked: str


class ReactionChanged(TypedDict):
    topic_id: int
    post_id: int
    kind: str
    count: int


class TopicUpdated(TypedDict):
    topic_id: int
    space_id: int
    title: str
    closed: bool
    archived: bool
    pinned: bool
    listed: bool


class TopicCreated(TypedDict):
    topic_id: int
    space_id: int
    title: str
    url: str
    author: Author | None


class NotificationCreated(TypedDict):
    notification_id: int
    kind: str
    text: str
    url: str


class NotificationCount(TypedDict):
    unread: int


class Typing(TypedDict):
    topic_id: int
    user: Author


class Presence(TypedDict):
    topic_id: int
    anonymous: int
    users: list[Author]


EVENT_TYPES: dict[str, type] = {
    "post.created": PostCreated,
    "post.updated": PostUpdated,
    "post.deleted": PostRemoved,
    "post.hidden": PostRemoved,
    "post.restored": PostRestored,
    "reaction.changed": ReactionChanged,
    "topic.updated": TopicUpdated,
    "topic.created": TopicCreated,
    "notification.created": NotificationCreated,
    "notification.count": NotificationCount,
    "typing": Typing,
    "presence": Presence,
}
