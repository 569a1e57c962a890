"""Spaces: creating them and granting verbs on them to groups."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from forum.actions.base import action, on_commit
from forum.actions.errors import Conflict, PermissionDenied, ValidationError
from forum.events import revalidate_connections
from forum.extensions import db
from forum.models import Group, Space, SpacePermission, User
from forum.models.space import DESCRIPTION_MAX, NAME_MAX, SLUG_MAX
from forum.permissions import forget, is_admin, known_space_verbs
from forum.search import index_on_commit
from forum.text import clean_line, clean_text

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class SpaceFields:
    """What describes a space, checked: the same rules for creating and editing."""

    name: str
    slug: str
    description: str = ""
    colour: str = "#2f6f8f"
    position: int = 0
    parent: Space | None = None
    allows_discussion: bool = True
    allows_news: bool = False
    allows_events: bool = False

    def checked(self, space: Space | None = None) -> SpaceFields:
        name = clean_line(self.name, field="name")
        if not name or len(name) > NAME_MAX:
            raise ValidationError(
                _("A name has 1 to %(max)d characters.", max=NAME_MAX), field="name"
            )
        slug = clean_line(self.slug, field="slug").lower()
        if not SLUG_RE.match(slug) or len(slug) > SLUG_MAX:
            raise ValidationError(
                _("An address name has lower-case letters a-z, digits and single dashes."),
                field="slug",
            )
        description = clean_text(self.description, field="description")
        if len(description) > DESCRIPTION_MAX:
            raise ValidationError(
                _("A description has at most %(max)d characters.", max=DESCRIPTION_MAX),
                field="description",
            )
        if not COLOUR_RE.match(self.colour):
            raise ValidationError(_("A colour is written as #rrggbb."), field="colour")
        parent = self.parent
        if parent is not None and (
            parent.parent_id is not None
            or (space is not None and (parent.id == space.id or space.children))
        ):
            raise ValidationError(_("Spaces nest one level deep only."), field="parent")
        taken = db.session.scalar(select(Space.id).where(Space.slug == slug))
        if taken is not None and (space is None or taken != space.id):
            raise Conflict(
                _("Another space already has the address %(slug)s.", slug=slug), field="slug"
            )
        if not (self.allows_discussion or self.allows_news or self.allows_events):
            raise ValidationError(
                _("A space takes at least one kind of topic."), field="allows_discussion"
            )
        return SpaceFields(
            name,
            slug,
            description,
            self.colour.lower(),
            self.position,
            parent,
            bool(self.allows_discussion),
            bool(self.allows_news),
            bool(self.allows_events),
        )

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@action
def create_space(
    actor: User,
    *,
    grants: Mapping[str, Sequence[str]] | None = None,
    authorised: bool = False,
    **values: Any,
) -> Space:
    """Create a space from ``SpaceFields`` keywords; ``grants`` maps group names to verbs.

    ``authorised``: the calling action (a plugin's, say) has checked that ``actor`` may do this.
    """
    if not authorised and not is_admin(actor):
        raise PermissionDenied(_("Only administrators can create spaces."))
    space = Space(**SpaceFields(**values).checked().as_dict())
    db.session.add(space)
    set_grants(actor, space, grants or {}, authorised=authorised)
    return space


@action
def update_space(actor: User, space: Space, **values: Any) -> None:
    """Change a space's name, address, description, colour, position, parent or the kinds of
    topic it takes; what ``values`` leaves out keeps its value."""
    if not is_admin(actor):
        raise PermissionDenied(_("Only administrators can change spaces."))
    current = {f.name: getattr(space, f.name) for f in fields(SpaceFields)}
    for key, value in SpaceFields(**{**current, **values}).checked(space).as_dict().items():
        setattr(space, key, value)


@action
def set_grants(
    actor: User, space: Space, grants: Mapping[str, Sequence[str]], *, authorised: bool = False
) -> None:
    """Replace the verbs that the named groups hold on ``space`` (``authorised``: as above)."""
    if not authorised and not is_admin(actor):
        raise PermissionDenied(_("Only administrators can change permissions."))
    groups = {g.name: g for g in db.session.scalars(select(Group).where(Group.name.in_(grants)))}
    for group_name, verbs in grants.items():
        group = groups.get(group_name)
        if group is None:
            raise ValidationError(_("No group is called %(name)s.", name=group_name))
        unknown = set(verbs) - set(known_space_verbs())
        if unknown:
            raise ValidationError(
                _("Unknown permission: %(verb)s.", verb=", ".join(sorted(unknown)))
            )
        space.permissions[:] = [p for p in space.permissions if p.group_id != group.id]
        for verb in verbs:
            space.permissions.append(SpacePermission(group=group, verb=verb))
    db.session.flush()
    forget()
    on_commit(revalidate_connections)
    index_on_commit(f"space:{space.id}")
