"""Holding the first posts of new accounts for a moderator's approval, per space.

A held post is hidden as a deleted one is (so every surface already keeps it from readers;
its author still sees it) and notifies nobody until it is approved.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from forum import event_payloads as payloads
from forum.actions.base import action
from forum.actions.errors import Conflict, PermissionDenied, ValidationError
from forum.actions.moderation_audit import moderation_act
from forum.actions.notifications import notify_moderation, notify_post
from forum.events import publish_on_commit, topic_room
from forum.extensions import db
from forum.markup import DatabaseMarkupContext, cook
from forum.models import Post, PostHold, Space, SpaceRule, User
from forum.models.base import utcnow
from forum.models.space import MODERATE
from forum.permissions import can
from forum.queries.moderation import is_global_moderator, may_moderate
from forum.search import index_on_commit

HOLD_MAX = 50


def hold_if_new_account(post: Post) -> bool:
    """Hold ``post`` when its space holds new accounts' first posts and its author has fewer
    approved posts than that. Returns True when held; add_post then notifies nobody."""
    from forum.actions.posts import refresh_topic_counters

    topic = post.topic
    limit = db.session.scalar(
        select(SpaceRule.hold_first_posts).where(SpaceRule.space_id == topic.space_id)
    )
    if not limit or post.user is None or may_moderate(post.user, topic):
        return False
    earlier = db.session.scalar(
        select(func.count(Post.id)).where(
            Post.user_id == post.user_id, Post.id != post.id, Post.deleted_at.is_(None)
        )
    )
    if earlier >= limit:
        return False
    post.deleted_at = utcnow()
    if post.post_number == 1:
        topic.deleted_at = post.deleted_at
    db.session.add(PostHold(post_id=post.id))
    db.session.flush()
    refresh_topic_counters(topic)
    return True


@action
def set_hold_first_posts(actor: User, space: Space, count: int) -> None:
    """Hold the first ``count`` posts of each account in ``space`` (0 switches it off)."""
    if not (is_global_moderator(actor) or can(actor, MODERATE, space)):
        raise PermissionDenied(_("Only moderators of this space can do that."))
    if not 0 <= count <= HOLD_MAX:
        raise ValidationError(
            _("Hold 0 to %(max)d first posts.", max=HOLD_MAX), field="hold_first_posts"
        )
    rule = db.session.get(SpaceRule, space.id)
    if rule is None:
        rule = SpaceRule(space_id=space.id)
        db.session.add(rule)
    rule.hold_first_posts = count
    moderation_act(actor, None, "space.hold_first_posts", space_id=space.id, count=count)


@action
def decide_held_post(actor: User, post: Post, *, approve: bool, reason: str = "") -> None:
    """Approve a held post (it appears and notifies as a new post would) or reject it (it
    stays hidden); its author is told either way."""
    from forum.actions.posts import refresh_topic_counters

    if not may_moderate(actor, post.topic):
        raise PermissionDenied(_("Only moderators of this space can do that."))
    hold = db.session.get(PostHold, post.id)
    if hold is None or hold.decided_at is not None:
        raise Conflict(_("This post is not waiting for approval."))
    hold.decided_at, hold.decided_by_id, hold.approved = utcnow(), actor.id, approve
    what = "post.approved" if approve else "post.rejected"
    moderation_act(
        actor, post.user, what, post_id=post.id, topic_id=post.topic_id, reason=reason or None
    )
    if approve:
        post.deleted_at = None
        if post.post_number == 1:
            post.topic.deleted_at = None
        db.session.flush()
        refresh_topic_counters(post.topic)
        notify_post(post, cook(post.raw, DatabaseMarkupContext()), new_topic=post.post_number == 1)
        # Readers see it now, as if it had just been posted.
        publish_on_commit("post.created", topic_room(post.topic_id), payloads.post_created(post))
        index_on_commit(f"post:{post.id}")
        if post.post_number == 1:
            index_on_commit(f"topic:{post.topic_id}")
        notify_moderation(post.user, actor, _("A moderator approved your post."), post=post)
    else:
        notify_moderation(
            post.user, actor, reason or _("A moderator did not approve your post."), post=post
        )
