"""Space listings for pages, filtered by what the viewer may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from forum.extensions import db
from forum.models import Space, Topic
from forum.models.space import MESSAGES, MODERATE, SEE
from forum.permissions import can, is_admin, space_verbs


@dataclass
class SpaceNode:
    space: Space
    children: list[Space] = field(default_factory=list)


def visible_space_tree(user: Any) -> list[SpaceNode]:
    """Top-level spaces the user may see, each with its visible sub-spaces, in position order."""
    query = select(Space).where(Space.kind != MESSAGES).order_by(Space.position, Space.name)
    if not is_admin(user):
        query = query.where(Space.id.in_([sid for sid, v in space_verbs(user).items() if SEE in v]))
    spaces = list(db.session.scalars(query))
    nodes = {s.id: SpaceNode(s) for s in spaces if s.parent_id is None}
    for space in spaces:
        if space.parent_id in nodes:
            nodes[space.parent_id].children.append(space)
    return list(nodes.values())


def visible_children(user: Any, space: Space) -> list[Space]:
    return [child for child in space.children if can(user, SEE, child)]


def move_targets(user: Any, topic: Topic) -> list[Space]:
    """Spaces a moderator may move ``topic`` to: those they moderate, but its own."""
    spaces = db.session.scalars(
        select(Space).where(Space.id != topic.space_id).order_by(Space.name)
    )
    return [space for space in spaces if can(user, MODERATE, space)]
