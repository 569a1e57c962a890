"""Posts: replying, editing with every version kept, deleting softly and restoring."""

from __future__ import annotations

import re

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from forum import event_payloads as payloads
from forum.actions.base import action, on_commit
from forum.actions.errors import Conflict, PermissionDenied, ValidationError
from forum.actions.holds import hold_if_new_account
from forum.actions.moderation_audit import audit_post_change
from forum.actions.notifications import notify_post
from forum.actions.request_keys import claim_request_key, settle
from forum.actions.slow_mode import check_slow_mode
from forum.events import publish_on_commit, revalidate_connections, topic_room
from forum.extensions import db
from forum.markup import DatabaseMarkupContext, cook
from forum.models import Post, PostRevision, Topic, User
from forum.models.base import utcnow
from forum.models.post import RAW_MAX
from forum.models.space import REPLY
from forum.permissions import DELETE, EDIT, RESTORE, can, is_conversation
from forum.plugins_core.calls import refusal
from forum.search import index_on_commit
from forum.search.analysis import detect_language
from forum.text import clean_text


def clean_raw(raw: str) -> str:
    text = clean_text(raw, field="raw")
    if not text:
        raise ValidationError(_("A post cannot be empty."), field="raw")
    if len(text) > RAW_MAX:
        raise ValidationError(_("A post has at most %(max)d characters.", max=RAW_MAX), field="raw")
    return text


_QUOTE_BLOCKS = re.compile(r"\[quote[^\]]*\].*?\[/quote\]", re.DOTALL | re.IGNORECASE)
_QUOTE_LINES = re.compile(r"^ {0,3}>.*$", re.MULTILINE)


def written_language(raw: str, author: User | None) -> str:
    """The language of the author's own words, quotations left out; the author's interface
    language (or the forum's) when the text does not give it away."""
    own = _QUOTE_LINES.sub(" ", _QUOTE_BLOCKS.sub(" ", raw))
    default = (author.locale if author else None) or current_app.config["BABEL_DEFAULT_LOCALE"]
    return detect_language(own, default=default)


def _next_post_number(topic: Topic) -> int:
    """Take the topic's next post number. The UPDATE locks the topic row (on SQLite, the
    action's BEGIN IMMEDIATE holds the write lock) until commit, so numbers never repeat, and a
    rolled-back post gives its number back.
    """
    number = db.session.execute(
        update(Topic)
        .where(Topic.id == topic.id)
        .values(last_post_number=Topic.last_post_number + 1)
        .returning(Topic.last_post_number)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    db.session.expire(topic, ["last_post_number"])
    return number


def refuse_by_plugins(actor: User, topic: Topic, raw: str) -> None:
    """Plugins' post validators (forum_filter_post_validate) may refuse the text."""
    message = refusal(actor, topic, raw)
    if message:
        raise ValidationError(message, field="raw")


def add_post(actor: User, topic: Topic, raw: str, reply_to: int | None = None) -> Post:
    """Insert a post and update the topic's counters; the caller has checked permission."""
    raw = clean_raw(raw)
    refuse_by_plugins(actor, topic, raw)
    if reply_to is not None:
        target = db.session.scalar(
            select(Post.id).where(
                Post.topic_id == topic.id, Post.post_number == reply_to, Post.deleted_at.is_(None)
            )
        )
        if target is None:
            raise ValidationError(_("The post you reply to does not exist."), field="reply_to")
    cooked = cook(raw, DatabaseMarkupContext())
    now = utcnow()
    number = _next_post_number(topic)
    post = Post(
        topic_id=topic.id,
        post_number=number,
        user_id=actor.id,
        raw=raw,
        cooked=cooked.html,
        language=written_language(raw, actor),
        reply_to_post_number=reply_to,
        created_at=now,
    )
    db.session.add(post)
    topic.posts_count = Topic.posts_count + 1
    topic.highest_visible_number = number
    topic.bumped_at = now
    topic.last_poster_id = actor.id
    db.session.flush()
    db.session.refresh(topic)
    if not hold_if_new_account(post):
        notify_post(post, cooked, new_topic=number == 1)
        publish_on_commit("post.created", topic_room(topic.id), payloads.post_created(post))
    return post


@action
def create_post(
    actor: User,
    topic: Topic,
    raw: str,
    *,
    reply_to: int | None = None,
    request_key: str | None = None,
) -> Post:
    """Reply to a topic, optionally to one of its posts (``reply_to`` is a post number).

    A reply sent again under the same ``request_key`` returns the post the first one made."""
    claim, earlier = claim_request_key(actor, request_key, "reply", topic.id, reply_to, raw)
    if earlier is not None:
        return earlier
    if not can(actor, REPLY, topic):
        if topic.closed or topic.archived:
            raise PermissionDenied(_("This topic is closed for new replies."))
        if is_conversation(topic):
            raise PermissionDenied(_("You cannot reply in this conversation."))
        raise PermissionDenied(_("You may not reply in this space."))
    check_slow_mode(actor, topic)
    post = add_post(actor, topic, raw, reply_to)
    settle(claim, post)
    index_on_commit(f"post:{post.id}")
    return post


@action
def edit_post(actor: User, post: Post, raw: str, *, base_version: int | None = None) -> bool:
    """Replace a post's text, keeping the previous version as a revision.

    ``base_version`` is the version the editor started from: if someone else saved a newer
    one meanwhile, the edit is refused (Conflict) instead of silently overwriting it.
    Returns False when the text did not change.
    """
    if not can(actor, EDIT, post):
        raise PermissionDenied(_("You may not edit this post."))
    raw = clean_raw(raw)
    refuse_by_plugins(actor, db.session.get(Topic, post.topic_id), raw)
    current = post.version
    if base_version is not None and base_version != current:
        raise Conflict(
            _("Someone else edited this post while you were writing. Your text is kept below."),
            field="raw",
        )
    if raw == post.raw:
        return False
    now = utcnow()
    revision = PostRevision(
        post_id=post.id,
        version=current,
        raw=post.raw,
        cooked=post.cooked,
        user_id=post.edited_by_id or post.user_id,
        written_at=post.edited_at or post.created_at,
        replaced_at=now,
        replaced_by_id=actor.id,
    )
    changed = db.session.execute(
        update(Post)
        .where(Post.id == post.id, Post.version == current)
        .values(
            raw=raw,
            cooked=cook(raw, DatabaseMarkupContext()).html,
            language=written_language(raw, post.user or actor),
            version=current + 1,
            edited_at=now,
            edited_by_id=actor.id,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        raise Conflict(
            _("Someone else edited this post while you were writing. Your text is kept below."),
            field="raw",
        )
    db.session.add(revision)
    db.session.flush()
    db.session.refresh(post)
    publish_on_commit("post.updated", topic_room(post.topic_id), payloads.post_updated(post))
    index_on_commit(f"post:{post.id}")
    return True


def refresh_topic_counters(topic: Topic) -> None:
    visible = select(Post).where(Post.topic_id == topic.id, Post.deleted_at.is_(None)).subquery()
    count, highest = db.session.execute(
        select(func.count(visible.c.id), func.coalesce(func.max(visible.c.post_number), 0))
    ).one()
    topic.posts_count = count
    topic.highest_visible_number = highest


@action
def delete_post(actor: User, post: Post) -> None:
    """Hide a post (restorable). Deleting the first post deletes the topic with it."""
    if not can(actor, DELETE, post):
        raise PermissionDenied(_("You may not delete this post."))
    now = utcnow()
    post.deleted_at = now
    post.deleted_by_id = actor.id
    if post.post_number == 1:
        post.topic.deleted_at = now
        on_commit(revalidate_connections)  # the whole topic is gone for most readers
    db.session.flush()
    refresh_topic_counters(post.topic)
    publish_on_commit("post.deleted", topic_room(post.topic_id), payloads.post_removed(post))
    index_on_commit(f"post:{post.id}")
    audit_post_change(actor, post, "post.deleted")


@action
def restore_post(actor: User, post: Post) -> None:
    if not can(actor, RESTORE, post):
        raise PermissionDenied(_("You may not restore this post."))
    post.deleted_at = None
    post.deleted_by_id = None
    if post.post_number == 1:
        post.topic.deleted_at = None
    db.session.flush()
    refresh_topic_counters(post.topic)
    publish_on_commit("post.restored", topic_room(post.topic_id), payloads.post_restored(post))
    index_on_commit(f"post:{post.id}")
    audit_post_change(actor, post, "post.restored")
