"""Who moderates where, and whether an account is silenced or suspended right now."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from forum.extensions import db
from forum.models import (
    AuditRecord,
    Flag,
    Penalty,
    Post,
    PostHold,
    SpaceRule,
    Topic,
    User,
    UserReport,
)
from forum.models.base import utcnow
from forum.models.group import MODERATORS
from forum.models.moderation import SUSPEND
from forum.models.space import MODERATE
from forum.permissions import can, group_names, is_admin, space_verbs


def active_penalty(user_id: int, kind: str) -> Penalty | None:
    """The penalty of ``kind`` in force for the account, the one that ends last."""
    return db.session.scalar(
        select(Penalty)
        .where(
            Penalty.user_id == user_id,
            Penalty.kind == kind,
            Penalty.lifted_at.is_(None),
            Penalty.until > utcnow(),
        )
        .order_by(Penalty.until.desc())
        .limit(1)
    )


def is_suspended(user_id: int) -> bool:
    return active_penalty(user_id, SUSPEND) is not None


def is_global_moderator(user: Any) -> bool:
    return is_admin(user) or MODERATORS in group_names(user)


def may_moderate(user: Any, topic: Topic) -> bool:
    """Moderators of the topic's space, and the forum's global moderators."""
    return is_global_moderator(user) or can(user, MODERATE, topic)


def may_review(user: Any) -> bool:
    """Does the person moderate anything, and so have a review queue?"""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_global_moderator(user) or any(MODERATE in v for v in space_verbs(user).values())


@dataclass
class ReviewItem:
    post: Post
    flags: list[Flag] = field(default_factory=list)


def review_queue(user: Any) -> list[ReviewItem]:
    """Posts with open flags, in the spaces the person moderates (all for global moderators),
    oldest flag first."""
    query = (
        select(Flag)
        .options(joinedload(Flag.post).joinedload(Post.topic), joinedload(Flag.user))
        .join(Post, Post.id == Flag.post_id)
        .where(Flag.resolved_at.is_(None))
        .order_by(Flag.id)
    )
    if not is_global_moderator(user):
        spaces = [s for s, verbs in space_verbs(user).items() if MODERATE in verbs]
        query = query.join(Topic, Topic.id == Post.topic_id).where(Topic.space_id.in_(spaces))
    items: dict[int, ReviewItem] = {}
    for flag in db.session.scalars(query).unique():
        items.setdefault(flag.post_id, ReviewItem(flag.post)).flags.append(flag)
    return list(items.values())


def audit_records(
    *, action: str = "", actor_id: int | None = None, subject_id: int | None = None
) -> Select:
    """The audit trail, newest first, optionally narrowed."""
    query = select(AuditRecord).order_by(AuditRecord.id.desc())
    if action:
        query = query.where(AuditRecord.action.startswith(action))
    if actor_id is not None:
        query = query.where(AuditRecord.actor_id == actor_id)
    if subject_id is not None:
        query = query.where(AuditRecord.subject_id == subject_id)
    return query


def fetch(query: Select) -> list[Any]:
    return list(db.session.scalars(query))


def held_posts(user: Any) -> list[Post]:
    """Posts waiting for approval in the spaces the person moderates (all for global ones)."""
    query = (
        select(Post)
        .options(joinedload(Post.topic), joinedload(Post.user))
        .join(PostHold, PostHold.post_id == Post.id)
        .where(PostHold.decided_at.is_(None))
        .order_by(PostHold.created_at)
    )
    if not is_global_moderator(user):
        spaces = [s for s, verbs in space_verbs(user).items() if MODERATE in verbs]
        query = query.join(Topic, Topic.id == Post.topic_id).where(Topic.space_id.in_(spaces))
    return list(db.session.scalars(query))


def hold_first_posts(space_id: int) -> int:
    return (
        db.session.scalar(select(SpaceRule.hold_first_posts).where(SpaceRule.space_id == space_id))
        or 0
    )


def reported_users(user: Any) -> list[tuple[User, list[UserReport]]]:
    """Accounts with open reports, for the forum's global moderators (nobody else)."""
    if not is_global_moderator(user):
        return []
    grouped: dict[int, tuple[User, list[UserReport]]] = {}
    for report in db.session.scalars(
        select(UserReport)
        .options(joinedload(UserReport.user), joinedload(UserReport.reporter))
        .where(UserReport.resolved_at.is_(None))
        .order_by(UserReport.id)
    ):
        grouped.setdefault(report.user_id, (report.user, []))[1].append(report)
    return list(grouped.values())
