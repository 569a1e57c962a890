"""Regional centres from the data file, and regional spaces moderated by the region's weavers."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources

from flask_babel import gettext as _
from sqlalchemy import select

from forum.actions.base import action
from forum.actions.errors import Conflict, PermissionDenied
from forum.actions.groups import create_group
from forum.actions.roles import weavers_group_name
from forum.actions.spaces import set_grants
from forum.extensions import db
from forum.models import Group, Region, Space, User
from forum.models.space import MODERATE
from forum.permissions import is_admin
from plugins.learning_communities.models import RegionalCentre, RegionSpace


def centre_data() -> list[dict]:
    raw = (
        resources.files("plugins.learning_communities.data")
        .joinpath("regional_centres.json")
        .read_text(encoding="utf-8")
    )
    return json.loads(raw)["centres"]


@action
def load_centres() -> int:
    """Upsert the regional centres and the regions each covers; returns how many are listed."""
    regions = {r.code: r for r in db.session.scalars(select(Region))}
    existing = {c.code: c for c in db.session.scalars(select(RegionalCentre))}
    rows = centre_data()
    for row in rows:
        centre = existing.get(row["code"]) or RegionalCentre(code=row["code"])
        centre.name_fi, centre.name_sv, centre.name_en = (
            row["name_fi"],
            row["name_sv"],
            row["name_en"],
        )
        centre.valid_from = date.fromisoformat(row["valid_from"])
        until = row.get("valid_until")
        centre.valid_until = date.fromisoformat(until) if until else None
        centre.regions = [regions[code] for code in row["regions"] if code in regions]
        db.session.add(centre)
    return len(rows)


@action
def ensure_weavers_group(actor: User, region: Region) -> Group:
    """The core group of the region's weavers, made if no weaver has been appointed yet."""
    name = weavers_group_name(region)
    group = db.session.scalar(select(Group).where(Group.name == name))
    if group is None:
        group = create_group(actor, name=name, title=f"Weavers: {region.name_en}", authorised=True)
    return group


@action
def link_space(actor: User, space: Space, region: Region) -> RegionSpace:
    """Make ``space`` one of the region's spaces: its weavers' group moderates it."""
    if not is_admin(actor):
        raise PermissionDenied(_("Only administrators can link spaces to regions."))
    if db.session.get(RegionSpace, (space.id, region.id)) is not None:
        raise Conflict(_("This space belongs to that region already."))
    group = ensure_weavers_group(actor, region)
    link = RegionSpace(space_id=space.id, region_id=region.id)
    db.session.add(link)
    set_grants(actor, space, {group.name: [MODERATE]})
    return link


@action
def unlink_space(actor: User, space: Space, region: Region) -> None:
    if not is_admin(actor):
        raise PermissionDenied(_("Only administrators can link spaces to regions."))
    link = db.session.get(RegionSpace, (space.id, region.id))
    if link is None:
        return
    db.session.delete(link)
    set_grants(actor, space, {weavers_group_name(region): []})
