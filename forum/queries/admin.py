"""What the administration pages show."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from forum.extensions import db
from forum.models import Group, GroupMembership, Space, SpacePermission


def all_spaces() -> list[Space]:
    return list(db.session.scalars(select(Space).order_by(Space.position, Space.name)))


def space_by_id(space_id: int) -> Space | None:
    return db.session.get(Space, space_id)


def all_groups() -> list[Group]:
    return list(
        db.session.scalars(
            select(Group)
            .options(selectinload(Group.memberships))
            .order_by(Group.builtin.desc(), Group.name)
        )
    )


def group_by_name(name: str) -> Group | None:
    return db.session.scalar(
        select(Group)
        .options(selectinload(Group.memberships).joinedload(GroupMembership.user))
        .where(Group.name == name)
    )


def grants_of(space: Space) -> dict[str, set[str]]:
    grants: dict[str, set[str]] = {}
    for name, verb in db.session.execute(
        select(Group.name, SpacePermission.verb)
        .join(Group, Group.id == SpacePermission.group_id)
        .where(SpacePermission.space_id == space.id)
    ):
        grants.setdefault(name, set()).add(verb)
    return grants
