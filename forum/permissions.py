"""Who may do what: ``can(user, verb, obj)``, the one answer every surface asks.

Groups hold verbs on spaces (``space_permissions``). Everyone is in the implied group
"everyone"; a signed-in account whose registration is complete (the form filled in and the
terms in force accepted) is also in "registered"; other memberships are stored.
Administrators may do everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, g, has_app_context, has_request_context
from sqlalchemy import bindparam, event, select
from sqlalchemy.orm import Session

from forum.extensions import db
from forum.models import (
    Block,
    ConversationParticipant,
    Flag,
    Group,
    GroupMembership,
    Notification,
    Penalty,
    Profile,
    SpacePermission,
)
from forum.models.base import utcnow
from forum.models.group import ADMINISTRATORS, EVERYONE, MODERATORS, REGISTERED
from forum.models.moderation import SILENCE, SUSPEND
from forum.models.page_version import version_of_transaction
from forum.models.post import Post
from forum.models.space import (
    CREATE_TOPIC,
    MESSAGES,
    MODERATE,
    READ,
    REPLY,
    SEE,
    SPACE_VERBS,
    Space,
)
from forum.models.topic import Tag, Topic, topic_tags

# Not a group: marks a silenced account among its group names (no group name has a "!").
SILENCED = "!silenced"
WRITE_VERBS = frozenset({CREATE_TOPIC, REPLY})
_SESSION_CACHE = "permission_cache"
_BY_VERSION = "forum_permissions_by_version"
_BY_VERSION_MAX = 256  # distinct group sets a process keeps grants for

# Verbs on topics and posts, besides the space verbs they inherit.
EDIT = "edit"
DELETE = "delete"
RESTORE = "restore"
REACT = "react"

# A verb brings the weaker ones it needs: one cannot reply in a space one cannot read.
IMPLIED = {
    SEE: {SEE},
    READ: {SEE, READ},
    CREATE_TOPIC: {SEE, READ, CREATE_TOPIC},
    REPLY: {SEE, READ, REPLY},
    MODERATE: set(SPACE_VERBS),
}


# Asked once per signed-in request; built once, so SQLAlchemy's compiled cache answers.
_GROUP_NAMES = (
    select(Group.name)
    .join(GroupMembership, GroupMembership.group_id == Group.id)
    .where(GroupMembership.user_id == bindparam("user_id"))
)


def _penalty_in_force(kind: str) -> Any:
    """Whether a penalty of ``kind`` is in force for the account ``user_id`` at ``now``."""
    return (
        select(Penalty.id)
        .where(
            Penalty.user_id == bindparam("user_id"),
            Penalty.kind == kind,
            Penalty.lifted_at.is_(None),
            Penalty.until > bindparam("now"),
        )
        .exists()
    )


_PROFILE = Profile.user_id == bindparam("user_id")
_ACCOUNT_STATE = select(
    select(Profile.registered_at).where(_PROFILE).scalar_subquery().label("registered_at"),
    select(Profile.terms_version).where(_PROFILE).scalar_subquery().label("terms_version"),
    _penalty_in_force(SILENCE).label("silenced"),
    _penalty_in_force(SUSPEND).label("suspended"),
)


@dataclass(frozen=True)
class AccountState:
    registered: bool  # the registration form filled in and the terms in force accepted
    silenced: bool  # read-only
    suspended: bool  # no sign-in, no token, no connection: as good as a stranger


def group_names(user: Any) -> frozenset[str]:
    """Names of the groups ``user`` belongs to, the implied ones included. An account not in
    good standing (suspended, erased) holds no more than an anonymous visitor, wherever it is
    asked about: in a request, in a mail or digest being written, on an open connection."""
    if not getattr(user, "is_authenticated", False):
        return frozenset({EVERYONE})
    return _cached(("group_names", user.id), lambda: _load_group_names(user))


def _load_group_names(user: Any) -> frozenset[str]:
    if not in_good_standing(user):
        return frozenset({EVERYONE})
    stored = db.session.scalars(_GROUP_NAMES, {"user_id": user.id})
    names = {EVERYONE, *stored}
    state = account_state(user)
    if state.registered:
        names.add(REGISTERED)
    if state.silenced:
        # A silenced account keeps reading but may not write (forum/actions/moderation.py).
        names.add(SILENCED)
    return frozenset(names)


def registration_complete(user: Any) -> bool:
    """Has ``user`` filled in the registration form and accepted the terms in force?"""
    return account_state(user).registered


def account_state(user: Any) -> AccountState:
    """Registration, silence and suspension, in one query (asked by the group names and again
    by the page header: kept like them)."""
    return _cached(("account_state", user.id), lambda: _load_account_state(user))


def _load_account_state(user: Any) -> AccountState:
    row = db.session.execute(_ACCOUNT_STATE, {"user_id": user.id, "now": utcnow()}).one()
    registered = row.registered_at is not None and row.terms_version == str(
        current_app.config["TERMS_VERSION"]
    )
    return AccountState(registered, bool(row.silenced), bool(row.suspended))


def in_good_standing(user: Any) -> bool:
    """May this account be behind a session, a token or a connection at all? Not erased or
    closed, and not suspended. Anonymous visitors are in good standing (as nobody)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return True
    return bool(user.is_active) and not account_state(user).suspended


def is_silenced(user: Any) -> bool:
    """Is a silence in force (read-only: the person reads but writes nothing, their public
    profile included)?"""
    return SILENCED in group_names(user)


def is_admin(user: Any) -> bool:
    return ADMINISTRATORS in group_names(user)


def space_verbs(user: Any) -> dict[int, frozenset[str]]:
    """Every space id mapped to the verbs ``user`` holds on it, in one query per request."""
    return verbs_of_groups(group_names(user))


def verbs_of_groups(names: frozenset[str]) -> dict[int, frozenset[str]]:
    """Every space id mapped to the verbs that members of ``names`` hold on it."""
    return _by_version(("space_verbs", tuple(sorted(names))), lambda: _load_space_verbs(names))


def _load_space_verbs(names: frozenset[str]) -> dict[int, frozenset[str]]:
    rows = db.session.execute(
        select(SpacePermission.space_id, SpacePermission.verb)
        .join(Group, Group.id == SpacePermission.group_id)
        .where(Group.name.in_(names))
    )
    verbs: dict[int, set[str]] = {}
    for space_id, verb in rows:
        verbs.setdefault(space_id, set()).update(IMPLIED.get(verb, {verb}))
    return {space_id: frozenset(v) for space_id, v in verbs.items()}


def can(user: Any, verb: str, obj: object = None) -> bool:
    """May ``user`` do ``verb`` on ``obj``? ``obj`` None asks about the forum as a whole.

    Private conversations answer to their participants, not to administrators.
    """
    if isinstance(obj, Space) and obj.kind == MESSAGES:
        return False
    if is_admin(user) and not _in_conversation(obj):
        return True
    if isinstance(obj, Space):
        return _can_in_space(user, verb, obj.id)
    if isinstance(obj, Topic):
        return _can_on_topic(user, verb, obj)
    if isinstance(obj, Post):
        return _can_on_post(user, verb, obj)
    return False


def may_see_notification(user: Any, notification: Notification) -> bool:
    """A notification is shown, and leads anywhere, only while its post or topic is readable:
    a former member must not follow an old one to what they can no longer read."""
    if notification.user_id != getattr(user, "id", None):
        return False
    if notification.post is not None:
        return can(user, READ, notification.post)
    if notification.topic is not None:
        return can(user, READ, notification.topic)
    return True


def may_see_tag(user: Any, tag: Tag) -> bool:
    """A tag exists for ``user`` only where they can read a topic that carries it: a tag used
    only in private spaces would otherwise tell outsiders what is discussed there."""
    query = (
        select(Topic.id)
        .join(topic_tags, topic_tags.c.topic_id == Topic.id)
        .where(topic_tags.c.tag_id == tag.id, Topic.deleted_at.is_(None))
    )
    messages = messages_space_id()
    if messages is not None:
        query = query.where(Topic.space_id != messages)
    if not is_admin(user):
        readable = [space_id for space_id, verbs in space_verbs(user).items() if READ in verbs]
        query = query.where(Topic.space_id.in_(readable))
    return db.session.scalar(query.limit(1)) is not None


def is_registered(user: Any) -> bool:
    """May ``user`` take part (write)? Registered, and not silenced."""
    names = group_names(user)
    return REGISTERED in names and SILENCED not in names


def known_space_verbs() -> tuple[str, ...]:
    """The core's space verbs and those plugins introduced (forum_load_permission_verbs)."""
    from forum.plugins_core.calls import permission_verbs

    return (*SPACE_VERBS, *permission_verbs())


def _can_in_space(user: Any, verb: str, space_id: int) -> bool:
    if verb not in SPACE_VERBS and verb not in known_space_verbs():
        raise ValueError(f"unknown space verb {verb!r}")
    if verb in WRITE_VERBS and SILENCED in group_names(user):
        return False
    return verb in space_verbs(user).get(space_id, frozenset())


def _is_author(user: Any, obj: Topic | Post) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and obj.user_id == user.id


def _holds(user: Any, verb: str, topic: Topic) -> bool:
    """A space verb on a topic: from its space, or for a conversation from its participants."""
    if is_conversation(topic):
        return _conversation_holds(user, verb, topic)
    return _can_in_space(user, verb, topic.space_id)


def _can_on_topic(user: Any, verb: str, topic: Topic) -> bool:
    moderator = _holds(user, MODERATE, topic)
    if verb == MODERATE:
        return moderator
    if topic.deleted_at is not None and not moderator:
        return False
    if verb in (SEE, READ):
        return _holds(user, verb, topic)
    if verb == REPLY:
        if not is_registered(user) or not _holds(user, REPLY, topic):
            return False
        return moderator or not (topic.closed or topic.archived)
    if verb == EDIT:
        return moderator or (_is_author(user, topic) and not topic.archived)
    raise ValueError(f"unknown topic verb {verb!r}")


@dataclass(frozen=True)
class PostStanding:
    """What decides ``user``'s verbs on the posts of one topic, worked out once: with it a
    topic page answers for each post without asking ``can()`` five times per post."""

    user_id: int | None
    admin: bool  # an administrator outside a conversation may do everything
    readable: bool
    moderator: bool
    registered: bool
    archived: bool
    in_it: bool  # a participant, where the topic is a conversation

    def may(self, verb: str, post: Post) -> bool:
        """The answer ``can(user, verb, post)`` gives, for a post of this topic."""
        if self.admin:
            return True
        if not self.readable:
            return False
        author = self.user_id is not None and post.user_id == self.user_id
        if verb == READ:
            return post.deleted_at is None or self.moderator or author
        if verb == RESTORE:
            return post.deleted_at is not None and (
                self.moderator or (author and post.deleted_by_id == post.user_id)
            )
        if post.deleted_at is not None:
            return False
        if verb == EDIT:
            return self.moderator or (
                author and self.registered and not self.archived and post.locked_at is None
            )
        if verb == DELETE:
            return self.moderator or (author and not self.archived)
        if verb == REACT:
            # In a conversation only its participants react (not a moderator reading a report).
            return self.registered and not author and not self.archived and self.in_it
        raise ValueError(f"unknown post verb {verb!r}")

    def verbs(self, post: Post) -> frozenset[str]:
        """Every post verb ``user`` holds on ``post``."""
        return frozenset(verb for verb in POST_VERBS if self.may(verb, post))


POST_VERBS = (READ, EDIT, DELETE, RESTORE, REACT)


def post_standing(user: Any, topic: Topic) -> PostStanding:
    """``user``'s standing on the posts of ``topic`` (see PostStanding)."""
    conversation = is_conversation(topic)
    signed_in = bool(getattr(user, "is_authenticated", False))
    return PostStanding(
        user_id=user.id if signed_in else None,
        admin=is_admin(user) and not conversation,
        readable=_can_on_topic(user, READ, topic),
        moderator=_holds(user, MODERATE, topic),
        registered=is_registered(user),
        archived=bool(topic.archived),
        in_it=not conversation or is_participant(user, topic.id),
    )


def _can_on_post(user: Any, verb: str, post: Post) -> bool:
    return post_standing(user, post.topic).may(verb, post)


def messages_space_id() -> int | None:
    """The id of the space that holds private conversations (reference data)."""
    return _by_version(
        ("messages_space",),
        lambda: db.session.scalar(select(Space.id).where(Space.kind == MESSAGES)),
    )


def is_conversation(topic: Topic) -> bool:
    return topic.space_id is not None and topic.space_id == messages_space_id()


def _in_conversation(obj: object) -> bool:
    if isinstance(obj, Post):
        obj = obj.topic
    return isinstance(obj, Topic) and is_conversation(obj)


def is_participant(user: Any, topic_id: int) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return _cached(
        ("participant", user.id, topic_id),
        lambda: (
            db.session.scalar(
                select(ConversationParticipant.user_id).where(
                    ConversationParticipant.topic_id == topic_id,
                    ConversationParticipant.user_id == user.id,
                    ConversationParticipant.left_at.is_(None),
                )
            )
            is not None
        ),
    )


def blocked_by_participant(user: Any, topic_id: int) -> bool:
    """Has someone still in the conversation blocked ``user``? Then they may not write there."""
    return _cached(
        ("blocked_in", user.id, topic_id),
        lambda: (
            db.session.scalar(
                select(Block.blocker_id)
                .join(ConversationParticipant, ConversationParticipant.user_id == Block.blocker_id)
                .where(
                    Block.blocked_id == user.id,
                    ConversationParticipant.topic_id == topic_id,
                    ConversationParticipant.left_at.is_(None),
                )
                .limit(1)
            )
            is not None
        ),
    )


def reported_to(user: Any, topic_id: int) -> bool:
    """A forum moderator may read a conversation once a post in it was reported to them."""
    if not getattr(user, "is_authenticated", False):
        return False
    names = group_names(user)
    if ADMINISTRATORS not in names and MODERATORS not in names:
        return False
    return _cached(
        ("reported", topic_id),
        lambda: (
            db.session.scalar(
                select(Flag.id).join(Post, Post.id == Flag.post_id).where(Post.topic_id == topic_id)
            )
            is not None
        ),
    )


def _conversation_holds(user: Any, verb: str, topic: Topic) -> bool:
    """Participants read and reply. Nobody moderates a conversation as a space (no moving,
    merging or pinning); a reported post is handled from the review queue."""
    if verb in (SEE, READ):
        return is_participant(user, topic.id) or reported_to(user, topic.id)
    if verb == REPLY:
        return (
            is_participant(user, topic.id)
            and SILENCED not in group_names(user)
            and not blocked_by_participant(user, topic.id)
        )
    return False


def forget() -> None:
    """Drop what this request cached, after an action changed groups or permissions."""
    if has_request_context():
        g.pop("permission_cache", None)
    if has_app_context():
        db.session().info.pop(_SESSION_CACHE, None)


def _cached(key: tuple, load):
    """Answers live for the request, or outside one (a worker, a script) for the current
    transaction: an action asks the same questions several times."""
    if has_request_context():
        cache = g.setdefault("permission_cache", {})
    elif has_app_context():
        cache = db.session().info.setdefault(_SESSION_CACHE, {})
    else:
        return load()
    if key not in cache:
        cache[key] = load()
    return cache[key]


def _by_version(key: tuple, load):
    """Answers that depend only on rows the page version covers (spaces, groups' grants), kept
    per worker process under the version this transaction read, and asked again when it
    changes; without such a version, as ``_cached``. An answer read after the version is at
    least as new as it, never older."""
    version = version_of_transaction() if has_app_context() else None
    if version is None:
        return _cached(key, load)
    kept = current_app.extensions.setdefault(_BY_VERSION, {})
    entry = kept.get(key)
    if entry is not None and entry[0] == version:
        return entry[1]
    value = _cached(key, load)
    if len(kept) >= _BY_VERSION_MAX:
        kept.clear()
    kept[key] = (version, value)
    return value


@event.listens_for(Session, "after_transaction_end")
def _forget_at_transaction_end(session: Session, _transaction: object) -> None:
    session.info.pop(_SESSION_CACHE, None)
