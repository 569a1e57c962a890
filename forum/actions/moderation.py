"""Moderation: flags and the review of them, hiding posts, slow mode, silencing and
suspending accounts. Every act lands in the audit trail and the person concerned is told.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from forum import event_payloads as payloads
from forum.actions.base import action, on_commit
from forum.actions.errors import Conflict, PermissionDenied, ValidationError
from forum.actions.moderation_audit import moderation_act
from forum.actions.notifications import notify_moderation
from forum.actions.posts import refresh_topic_counters
from forum.events import (
    plugin_event_on_commit,
    publish_on_commit,
    revalidate_connections,
    topic_room,
)
from forum.extensions import db
from forum.models import Flag, Penalty, Post, Profile, Topic, TopicRule, User, UserReport
from forum.models.base import utcnow
from forum.models.moderation import (
    AGREED,
    DELETED,
    DISAGREED,
    FLAG_REASONS,
    MESSAGE_MAX,
    OTHER,
    SILENCE,
    SUSPEND,
)
from forum.models.space import READ
from forum.permissions import can, forget, is_admin, is_registered
from forum.queries.moderation import is_global_moderator, may_moderate
from forum.search import index_on_commit
from forum.text import clean_text

OUTCOMES = (AGREED, DISAGREED, DELETED)
SLOW_MODE_MAX = 24 * 60 * 60


def _require_moderator(actor: User, topic: Topic) -> None:
    if not may_moderate(actor, topic):
        raise PermissionDenied(_("Only moderators of this space can do that."))


def _reason(text: str, *, required: bool) -> str:
    reason = clean_text(text or "", field="reason").strip()
    if required and not reason:
        raise ValidationError(_("Give a reason."), field="reason")
    if len(reason) > MESSAGE_MAX:
        raise ValidationError(
            _("A reason has at most %(max)d characters.", max=MESSAGE_MAX), field="reason"
        )
    return reason


def _trusted_flaggers(post: Post) -> int:
    """Open flags on the post from accounts registered at least FLAG_TRUST_DAYS ago."""
    since = utcnow() - timedelta(days=current_app.config["FLAG_TRUST_DAYS"])
    return db.session.scalar(
        select(func.count(Flag.id))
        .join(Profile, Profile.user_id == Flag.user_id)
        .where(
            Flag.post_id == post.id,
            Flag.resolved_at.is_(None),
            Profile.registered_at.is_not(None),
            Profile.registered_at <= since,
        )
    )


@action
def flag_post(actor: User, post: Post, reason: str, message: str = "") -> Flag:
    """Report a post to its moderators. Enough trusted flags hide it until reviewed."""
    if not is_registered(actor) or not can(actor, READ, post) or post.deleted_at is not None:
        raise PermissionDenied(_("You cannot flag this post."))
    if post.user_id == actor.id:
        raise ValidationError(_("You cannot flag your own post."))
    if reason not in FLAG_REASONS:
        raise ValidationError(_("Choose why you flag the post."), field="reason")
    text = _reason(message, required=reason == OTHER)
    exists = db.session.scalar(
        select(Flag.id).where(Flag.post_id == post.id, Flag.user_id == actor.id)
    )
    if exists is not None:
        raise Conflict(_("You have flagged this post already."))
    flag = Flag(post_id=post.id, user_id=actor.id, reason=reason, message=text)
    db.session.add(flag)
    db.session.flush()
    plugin_event_on_commit(
        "flag.raised",
        {"flag_id": flag.id, "post_id": post.id, "topic_id": post.topic_id, "reason": reason},
    )
    if _trusted_flaggers(post) >= current_app.config["FLAG_AUTO_HIDE"]:
        _hide(post, None)
        moderation_act(None, post.user, "post.auto_hidden", post_id=post.id, topic_id=post.topic_id)
        notify_moderation(
            post.user,
            None,
            _("Your post was hidden after flags, until moderators review it."),
            post=post,
        )
    return flag


def _hide(post: Post, actor: User | None) -> None:
    post.deleted_at = utcnow()
    post.deleted_by_id = actor.id if actor else None
    if post.post_number == 1:
        post.topic.deleted_at = post.deleted_at
    db.session.flush()
    refresh_topic_counters(post.topic)
    publish_on_commit("post.hidden", topic_room(post.topic_id), payloads.post_removed(post))
    index_on_commit(f"post:{post.id}")


def _unhide(post: Post) -> None:
    post.deleted_at = None
    post.deleted_by_id = None
    if post.post_number == 1:
        post.topic.deleted_at = None
    db.session.flush()
    refresh_topic_counters(post.topic)
    index_on_commit(f"post:{post.id}")


@action
def hide_post(actor: User, post: Post, reason: str = "") -> None:
    """Hide a post from readers (restorable); its author is told why."""
    _require_moderator(actor, post.topic)
    if post.deleted_at is not None:
        raise Conflict(_("This post is hidden already."))
    text = _reason(reason, required=False)
    _hide(post, actor)
    moderation_act(
        actor, post.user, "post.hidden", post_id=post.id, topic_id=post.topic_id, reason=text
    )
    notify_moderation(post.user, actor, text or _("A moderator hid your post."), post=post)


@action
def lock_post(actor: User, post: Post, locked: bool) -> None:
    """Lock a post against its author's edits, or unlock it."""
    _require_moderator(actor, post.topic)
    if (post.locked_at is not None) == locked:
        raise Conflict(_("The post is locked already.") if locked else _("The post is not locked."))
    post.locked_at = utcnow() if locked else None
    what = "post.locked" if locked else "post.unlocked"
    moderation_act(actor, post.user, what, post_id=post.id, topic_id=post.topic_id)


@action
def unhide_post(actor: User, post: Post) -> None:
    _require_moderator(actor, post.topic)
    if post.deleted_at is None:
        raise Conflict(_("This post is not hidden."))
    _unhide(post)
    moderation_act(actor, post.user, "post.restored", post_id=post.id, topic_id=post.topic_id)


@action
def review_flags(actor: User, post: Post, outcome: str, reason: str = "") -> int:
    """Decide the open flags on a post: agree (hide it), disagree (keep or bring it back), or
    delete it. Returns how many flags were decided."""
    _require_moderator(actor, post.topic)
    if outcome not in OUTCOMES:
        raise ValidationError(_("Unknown decision."), field="outcome")
    text = _reason(reason, required=False)
    decided = db.session.execute(
        update(Flag)
        .where(Flag.post_id == post.id, Flag.resolved_at.is_(None))
        .values(resolved_at=utcnow(), resolved_by_id=actor.id, outcome=outcome)
        .execution_options(synchronize_session=False)
    ).rowcount
    if decided == 0:
        raise Conflict(_("The flags on this post have been decided already."))
    if outcome == DISAGREED:
        if post.deleted_at is not None and post.deleted_by_id is None:
            _unhide(post)  # hidden automatically by the flags just dismissed
    elif post.deleted_at is None:
        _hide(post, actor)
        message = (
            _("A moderator hid your post.")
            if outcome == AGREED
            else _("A moderator deleted your post.")
        )
        notify_moderation(post.user, actor, text or message, post=post)
    moderation_act(
        actor,
        post.user,
        f"flags.{outcome}",
        post_id=post.id,
        topic_id=post.topic_id,
        flags=decided,
        reason=text,
    )
    return decided


@action
def set_slow_mode(actor: User, topic: Topic, seconds: int) -> None:
    """Allow one post per ``seconds`` per person in the topic (0 switches it off)."""
    _require_moderator(actor, topic)
    if not 0 <= seconds <= SLOW_MODE_MAX:
        raise ValidationError(
            _("Slow mode is 0 to %(max)d seconds.", max=SLOW_MODE_MAX), field="seconds"
        )
    rule = db.session.get(TopicRule, topic.id)
    if rule is None:
        rule = TopicRule(topic_id=topic.id)
        db.session.add(rule)
    rule.slow_mode_seconds = seconds
    moderation_act(actor, None, "topic.slow_mode", topic_id=topic.id, seconds=seconds)


@action
def penalise(actor: User, user: User, kind: str, until: datetime, reason: str) -> Penalty:
    """Silence (read-only) or suspend (no sign-in) an account until ``until``, telling why."""
    if not is_global_moderator(actor):
        raise PermissionDenied(_("Only the forum's moderators can silence or suspend accounts."))
    if kind not in (SILENCE, SUSPEND):
        raise ValidationError(_("Unknown penalty."), field="kind")
    if is_admin(user) or user.id == actor.id:
        raise PermissionDenied(_("Administrators and yourself cannot be silenced or suspended."))
    if until.tzinfo is None or until <= utcnow():
        raise ValidationError(_("Choose a moment in the future."), field="until")
    text = _reason(reason, required=True)
    penalty = Penalty(user_id=user.id, kind=kind, until=until, reason=text, given_by_id=actor.id)
    db.session.add(penalty)
    moderation_act(actor, user, f"user.{kind}", until=until.isoformat(), reason=text)
    notify_moderation(user, actor, text)
    db.session.flush()
    forget()
    if kind == SUSPEND:  # a silenced person still reads: their rooms stay
        user_id = user.id
        on_commit(lambda: revalidate_connections(user_id))  # their open sockets close at once
    return penalty


@action
def lift_penalties(actor: User, user: User) -> int:
    if not is_global_moderator(actor):
        raise PermissionDenied(_("Only the forum's moderators can silence or suspend accounts."))
    lifted = db.session.execute(
        update(Penalty)
        .where(Penalty.user_id == user.id, Penalty.lifted_at.is_(None))
        .values(lifted_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if lifted:
        moderation_act(actor, user, "user.penalties_lifted", count=lifted)
    forget()
    return lifted


@action
def report_user(actor: User, user: User, message: str) -> UserReport:
    """Tell the forum's moderators about an account (what it does, in the reporter's words)."""
    if not is_registered(actor):
        raise PermissionDenied(_("You cannot report accounts."))
    if user.id == actor.id:
        raise ValidationError(_("You cannot report yourself."))
    text = _reason(message, required=True)
    exists = db.session.scalar(
        select(UserReport.id).where(
            UserReport.user_id == user.id, UserReport.reporter_id == actor.id
        )
    )
    if exists is not None:
        raise Conflict(_("You have reported this account already."))
    report = UserReport(user_id=user.id, reporter_id=actor.id, message=text)
    db.session.add(report)
    db.session.flush()
    return report


@action
def close_user_reports(actor: User, user: User) -> int:
    """Mark the open reports on an account dealt with (after a penalty, or none needed)."""
    if not is_global_moderator(actor):
        raise PermissionDenied(_("Only the forum's moderators can silence or suspend accounts."))
    closed = db.session.execute(
        update(UserReport)
        .where(UserReport.user_id == user.id, UserReport.resolved_at.is_(None))
        .values(resolved_at=utcnow(), resolved_by_id=actor.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if closed == 0:
        raise Conflict(_("The reports on this account have been dealt with already."))
    moderation_act(actor, user, "user.reports_closed", count=closed)
    return closed
