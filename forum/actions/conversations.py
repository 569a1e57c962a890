"""Private conversations: starting one, adding people to it, leaving it.

A conversation is a topic in the messages space (reference data, forum/actions/bootstrap.py) with
a list of participants, so it has everything a topic has: the editor, numbering, revisions,
reactions, read tracking, live posts. Who may read or reply is answered in forum/permissions.py.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import func, select

from forum.actions.base import action, on_commit
from forum.actions.errors import PermissionDenied, ValidationError
from forum.actions.notifications import announce, blockers_of
from forum.actions.posts import add_post
from forum.actions.topics import clean_title, require_registered
from forum.events import revalidate_connections
from forum.extensions import db
from forum.models import ConversationParticipant, Notification, Topic, User
from forum.models.base import utcnow
from forum.models.conversation import PARTICIPANTS_MAX
from forum.models.notification import MESSAGE
from forum.models.space import READ, REPLY
from forum.permissions import can, forget, is_conversation, messages_space_id
from forum.text import clean_line, slugify


def _people(actor: User, usernames: Iterable[str]) -> list[User]:
    """The named active accounts, each once, the actor left out; unknown names are an error."""
    names: list[str] = []
    for name in usernames:
        name = clean_line(name, field="recipients").lstrip("@").lower()
        if name and name not in names and name != actor.username:
            names.append(name)
    found = {
        u.username: u
        for u in db.session.scalars(select(User).where(User.username.in_(names), User.active))
    }
    missing = [name for name in names if name not in found]
    if missing:
        raise ValidationError(
            _("No one is called %(names)s.", names=", ".join(missing)), field="recipients"
        )
    people = [found[name] for name in names]
    refusing = blockers_of(actor.id, [p.id for p in people])
    if refusing:
        who = ", ".join(p.display_name for p in people if p.id in refusing)
        raise PermissionDenied(
            _("%(names)s does not accept messages from you.", names=who), field="recipients"
        )
    return people


def _check_size(count: int) -> None:
    if count > PARTICIPANTS_MAX:
        raise ValidationError(
            _("A conversation has at most %(max)d participants.", max=PARTICIPANTS_MAX),
            field="recipients",
        )


def _join(topic: Topic, people: Iterable[User], added_by: User) -> list[User]:
    """Make ``people`` participants (again); returns those who were not in it."""
    rows = {
        row.user_id: row
        for row in db.session.scalars(
            select(ConversationParticipant).where(ConversationParticipant.topic_id == topic.id)
        )
    }
    joined = []
    for person in people:
        row = rows.get(person.id)
        if row is not None and row.left_at is None:
            continue
        if row is None:
            row = ConversationParticipant(topic_id=topic.id, user_id=person.id)
            db.session.add(row)
        row.left_at, row.added_by_id = None, added_by.id
        joined.append(person)
    db.session.flush()
    forget()
    return joined


@action
def start_conversation(actor: User, *, recipients: Iterable[str], title: str, raw: str) -> Topic:
    """Start a private conversation with the people named in ``recipients`` (usernames)."""
    require_registered(actor)
    people = _people(actor, recipients)
    if not people:
        raise ValidationError(_("Name at least one recipient."), field="recipients")
    _check_size(len(people) + 1)
    title = clean_title(title)
    space_id = messages_space_id()
    if space_id is None:
        raise PermissionDenied(_("Private messages are not available."))
    topic = Topic(
        space_id=space_id, user_id=actor.id, title=title, slug=slugify(title), bumped_at=utcnow()
    )
    db.session.add(topic)
    db.session.flush()
    _join(topic, [actor, *people], actor)
    add_post(actor, topic, raw)
    return topic


def _require_conversation(actor: User, topic: Topic, verb: str) -> None:
    if not is_conversation(topic) or not can(actor, verb, topic):
        raise PermissionDenied(_("You are not in this conversation."))


def active_count(topic: Topic) -> int:
    return db.session.scalar(
        select(func.count()).where(
            ConversationParticipant.topic_id == topic.id,
            ConversationParticipant.left_at.is_(None),
        )
    )


@action
def add_participants(actor: User, topic: Topic, usernames: Iterable[str]) -> list[User]:
    """Bring more people into a conversation; each of them is notified."""
    _require_conversation(actor, topic, REPLY)
    people = _people(actor, usernames)
    if not people:
        raise ValidationError(_("Name at least one person to add."), field="recipients")
    joined = _join(topic, people, actor)
    _check_size(active_count(topic))
    created = []
    for person in joined:
        notification = Notification(
            user_id=person.id,
            kind=MESSAGE,
            actor_id=actor.id,
            topic_id=topic.id,
            post_number=topic.highest_visible_number,
            data={"title": topic.title},
        )
        db.session.add(notification)
        created.append(notification)
    announce(created)
    return joined


@action
def leave_conversation(actor: User, topic: Topic) -> None:
    """Leave a conversation: it disappears from the person's inbox and they can no longer
    read it. The others keep it, with what the person wrote."""
    _require_conversation(actor, topic, READ)
    row = db.session.get(ConversationParticipant, (topic.id, actor.id))
    if row is None or row.left_at is not None:
        raise PermissionDenied(_("You are not in this conversation."))
    row.left_at = utcnow()
    db.session.flush()
    forget()
    on_commit(revalidate_connections)  # their open page stops receiving its posts
