"""Who may do what in the plugin, answered from the core's groups and ``can()``.

Weavers are the members of the core group ``weavers-<code>`` (forum/actions/roles.py), so a
revoked weaver role ends every right here at once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from forum.actions.roles import WEAVERS_GROUP_PREFIX, weavers_group_name
from forum.extensions import db
from forum.models import Region
from forum.models.space import SEE
from forum.permissions import can, group_names, is_admin, is_registered
from plugins.learning_communities.maps.models import EcoMap
from plugins.learning_communities.models import (
    FACILITATOR,
    INVITED,
    JOINED,
    PUBLIC,
    Community,
    CommunityMember,
)


def weaver_region_codes(user: Any) -> set[str]:
    """Codes (upper case) of the regions ``user`` is a weaver for."""
    return {
        name.removeprefix(WEAVERS_GROUP_PREFIX).upper()
        for name in group_names(user)
        if name.startswith(WEAVERS_GROUP_PREFIX)
    }


def is_weaver_of(user: Any, region: Region) -> bool:
    return weavers_group_name(region) in group_names(user)


def weaves_any(user: Any, regions: list[Region]) -> bool:
    return any(is_weaver_of(user, region) for region in regions)


def can_create_community(user: Any, regions: list[Region]) -> bool:
    """Administrators; weavers for communities in (one of) their regions."""
    return is_admin(user) or (is_registered(user) and weaves_any(user, regions))


def membership(community: Community, user: Any) -> CommunityMember | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.get(CommunityMember, (community.id, user.id))


def is_member(community: Community, user: Any) -> bool:
    place = membership(community, user)
    return place is not None and place.state == JOINED


def can_manage(user: Any, community: Community) -> bool:
    """Administrators, weavers of the community's regions, and its facilitators."""
    if is_admin(user) or weaves_any(user, community.regions):
        return True
    place = membership(community, user)
    return place is not None and place.state == JOINED and place.role == FACILITATOR


def can_see(user: Any, community: Community) -> bool:
    """Public communities are seen by all; members-only ones by whom their space lets in
    (members, the region's weavers, administrators) and by whom they invited."""
    if community.visibility == PUBLIC or can(user, SEE, community.space):
        return True
    place = membership(community, user)
    return place is not None and place.state == INVITED


def visible_communities(user: Any, region: Region | None = None) -> list[Community]:
    query = select(Community).order_by(Community.name)
    if region is not None:
        query = query.where(Community.regions.any(Region.id == region.id))
    return [c for c in db.session.scalars(query) if can_see(user, c)]


def map_owner_regions(eco_map: EcoMap) -> list[Region]:
    if eco_map.region_id is not None:
        return [db.session.get(Region, eco_map.region_id)]
    return list(db.session.get(Community, eco_map.community_id).regions)


def can_edit_map(user: Any, eco_map: EcoMap) -> bool:
    """A region's map: its weavers; a community's map: whom may manage the community."""
    if is_admin(user):
        return True
    if eco_map.region_id is not None:
        return is_weaver_of(user, db.session.get(Region, eco_map.region_id))
    return can_manage(user, db.session.get(Community, eco_map.community_id))


def can_view_map(user: Any, eco_map: EcoMap) -> bool:
    if eco_map.community_id is None:
        return True
    return can_see(user, db.session.get(Community, eco_map.community_id))
