"""What the administration pages show."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from forum.extensions import db
from forum.models import Group, GroupMembership, Space, SpacePermission
from forum.models.space import MESSAGES


def all_spaces() -> list[Space]:
    """The spaces an administrator manages; the messages space is built in and not among them."""
    return list(
        db.session.scalars(
            select(Space).where(Space.kind != MESSAGES).order_by(Space.position, Space.name)
        )
    )


def space_by_id(space_id: int) -> Space | None:
    space = db.session.get(Space, space_id)
    return None if space is None or space.kind == MESSAGES else space


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
