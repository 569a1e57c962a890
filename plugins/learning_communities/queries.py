"""Read-side helpers for the regional and community pages, filtered by ``can()``."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from forum.extensions import db
from forum.models import Profile, Region, RoleGrant, Space, Topic, User
from forum.models.role import WEAVER
from forum.models.space import READ
from forum.permissions import can, is_admin, space_verbs
from plugins.learning_communities.models import (
    JOINED,
    Community,
    CommunityMember,
    Gathering,
    RegionalCentre,
    RegionSpace,
)
from plugins.learning_communities.rules import visible_communities

LATEST = 10


def centres_by_region(today: date | None = None) -> dict[int, RegionalCentre]:
    """The regional centre in force today for each region id."""
    today = today or date.today()
    result: dict[int, RegionalCentre] = {}
    for centre in db.session.scalars(select(RegionalCentre).order_by(RegionalCentre.code)):
        if centre.valid_from <= today and (
            centre.valid_until is None or today <= centre.valid_until
        ):
            for region in centre.regions:
                result[region.id] = centre
    return result


def current_regions() -> list[Region]:
    return list(db.session.scalars(select(Region).where(Region.current).order_by(Region.code)))


def weavers(region: Region) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(RoleGrant, RoleGrant.user_id == User.id)
            .where(RoleGrant.role == WEAVER, RoleGrant.region_id == region.id)
            .order_by(User.display_name)
        )
    )


def region_spaces(user: Any, region: Region) -> list[Space]:
    spaces = db.session.scalars(
        select(Space)
        .join(RegionSpace, RegionSpace.space_id == Space.id)
        .where(RegionSpace.region_id == region.id)
        .order_by(Space.name)
    )
    return [s for s in spaces if can(user, READ, s)]


def latest_topics(user: Any, space_ids: list[int]) -> list[Topic]:
    """The latest discussion in the given spaces that ``user`` may read."""
    verbs = space_verbs(user)
    readable = [i for i in space_ids if is_admin(user) or READ in verbs.get(i, frozenset())]
    if not readable:
        return []
    query = select(Topic).where(
        Topic.deleted_at.is_(None), Topic.listed, Topic.space_id.in_(readable)
    )
    return list(db.session.scalars(query.order_by(Topic.bumped_at.desc()).limit(LATEST)))


def actors(region: Region) -> list[tuple[User, Profile]]:
    """Registered people whose profile lists the region."""
    rows = db.session.execute(
        select(User, Profile)
        .join(Profile, Profile.user_id == User.id)
        .where(Profile.regions.any(Region.id == region.id), Profile.registered_at.is_not(None))
        .order_by(User.display_name)
    )
    return [(u, p) for u, p in rows]


def gatherings(communities: list[Community]) -> list[Gathering]:
    ids = [c.id for c in communities]
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Gathering)
            .join(Topic, Topic.id == Gathering.topic_id)
            .where(Gathering.community_id.in_(ids), Topic.deleted_at.is_(None))
            .order_by(Topic.created_at.desc())
            .limit(LATEST)
        )
    )


def region_page(user: Any, region: Region) -> dict[str, Any]:
    communities = visible_communities(user, region)
    spaces = region_spaces(user, region)
    space_ids = [s.id for s in spaces] + [c.space_id for c in communities]
    return {
        "region": region,
        "centre": centres_by_region().get(region.id),
        "weavers": weavers(region),
        "communities": communities,
        "spaces": spaces,
        "topics": latest_topics(user, space_ids),
        "actors": actors(region),
        "gatherings": gatherings(communities),
    }


def joined_members(community: Community) -> list[CommunityMember]:
    return sorted(
        (m for m in community.members if m.state == JOINED),
        key=lambda m: (m.role != "facilitator", m.user.display_name.lower()),
    )


def pending(community: Community, state: str) -> list[CommunityMember]:
    return [m for m in community.members if m.state == state]
