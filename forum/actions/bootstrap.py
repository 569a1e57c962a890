"""Reference data every installation needs: the built-in groups, Finland's regions, and the
hidden space that holds private conversations.

Idempotent: run by ``flask forum init`` after each upgrade (and by ``seed-demo``). Regions are
upserted from forum/data/regions.json, so a reorganisation of the regions is a data change.
"""

from __future__ import annotations

import json
import secrets
from importlib import resources

from sqlalchemy import select

from forum.actions.base import action
from forum.extensions import db
from forum.models import Group, PageVersion, Region, Space
from forum.models.group import ADMINISTRATORS, EVERYONE, MODERATORS, REGISTERED
from forum.models.page_version import PAGE_VERSION_ID
from forum.models.space import MESSAGES

MESSAGES_SLUG = "private-messages"

BUILTIN_GROUP_TITLES = {
    EVERYONE: "Everyone",
    REGISTERED: "Registered actors",
    MODERATORS: "Moderators",
    ADMINISTRATORS: "Administrators",
}


def region_data() -> list[dict[str, str]]:
    raw = resources.files("forum.data").joinpath("regions.json").read_text(encoding="utf-8")
    return json.loads(raw)["regions"]


@action
def ensure_reference_data() -> None:
    existing = {g.name: g for g in db.session.scalars(select(Group))}
    for name, title in BUILTIN_GROUP_TITLES.items():
        if name not in existing:
            db.session.add(Group(name=name, title=title, builtin=True))
    regions = {r.code: r for r in db.session.scalars(select(Region))}
    listed = set()
    for row in region_data():
        listed.add(row["code"])
        region = regions.get(row["code"]) or Region(code=row["code"])
        region.name_fi, region.name_sv, region.name_en = (
            row["name_fi"],
            row["name_sv"],
            row["name_en"],
        )
        region.current = True
        db.session.add(region)
    for code, region in regions.items():
        if code not in listed:
            region.current = False
    if db.session.scalar(select(Space.id).where(Space.kind == MESSAGES)) is None:
        # No group holds a verb on it: its topics answer to their participants.
        db.session.add(Space(slug=MESSAGES_SLUG, name="Private messages", kind=MESSAGES))
    if db.session.get(PageVersion, PAGE_VERSION_ID) is None:
        db.session.add(PageVersion(id=PAGE_VERSION_ID, version=secrets.randbits(48)))
