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


class FlagRaised(TypedDict):
    """Plugins only (moderators' business, sent to no page)."""

    flag_id: int
    post_id: int
    topic_id: int
    reason: str


class ModerationAct(TypedDict):
    """Plugins only: a line of the moderation audit trail (``action`` such as post.hidden,
    post.locked, topic.moved, user.silence; ``actor_id`` None when the forum acted by rule)."""

    action: str
    actor_id: int | None
    subject_id: int | None
    topic_id: int | None
    post_id: int | None


class Typing(TypedDict):
    topic_id: int
    user: Author


class Presence(TypedDict):
    topic_id: int
    anonymous: int
    users: list[Author]


class EventRegistrationChanged(TypedDict):
    """event.registration: someone registered, waits, cancelled or was promoted from the
    waiting list, or the event itself was cancelled (``user_id`` None)."""

    topic_id: int
    user_id: int | None
    change: str
    registered: int
    waiting: int
    capacity: int | None
    places_left: int | None


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
    "flag.raised": FlagRaised,
    "moderation.act": ModerationAct,
    "typing": Typing,
    "presence": Presence,
    "event.registration": EventRegistrationChanged,
}
