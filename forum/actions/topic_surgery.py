"""Moderators split posts off into a new topic and merge one topic into another.

Moved posts keep their ids (so links by id, bookmarks and reactions follow them) and get new
numbers in their new topic; replies between moved posts keep pointing at each other, and the
notifications about them follow. Numbers left behind are not reused.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import select, update

from forum.actions.base import action
from forum.actions.errors import PermissionDenied, ValidationError
from forum.actions.moderation_audit import moderation_act
from forum.actions.posts import refresh_topic_counters
from forum.actions.topics import clean_title
from forum.extensions import db
from forum.models import Notification, Post, Topic, User
from forum.models.base import utcnow
from forum.permissions import is_conversation
from forum.queries.moderation import may_moderate
from forum.text import slugify


def _require(actor: User, *topics: Topic) -> None:
    if any(is_conversation(topic) for topic in topics) or not all(
        may_moderate(actor, topic) for topic in topics
    ):
        raise PermissionDenied(_("Only moderators of this space can do that."))


def _move(posts: list[Post], target: Topic, first_number: int) -> dict[int, int]:
    """Give ``posts`` (in order) to ``target`` numbered from ``first_number``; returns the map
    from old to new numbers."""
    numbers = {post.post_number: first_number + i for i, post in enumerate(posts)}
    for post in posts:
        reply_to = post.reply_to_post_number
        post.topic_id, post.post_number = target.id, numbers[post.post_number]
        post.reply_to_post_number = numbers.get(reply_to) if reply_to else None
        db.session.flush()
        db.session.expire(post, ["topic"])
        db.session.execute(
            update(Notification)
            .where(Notification.post_id == post.id)
            .values(topic_id=target.id, post_number=post.post_number)
            .execution_options(synchronize_session=False)
        )
    return numbers


def _parse_numbers(values: Iterable[int | str]) -> list[int]:
    numbers = []
    for value in values:
        text = str(value).strip().lstrip("#")
        if not text.isdigit():
            raise ValidationError(_("Give post numbers, e.g. 3 4 7."), field="posts")
        numbers.append(int(text))
    if not numbers:
        raise ValidationError(_("Give post numbers, e.g. 3 4 7."), field="posts")
    return sorted(set(numbers))


@action
def split_topic(actor: User, topic: Topic, post_numbers: Iterable[int | str], title: str) -> Topic:
    """Move the given posts (not the first one) into a new topic in the same space."""
    _require(actor, topic)
    numbers = _parse_numbers(post_numbers)
    if 1 in numbers:
        raise ValidationError(_("The first post stays with its topic."), field="posts")
    posts = list(
        db.session.scalars(
            select(Post)
            .where(Post.topic_id == topic.id, Post.post_number.in_(numbers))
            .order_by(Post.post_number)
        )
    )
    if len(posts) != len(numbers):
        raise ValidationError(_("Some of those posts are not in this topic."), field="posts")
    title = clean_title(title)
    new = Topic(
        space_id=topic.space_id,
        user_id=posts[0].user_id,
        title=title,
        slug=slugify(title),
        bumped_at=utcnow(),
        last_post_number=len(posts),
    )
    db.session.add(new)
    db.session.flush()
    _move(posts, new, 1)
    for changed in (topic, new):
        refresh_topic_counters(changed)
    new.last_poster_id = posts[-1].user_id
    moderation_act(
        actor, None, "topic.split", topic_id=topic.id, new_topic_id=new.id, posts=numbers
    )
    return new


@action
def merge_topics(actor: User, source: Topic, target: Topic) -> None:
    """Append every post of ``source`` to ``target``; ``source`` is then deleted (empty)."""
    _require(actor, source, target)
    if source.id == target.id:
        raise ValidationError(_("Choose another topic to merge into."), field="target")
    posts = list(
        db.session.scalars(
            select(Post).where(Post.topic_id == source.id).order_by(Post.post_number)
        )
    )
    first = target.last_post_number + 1
    target.last_post_number = target.last_post_number + len(posts)
    db.session.flush()
    _move(posts, target, first)
    source.deleted_at = utcnow()
    for changed in (source, target):
        refresh_topic_counters(changed)
    target.bumped_at = utcnow()
    moderation_act(actor, None, "topic.merged", topic_id=source.id, into_topic_id=target.id)
