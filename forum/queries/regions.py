"""The regions people choose from, named in the reader's language."""

from __future__ import annotations

from sqlalchemy import select

from forum.extensions import db
from forum.models import Region


def current_regions(language: str) -> list[tuple[str, str]]:
    """(code, name) of every current region, in code order."""
    regions = db.session.scalars(select(Region).where(Region.current).order_by(Region.code))
    return [(region.code, region.name(language)) for region in regions]


def region_by_code(code: str) -> Region | None:
    return db.session.scalar(select(Region).where(Region.code == code)) if code else None


def regions_by_id() -> list[Region]:
    return list(db.session.scalars(select(Region).where(Region.current).order_by(Region.code)))
