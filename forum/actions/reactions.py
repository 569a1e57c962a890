"""Reactions to posts (like, thanks, ...): one of each kind per person and post."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from forum import event_payloads as payloads
from forum.actions.base import action
from forum.actions.errors import Conflict, NotFound, PermissionDenied, ValidationError
from forum.actions.notifications import notify_reaction
from forum.events import publish_on_commit, topic_room
from forum.extensions import db
from forum.models import Post, Reaction, Topic, User
from forum.permissions import REACT, can


def check_kind(kind: str) -> str:
    if kind not in current_app.config["REACTIONS"]:
        raise ValidationError(_("Unknown reaction."), field="kind")
    return kind


@action
def add_reaction(actor: User, post: Post, kind: str) -> None:
    check_kind(kind)
    if not can(actor, REACT, post):
        raise PermissionDenied(_("You cannot react to this post."))
    exists = db.session.scalar(
        select(Reaction.post_id).where(
            Reaction.post_id == post.id, Reaction.user_id == actor.id, Reaction.kind == kind
        )
    )
    if exists is not None:
        raise Conflict(_("You have already reacted to this post this way."), field="kind")
    try:
        with db.session.begin_nested():
            db.session.add(Reaction(post_id=post.id, user_id=actor.id, kind=kind))
    except IntegrityError as error:  # the same reaction from another tab, a moment earlier
        raise Conflict(
            _("You have already reacted to this post this way."), field="kind"
        ) from error
    _count(post, kind, +1)
    notify_reaction(actor, post, kind)


@action
def remove_reaction(actor: User, post: Post, kind: str) -> None:
    check_kind(kind)
    removed = db.session.execute(
        delete(Reaction).where(
            Reaction.post_id == post.id, Reaction.user_id == actor.id, Reaction.kind == kind
        )
    ).rowcount
    if removed == 0:
        raise NotFound(_("You had not reacted to this post this way."), field="kind")
    _count(post, kind, -1)


def _count(post: Post, kind: str, change: int) -> None:
    topic = post.topic
    topic.reactions_count = Topic.reactions_count + change
    db.session.flush()
    db.session.refresh(topic)
    count = db.session.scalar(
        select(func.count()).where(Reaction.post_id == post.id, Reaction.kind == kind)
    )
    publish_on_commit(
        "reaction.changed", topic_room(post.topic_id), payloads.reaction_changed(post, kind, count)
    )
