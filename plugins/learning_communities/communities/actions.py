"""Learning communities: creating them (with their own space) and their membership."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from flask_babel import gettext as _
from sqlalchemy import select

from forum.actions.base import action
from forum.actions.errors import Conflict, NotFound, PermissionDenied, ValidationError
from forum.actions.groups import add_member, create_group, remove_member
from forum.actions.roles import weavers_group_name
from forum.actions.spaces import create_space
from forum.extensions import db
from forum.models import Group, Region, User
from forum.models.group import EVERYONE, GROUP_NAME_MAX
from forum.models.space import CREATE_TOPIC, MODERATE, READ, REPLY, SEE
from forum.permissions import is_registered
from forum.search import index_on_commit
from forum.text import clean_line, clean_text, slugify
from plugins.learning_communities.models import (
    BY_INVITATION,
    CLOSED,
    FACILITATOR,
    INVITED,
    JOINED,
    MEMBER,
    NAME_MAX,
    OPEN,
    POLICIES,
    PUBLIC,
    REASON_MAX,
    REQUESTED,
    STATUSES,
    VISIBILITIES,
    Community,
    CommunityMember,
)
from plugins.learning_communities.regions.actions import ensure_weavers_group
from plugins.learning_communities.rules import can_create_community, can_manage, membership
from plugins.learning_communities.search import community_key

THEME_MAX = 60
THEMES_MAX = 10
DESCRIPTION_MAX = 4000


def clean_themes(themes: Sequence[str]) -> list[str]:
    cleaned: list[str] = []
    for theme in themes:
        theme = clean_line(theme, field="themes")
        if theme and theme.lower() not in (t.lower() for t in cleaned):
            cleaned.append(theme[:THEME_MAX])
    if len(cleaned) > THEMES_MAX:
        raise ValidationError(_("At most %(max)d themes.", max=THEMES_MAX), field="themes")
    return cleaned


def _choice(value: str, allowed: Sequence[str], field: str) -> str:
    if value not in allowed:
        raise ValidationError(_("Choose one of the options."), field=field)
    return value


SLUG_BASE_MAX = 50


def _free_slug(base: str) -> str:
    """``base``, or ``base-2``, ``base-3``... when a community has it already."""
    taken = set(
        db.session.scalars(select(Community.slug).where(Community.slug.startswith(base[:40])))
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base[: SLUG_BASE_MAX - len(str(n)) - 1].rstrip('-')}-{n}"
    return slug


def members_group_name(slug: str) -> str:
    """``lc-<slug>``, shortened with a digest of the slug to fit a group name."""
    name = f"lc-{slug}"
    if len(name) <= GROUP_NAME_MAX:
        return name
    digest = hashlib.sha256(slug.encode()).hexdigest()[:8]
    return f"lc-{slug[: GROUP_NAME_MAX - 12].rstrip('-')}-{digest}"


def _grants(community: Community, group: Group, regions: Sequence[Region]) -> dict:
    member_verbs = [SEE, READ, CREATE_TOPIC, REPLY]
    grants: dict[str, list[str]] = {group.name: member_verbs}
    grants[EVERYONE] = [SEE, READ] if community.visibility == PUBLIC else []
    for region in regions:
        grants[weavers_group_name(region)] = [MODERATE]
    return grants


@action
def create_community(
    actor: User,
    *,
    name: str,
    description: str = "",
    themes: Sequence[str] = (),
    regions: Sequence[Region] = (),
    policy: str = OPEN,
    visibility: str = PUBLIC,
) -> Community:
    """A weaver (of one of its regions) or an administrator founds a community; its founder is
    its first facilitator. It gets a space of its own, open to read or members only."""
    regions = list(regions)
    if not can_create_community(actor, regions):
        raise PermissionDenied(
            _("Only a weaver of the community's region or an administrator can create it.")
        )
    name = clean_line(name, field="name")
    if not name or len(name) > NAME_MAX:
        raise ValidationError(_("A name has 1 to %(max)d characters.", max=NAME_MAX), field="name")
    description = clean_text(description, field="description")
    if len(description) > DESCRIPTION_MAX:
        raise ValidationError(
            _("A description has at most %(max)d characters.", max=DESCRIPTION_MAX),
            field="description",
        )
    if db.session.scalar(select(Community.id).where(Community.name == name)):
        raise Conflict(_("A community with this name exists already."), field="name")
    slug = _free_slug(slugify(name, max_length=SLUG_BASE_MAX))
    community = Community(
        slug=slug,
        name=name,
        description=description,
        themes=clean_themes(themes),
        policy=_choice(policy, POLICIES, "policy"),
        visibility=_choice(visibility, VISIBILITIES, "visibility"),
        regions=regions,
        created_by_id=actor.id,
    )
    group = create_group(
        actor, name=members_group_name(slug), title=f"Community: {name}"[:80], authorised=True
    )
    for region in regions:
        ensure_weavers_group(actor, region)
    space = create_space(
        actor,
        name=name[:80],
        slug=f"lc-{slug}",
        description=description[:2000],
        grants=_grants(community, group, regions),
        allows_events=True,
        authorised=True,
    )
    community.space, community.members_group_id = space, group.id
    db.session.add(community)
    db.session.add(CommunityMember(community=community, user_id=actor.id, role=FACILITATOR))
    add_member(actor, group, actor, authorised=True)
    db.session.flush()
    index_on_commit(community_key(community.id))
    return community


@action
def set_status(actor: User, community: Community, status: str, reason: str = "") -> None:
    """Forming, active, dormant, or closed (with a reason)."""
    _require_manager(actor, community)
    status = _choice(status, STATUSES, "status")
    reason = clean_line(reason, field="reason")
    if status == CLOSED and not reason:
        raise ValidationError(_("Say why the community closes."), field="reason")
    if len(reason) > REASON_MAX:
        raise ValidationError(_("At most %(max)d characters.", max=REASON_MAX), field="reason")
    community.status, community.closed_reason = status, reason if status == CLOSED else ""
    index_on_commit(community_key(community.id))


def _require_manager(actor: User, community: Community) -> None:
    if not can_manage(actor, community):
        raise PermissionDenied(_("Only the community's weavers and facilitators can do this."))


def _require_open(community: Community) -> None:
    if community.status == CLOSED:
        raise Conflict(_("This community has closed."))


def _members_group(community: Community) -> Group:
    return db.session.get(Group, community.members_group_id)


def _admit(actor: User, community: Community, place: CommunityMember) -> None:
    place.state = JOINED
    add_member(actor, _members_group(community), place.user, authorised=True)


@action
def join(actor: User, community: Community) -> CommunityMember:
    """Join an open community, or ask to join one that admits by request."""
    if not is_registered(actor):
        raise PermissionDenied(_("Sign in and complete your registration to join."))
    _require_open(community)
    place = membership(community, actor)
    if place is not None and place.state == INVITED:
        _admit(actor, community, place)
        return place
    if place is not None:
        raise Conflict(_("You are in this community already, or your request is waiting."))
    if community.policy == BY_INVITATION:
        raise PermissionDenied(_("This community admits members by invitation."))
    place = CommunityMember(community=community, user=actor, role=MEMBER, state=REQUESTED)
    db.session.add(place)
    if community.policy == OPEN:
        _admit(actor, community, place)
    return place


@action
def invite(actor: User, community: Community, user: User) -> CommunityMember:
    _require_manager(actor, community)
    _require_open(community)
    if membership(community, user) is not None:
        raise Conflict(_("%(name)s is in this community already.", name=user.display_name))
    place = CommunityMember(community=community, user=user, role=MEMBER, state=INVITED)
    db.session.add(place)
    return place


def _pending(community: Community, user: User, state: str) -> CommunityMember:
    place = membership(community, user)
    if place is None or place.state != state:
        raise NotFound(_("There is no such request or invitation."))
    return place


@action
def accept_invitation(actor: User, community: Community) -> None:
    _admit(actor, community, _pending(community, actor, INVITED))


@action
def decide_request(actor: User, community: Community, user: User, *, approve: bool) -> None:
    """Approve or decline a request to join (a declined or withdrawn invitation likewise)."""
    _require_manager(actor, community)
    place = _pending(community, user, REQUESTED)
    if approve:
        _admit(actor, community, place)
    else:
        db.session.delete(place)


@action
def leave(actor: User, community: Community, user: User | None = None) -> None:
    """Leave (``user`` None) or remove ``user``; also declines an invitation or withdraws a
    request."""
    user = user or actor
    if user.id != actor.id:
        _require_manager(actor, community)
    place = membership(community, user)
    if place is None:
        raise NotFound(_("%(name)s is not in this community.", name=user.display_name))
    if place.state == JOINED:
        remove_member(actor, _members_group(community), user, authorised=True)
    db.session.delete(place)


@action
def set_role(actor: User, community: Community, user: User, role: str) -> None:
    """Make a member a facilitator, or a facilitator a member again."""
    _require_manager(actor, community)
    place = _pending(community, user, JOINED)
    place.role = _choice(role, (MEMBER, FACILITATOR), "role")


@action
def erase_person(user: User) -> None:
    """A person's places in communities go with their account; their claims on maps end."""
    from plugins.learning_communities.maps.models import Node

    for place in db.session.scalars(
        select(CommunityMember).where(CommunityMember.user_id == user.id)
    ):
        db.session.delete(place)
    for node in db.session.scalars(select(Node).where(Node.user_id == user.id)):
        node.user_id = None
