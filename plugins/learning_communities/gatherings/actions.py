"""Gatherings: topics in a community's space tagged with a kind, and the summary afterwards."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _
from sqlalchemy import select

from forum.actions.base import action
from forum.actions.errors import NotFound, PermissionDenied, ValidationError
from forum.extensions import db
from forum.markup import cook
from forum.models import Topic, User
from forum.models.space import READ
from forum.permissions import can
from forum.text import clean_line, clean_text
from plugins.learning_communities.models import GATHERING_KINDS, Community, Gathering
from plugins.learning_communities.rules import can_manage

MINUTES_MAX = 20_000
ORGANISATIONS_MAX = 50
PARTICIPANTS_MAX = 100_000


def community_of_topic(topic: Topic) -> Community | None:
    return db.session.scalar(select(Community).where(Community.space_id == topic.space_id))


def _managed_community(actor: User, topic: Topic) -> Community:
    community = community_of_topic(topic)
    if community is None:
        raise ValidationError(_("Only topics in a learning community's space can be gatherings."))
    if not can_manage(actor, community):
        raise PermissionDenied(_("Only the community's weavers and facilitators can do this."))
    return community


@action
def tag_gathering(actor: User, topic: Topic, kind: str) -> Gathering:
    """Mark a topic of the community's space as a gathering of ``kind`` (or change the kind)."""
    community = _managed_community(actor, topic)
    if kind not in GATHERING_KINDS:
        raise ValidationError(_("Choose the kind of gathering."), field="kind")
    gathering = db.session.get(Gathering, topic.id)
    if gathering is None:
        gathering = Gathering(topic_id=topic.id, community_id=community.id)
        db.session.add(gathering)
    gathering.kind = kind
    return gathering


@action
def record_summary(
    actor: User,
    topic: Topic,
    *,
    minutes: str,
    participants: int | None,
    organisations: Sequence[str] = (),
    produced_topic_ids: Sequence[int] = (),
) -> Gathering:
    """After the gathering: minutes (Markdown), head count, organisations, topics it produced.

    Only topics the writer may read can be linked, so a summary never reveals a hidden one.
    """
    _managed_community(actor, topic)
    gathering = db.session.get(Gathering, topic.id)
    if gathering is None:
        raise NotFound(_("Tag the topic as a gathering first."))
    minutes = clean_text(minutes, field="minutes")
    if len(minutes) > MINUTES_MAX:
        raise ValidationError(
            _("Minutes have at most %(max)d characters.", max=MINUTES_MAX), field="minutes"
        )
    if participants is not None and not 0 <= participants <= PARTICIPANTS_MAX:
        raise ValidationError(_("Give the number of participants."), field="participants")
    names = [n for n in (clean_line(o, field="organisations") for o in organisations) if n]
    if len(names) > ORGANISATIONS_MAX:
        raise ValidationError(
            _("At most %(max)d organisations.", max=ORGANISATIONS_MAX), field="organisations"
        )
    linked: list[int] = []
    for topic_id in dict.fromkeys(produced_topic_ids):
        produced = db.session.get(Topic, topic_id)
        if produced is None or not can(actor, READ, produced):
            raise ValidationError(
                _("There is no topic %(id)s.", id=topic_id), field="produced_topic_ids"
            )
        linked.append(produced.id)
    gathering.minutes_raw, gathering.minutes_cooked = minutes, cook(minutes).html
    gathering.participants, gathering.organisations = participants, names
    gathering.produced_topic_ids, gathering.summary_by_id = linked, actor.id
    return gathering
