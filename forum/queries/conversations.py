"""A person's conversations (the inbox), who is in one, and whom they blocked."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from sqlalchemy import BindParameter, ColumnElement, ScalarSelect, and_, bindparam, func, select
from sqlalchemy.orm import joinedload

from forum.extensions import db
from forum.models import Block, ConversationParticipant, Topic, TopicRead, User
from forum.permissions import is_conversation, is_participant
from forum.queries.pagination import Page


@dataclass
class ConversationRow:
    topic: Topic
    last_read: int | None
    people: list[User] = field(default_factory=list)

    @property
    def unread(self) -> int:
        return max(0, self.topic.highest_visible_number - (self.last_read or 0))


def _mine(user_id: int | BindParameter[int]) -> ScalarSelect[int]:
    return (
        select(ConversationParticipant.topic_id)
        .where(
            ConversationParticipant.user_id == user_id,
            ConversationParticipant.left_at.is_(None),
        )
        .scalar_subquery()
    )


def _read_join(user_id: int | BindParameter[int]) -> ColumnElement[bool]:
    return and_(TopicRead.topic_id == Topic.id, TopicRead.user_id == user_id)


# How many of a person's conversations have posts they have not read (the header), built
# once: its parameter is ``user_id``.
UNREAD_CONVERSATIONS = (
    select(func.count(Topic.id))
    .outerjoin(TopicRead, _read_join(bindparam("user_id")))
    .where(
        Topic.id.in_(_mine(bindparam("user_id"))),
        Topic.deleted_at.is_(None),
        func.coalesce(TopicRead.last_read_post_number, 0) < Topic.highest_visible_number,
    )
)


def inbox(user: Any, page: int = 1) -> Page[ConversationRow]:
    """The person's conversations, the latest post first, with unread counts and the others in
    each (three queries whatever the page size)."""
    per_page = current_app.config["TOPICS_PER_PAGE"]
    conditions = (Topic.id.in_(_mine(user.id)), Topic.deleted_at.is_(None))
    total = db.session.scalar(select(func.count(Topic.id)).where(*conditions))
    rows = db.session.execute(
        select(Topic, TopicRead.last_read_post_number)
        .outerjoin(TopicRead, _read_join(user.id))
        .where(*conditions)
        .options(joinedload(Topic.last_poster))
        .order_by(Topic.bumped_at.desc(), Topic.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    items = [ConversationRow(topic, last_read) for topic, last_read in rows]
    people = participants_of([row.topic.id for row in items])
    for row in items:
        row.people = [p for p in people.get(row.topic.id, []) if p.id != user.id]
    return Page(items, page, per_page, total)


def participants_of(topic_ids: list[int]) -> dict[int, list[User]]:
    """The people in each conversation now, by display name."""
    found: dict[int, list[User]] = {}
    if not topic_ids:
        return found
    for topic_id, person in db.session.execute(
        select(ConversationParticipant.topic_id, User)
        .join(User, User.id == ConversationParticipant.user_id)
        .where(
            ConversationParticipant.topic_id.in_(topic_ids),
            ConversationParticipant.left_at.is_(None),
        )
        .order_by(User.display_name)
    ):
        found.setdefault(topic_id, []).append(person)
    return found


@dataclass
class ConversationPanel:
    """What the conversation page shows beside the posts."""

    people: list[User]
    participant: bool


def conversation_panel(user: Any, topic: Topic) -> ConversationPanel | None:
    if not is_conversation(topic):
        return None
    return ConversationPanel(
        people=participants_of([topic.id]).get(topic.id, []),
        participant=is_participant(user, topic.id),
    )


def blocked_people(user: Any) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(Block, Block.blocked_id == User.id)
            .where(Block.blocker_id == user.id)
            .order_by(User.display_name)
        )
    )


def blocked_ids(user: Any) -> frozenset[int]:
    """Ids of the people ``user`` blocked (for block/unblock buttons)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    return frozenset(
        db.session.scalars(select(Block.blocked_id).where(Block.blocker_id == user.id))
    )
