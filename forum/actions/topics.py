"""Topics: starting one, editing its title and tags, and the moderators' switches."""

from __future__ import annotations

import re
from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import select

from forum import event_payloads as payloads
from forum.actions.base import action, on_commit
from forum.actions.errors import PermissionDenied, ValidationError
from forum.actions.events import EventFields, add_event
from forum.actions.moderation_audit import audit_topic_status, moderation_act
from forum.actions.news import NewsFields, add_news
from forum.actions.posts import add_post
from forum.actions.request_keys import claim_request_key, settle
from forum.events import publish_on_commit, revalidate_connections, space_room, topic_room
from forum.extensions import db
from forum.models import Space, Tag, Topic, User
from forum.models.base import utcnow
from forum.models.space import CREATE_TOPIC, MODERATE
from forum.models.topic import (
    DISCUSSION,
    EVENT,
    NEWS,
    TAG_MAX,
    TAGS_PER_TOPIC,
    TITLE_MAX,
    TITLE_MIN,
    TOPIC_KINDS,
)
from forum.permissions import EDIT, can, is_conversation, is_registered
from forum.search import index_on_commit
from forum.text import clean_line, slugify, visible_line

TAG_RE = re.compile(r"^[a-z0-9äöå]+(?:-[a-z0-9äöå]+)*$")
PIN_NONE, PIN_SPACE, PIN_GLOBAL = "none", "space", "global"


def require_registered(actor: User) -> None:
    if not is_registered(actor):
        raise PermissionDenied(_("Sign in and complete your registration to take part."))


def clean_title(title: str) -> str:
    """The one check on a title, for new topics, edits, splits and conversations."""
    title = visible_line(title, field="title")
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        raise ValidationError(
            _("A title has %(min)d to %(max)d characters.", min=TITLE_MIN, max=TITLE_MAX),
            field="title",
        )
    return title


def resolve_tags(names: Iterable[str]) -> list[Tag]:
    """Tags by name, created when new; names are lower-case words joined by dashes."""
    cleaned: list[str] = []
    for name in names:
        tag = clean_line(name, field="tags").lower().lstrip("#")
        if not tag:
            continue
        if len(tag) > TAG_MAX or not TAG_RE.match(tag):
            raise ValidationError(
                _("A tag is a lower-case word or words joined by dashes: %(tag)s", tag=tag),
                field="tags",
            )
        if tag not in cleaned:
            cleaned.append(tag)
    if len(cleaned) > TAGS_PER_TOPIC:
        raise ValidationError(
            _("A topic has at most %(max)d tags.", max=TAGS_PER_TOPIC), field="tags"
        )
    existing = {t.name: t for t in db.session.scalars(select(Tag).where(Tag.name.in_(cleaned)))}
    tags = []
    for name in cleaned:
        tag = existing.get(name) or Tag(name=name)
        db.session.add(tag)
        tags.append(tag)
    return tags


def check_kind(space: Space, kind: str, news: NewsFields | None, event: EventFields | None) -> None:
    if kind not in TOPIC_KINDS:
        raise ValidationError(_("Unknown kind of topic."), field="kind")
    if not space.allows(kind):
        names = {DISCUSSION: _("discussions"), NEWS: _("news"), EVENT: _("events")}
        raise ValidationError(
            _("This space does not take %(kind)s.", kind=names[kind]), field="kind"
        )
    if (kind == NEWS) != (news is not None) or (kind == EVENT) != (event is not None):
        raise ValidationError(_("The details do not match the kind of topic."), field="kind")


@action
def create_topic(
    actor: User,
    space: Space,
    *,
    title: str,
    raw: str,
    tags: Iterable[str] = (),
    kind: str = DISCUSSION,
    news: NewsFields | None = None,
    event: EventFields | None = None,
    request_key: str | None = None,
) -> Topic:
    """Start a topic in ``space`` with ``raw`` as its first post; a news item or an event
    carries its details in ``news`` or ``event``. A topic asked for again under the same
    ``request_key`` is the one the first request started."""
    tags = list(tags)
    asked = ("topic", space.id, title, raw, tags, kind, news, event)
    claim, earlier = claim_request_key(actor, request_key, *asked)
    if earlier is not None:
        return earlier.topic
    require_registered(actor)
    if not can(actor, CREATE_TOPIC, space):
        raise PermissionDenied(_("You may not start topics in this space."))
    check_kind(space, kind, news, event)
    title = clean_title(title)
    now = utcnow()
    topic = Topic(
        space=space,
        user_id=actor.id,
        title=title,
        slug=slugify(title),
        kind=kind,
        bumped_at=now,
        tags=resolve_tags(tags),
    )
    db.session.add(topic)
    db.session.flush()
    if event is not None:
        add_event(actor, topic, event)
    if news is not None:
        add_news(topic, news)
    settle(claim, add_post(actor, topic, raw))
    if topic.deleted_at is None:  # not held for a moderator's approval
        publish_on_commit("topic.created", space_room(space.id), payloads.topic_created(topic))
    index_on_commit(f"topic:{topic.id}")
    return topic


@action
def edit_topic(
    actor: User, topic: Topic, *, title: str | None = None, tags: Iterable[str] | None = None
) -> None:
    """Change a topic's title or tags: its author while it is open, or a moderator."""
    if not can(actor, EDIT, topic):
        raise PermissionDenied(_("You may not edit this topic."))
    if title is not None:
        topic.title = clean_title(title)
        topic.slug = slugify(topic.title)
    if tags is not None:
        topic.tags = resolve_tags(tags)
    _updated(topic)
    index_on_commit(f"topic:{topic.id}")


@action
def set_topic_status(
    actor: User,
    topic: Topic,
    *,
    pin: str | None = None,
    closed: bool | None = None,
    archived: bool | None = None,
    listed: bool | None = None,
) -> None:
    """The moderators' switches; arguments left as None keep their value."""
    if not can(actor, MODERATE, topic):
        raise PermissionDenied(_("Only moderators of this space can do that."))
    if pin is not None:
        if pin not in (PIN_NONE, PIN_SPACE, PIN_GLOBAL):
            raise ValidationError(_("Unknown way of pinning."), field="pin")
        topic.pinned_at = None if pin == PIN_NONE else (topic.pinned_at or utcnow())
        topic.pinned_globally = pin == PIN_GLOBAL
    if closed is not None:
        topic.closed = closed
    if archived is not None:
        topic.archived = archived
    if listed is not None:
        topic.listed = listed
    _updated(topic)
    index_on_commit(f"topic:{topic.id}")
    audit_topic_status(actor, topic, pin=pin, closed=closed, archived=archived, listed=listed)


@action
def move_topic(actor: User, topic: Topic, space: Space) -> None:
    """Move a topic to another space; the mover must moderate both."""
    if is_conversation(topic) or not (can(actor, MODERATE, topic) and can(actor, MODERATE, space)):
        raise PermissionDenied(_("Moving a topic needs moderator rights in both spaces."))
    moderation_act(actor, topic.user, "topic.moved", topic_id=topic.id, space_id=space.id)
    old_space_id = topic.space_id
    topic.space = space
    db.session.flush()
    _updated(topic, extra_room=space_room(old_space_id))
    # Who may read the topic has changed: connections in its room are checked again.
    on_commit(revalidate_connections)
    index_on_commit(f"topic:{topic.id}")


def _updated(topic: Topic, extra_room: str | None = None) -> None:
    payload = payloads.topic_updated(topic)
    for room in (topic_room(topic.id), space_room(topic.space_id), extra_room):
        if room:
            publish_on_commit("topic.updated", room, payload)
