"""Notifications: who hears about a post, a reaction or a moderator's decision, and reading
them. Written in the same transaction as what they are about, so none is lost or invented.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from forum.actions.base import action
from forum.actions.errors import NotFound, PermissionDenied, ValidationError
from forum.events import publish_on_commit, user_room
from forum.extensions import db
from forum.markup import Cooked
from forum.models import (
    Block,
    ConversationParticipant,
    Group,
    GroupMembership,
    Post,
    Space,
    Topic,
    User,
)
from forum.models.base import utcnow
from forum.models.group import ADMINISTRATORS
from forum.models.notification import (
    GROUP_MENTION,
    KINDS,
    LEVELS,
    MENTION,
    MESSAGE,
    MODERATION,
    MUTED,
    QUOTE,
    REACTION,
    REPLY,
    TRACKING,
    WATCHED_POST,
    WATCHED_TOPIC,
    WATCHING,
    Notification,
    Watch,
)
from forum.models.space import READ
from forum.permissions import can, group_names, is_conversation, is_participant, verbs_of_groups
from forum.queries.notifications import headline


def watch_levels(user_id: int, topic: Topic) -> tuple[int | None, int | None]:
    """The person's level for the topic and for its space (None where they set nothing)."""
    rows = db.session.execute(
        select(Watch.topic_id, Watch.level).where(
            Watch.user_id == user_id,
            (Watch.topic_id == topic.id) | (Watch.space_id == topic.space_id),
        )
    ).all()
    on_topic = next((level for target, level in rows if target is not None), None)
    on_space = next((level for target, level in rows if target is None), None)
    return on_topic, on_space


def _muted(user_id: int, topic: Topic) -> bool:
    on_topic, on_space = watch_levels(user_id, topic)
    return on_topic == MUTED or (on_topic is None and on_space == MUTED)


def _strongest(found: dict[int, str], user_id: int | None, kind: str) -> None:
    if user_id is None:
        return
    current = found.get(user_id)
    if current is None or KINDS.index(kind) < KINDS.index(current):
        found[user_id] = kind


def _levels(topic: Topic) -> tuple[dict[int, int | None], set[int]]:
    """Each person's effective watch level here (the topic's if they set one, else the
    space's), and who set one on the topic."""
    on_topic: dict[int, int] = {}
    on_space: dict[int, int] = {}
    for user_id, topic_id, level in db.session.execute(
        select(Watch.user_id, Watch.topic_id, Watch.level).where(
            (Watch.topic_id == topic.id) | (Watch.space_id == topic.space_id)
        )
    ):
        (on_topic if topic_id is not None else on_space)[user_id] = level
    levels = {user: on_topic.get(user, on_space.get(user)) for user in {*on_topic, *on_space}}
    return levels, set(on_topic)


def _recipients(
    post: Post, cooked: Cooked, levels: dict[int, int | None], *, new_topic: bool
) -> dict[int, str]:
    topic = post.topic
    found: dict[int, str] = {}
    if cooked.mentions:
        for user_id in db.session.scalars(
            select(User.id).where(User.username.in_(sorted(cooked.mentions)))
        ):
            _strongest(found, user_id, MENTION)
    if cooked.group_mentions:
        for user_id in db.session.scalars(
            select(GroupMembership.user_id)
            .join(Group, Group.id == GroupMembership.group_id)
            .where(Group.name.in_(sorted(cooked.group_mentions)))
        ):
            _strongest(found, user_id, GROUP_MENTION)
    for quote in cooked.quotes:
        author = db.session.scalar(
            select(Post.user_id).where(
                Post.topic_id == quote.topic_id, Post.post_number == quote.post_number
            )
        )
        _strongest(found, author, QUOTE)
    if post.reply_to_post_number:
        author = db.session.scalar(
            select(Post.user_id).where(
                Post.topic_id == topic.id, Post.post_number == post.reply_to_post_number
            )
        )
        _strongest(found, author, REPLY)
    for user_id, level in levels.items():
        if level == WATCHING:
            _strongest(found, user_id, WATCHED_TOPIC if new_topic else WATCHED_POST)
    if is_conversation(topic):
        for user_id in participant_ids(topic.id):
            _strongest(found, user_id, MESSAGE)
    return found


def notify_post(post: Post, cooked: Cooked, *, new_topic: bool) -> None:
    """Notify everyone a new post concerns and who may read it; never its author."""
    levels, set_on_topic = _levels(post.topic)
    _watch_by_default(post, set_on_topic, new_topic=new_topic)
    found = _recipients(post, cooked, levels, new_topic=new_topic)
    found.pop(post.user_id, None)
    for blocker in blockers_of(post.user_id, found):
        found.pop(blocker)
    if not found:
        return
    users = db.session.scalars(select(User).where(User.id.in_(sorted(found)), User.active))
    created = []
    for user in users:
        if levels.get(user.id) == MUTED or not _may_read_new_post(user, post.topic):
            continue
        notification = Notification(
            user_id=user.id,
            kind=found[user.id],
            actor_id=post.user_id,
            topic_id=post.topic_id,
            post_id=post.id,
            post_number=post.post_number,
            data={"title": post.topic.title},
        )
        db.session.add(notification)
        created.append(notification)
    announce(created)


def _watch_by_default(post: Post, set_on_topic: set[int], *, new_topic: bool) -> None:
    """The author of a topic watches it, a replier tracks it, unless they chose otherwise."""
    if post.user_id is not None and post.user_id not in set_on_topic:
        level = WATCHING if new_topic else TRACKING
        db.session.add(Watch(user_id=post.user_id, topic_id=post.topic_id, level=level))


def _may_read_new_post(user: User, topic: Topic) -> bool:
    if is_conversation(topic):
        return is_participant(user, topic.id)
    return may_read_space(user, topic.space_id)


def participant_ids(topic_id: int) -> list[int]:
    """Who is in a conversation now (those who left are not)."""
    return list(
        db.session.scalars(
            select(ConversationParticipant.user_id).where(
                ConversationParticipant.topic_id == topic_id,
                ConversationParticipant.left_at.is_(None),
            )
        )
    )


def blockers_of(author_id: int | None, among: Iterable[int]) -> set[int]:
    """Which of ``among`` blocked ``author_id``: they hear nothing from that person."""
    if author_id is None:
        return set()
    return set(
        db.session.scalars(
            select(Block.blocker_id).where(
                Block.blocked_id == author_id, Block.blocker_id.in_(sorted(among))
            )
        )
    )


def may_read_space(user: User, space_id: int) -> bool:
    """``can(user, READ, post)`` for a post just written in a live topic, with one load of the
    person's groups instead of one per step of the general check."""
    names = group_names(user)
    return ADMINISTRATORS in names or READ in verbs_of_groups(names).get(space_id, ())


def notify_reaction(actor: User, post: Post, kind: str) -> None:
    """Tell the author about a reaction; unread reactions to one post make one notification."""
    author = post.user
    if author is None or author.id == actor.id or not author.active:
        return
    if _muted(author.id, post.topic) or not can(author, READ, post):
        return
    if blockers_of(actor.id, [author.id]):
        return
    pending = db.session.scalar(
        select(Notification).where(
            Notification.user_id == author.id,
            Notification.post_id == post.id,
            Notification.kind == REACTION,
            Notification.read_at.is_(None),
        )
    )
    if pending is not None:
        data = dict(pending.data)
        data["count"] = int(data.get("count", 1)) + 1
        pending.data, pending.actor_id, pending.created_at = data, actor.id, utcnow()
        return
    notification = Notification(
        user_id=author.id,
        kind=REACTION,
        actor_id=actor.id,
        topic_id=post.topic_id,
        post_id=post.id,
        post_number=post.post_number,
        data={"title": post.topic.title, "reaction": kind, "count": 1},
    )
    db.session.add(notification)
    announce([notification])


def notify_moderation(
    user: User | None, actor: User | None, message: str, *, post: Post | None = None
) -> None:
    """Tell a person about a moderator's decision that concerns them."""
    if user is None:
        return
    notification = Notification(
        user_id=user.id,
        kind=MODERATION,
        actor_id=actor.id if actor else None,
        topic_id=post.topic_id if post else None,
        post_id=post.id if post else None,
        post_number=post.post_number if post else None,
        data={"message": message, "title": post.topic.title if post else ""},
    )
    db.session.add(notification)
    announce([notification])


def mark_topic_notifications_read(user: User, topic: Topic, up_to: int) -> None:
    """Reading a topic up to ``up_to`` marks the notifications about those posts read."""
    db.session.execute(
        update(Notification)
        .where(
            Notification.user_id == user.id,
            Notification.topic_id == topic.id,
            Notification.post_number <= up_to,
            Notification.read_at.is_(None),
        )
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    announce_count(user.id)


@action
def mark_notification_read(user: User, notification_id: int) -> Notification:
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != user.id:
        raise NotFound(_("No such notification."))
    notification.read_at = notification.read_at or utcnow()
    announce_count(user.id)
    return notification


@action
def mark_all_notifications_read(user: User) -> int:
    marked = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    announce_count(user.id)
    return marked


def announce(created: list[Notification]) -> None:
    """After commit, tell each recipient's open pages: the new notification and the count."""
    if not created:
        return
    db.session.flush()
    for notification in created:
        recipient = db.session.get(User, notification.user_id)
        with force_locale(recipient.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
            text = headline(notification)
        url = (
            f"/t/{notification.topic_id}#p{notification.post_number}"
            if notification.topic_id
            else "/notifications"
        )
        publish_on_commit(
            "notification.created",
            user_room(notification.user_id),
            {
                "notification_id": notification.id,
                "kind": notification.kind,
                "text": text,
                "url": url,
            },
        )
    for user_id in {n.user_id for n in created}:
        announce_count(user_id)


def announce_count(user_id: int) -> None:
    db.session.flush()
    unread = db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.user_id == user_id, Notification.read_at.is_(None)
        )
    )
    publish_on_commit("notification.count", user_room(user_id), {"unread": unread})


def level_from_name(name: str) -> int:
    if name not in LEVELS:
        raise ValidationError(_("Unknown watch level."), field="level")
    return LEVELS[name]


@action
def set_watch_level(user: User, target: Topic | Space, level: str) -> None:
    """Watch, track, mute or return to normal for a topic or a space the person may read."""
    value = level_from_name(level)
    if not getattr(user, "is_authenticated", False) or not can(user, READ, target):
        raise PermissionDenied(_("You cannot watch this."))
    column = Watch.topic_id if isinstance(target, Topic) else Watch.space_id
    watch = db.session.scalar(select(Watch).where(Watch.user_id == user.id, column == target.id))
    if watch is None:
        watch = Watch(user_id=user.id, level=value)
        if isinstance(target, Topic):
            watch.topic_id = target.id
        else:
            watch.space_id = target.id
        db.session.add(watch)
    watch.level = value
    db.session.flush()
