"""Groups that administrators make and fill."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import select

from forum.actions.base import action, on_commit
from forum.actions.errors import Conflict, NotFound, PermissionDenied, ValidationError
from forum.events import revalidate_connections
from forum.extensions import db
from forum.models import Group, GroupMembership, User
from forum.models.group import ADMINISTRATORS, GROUP_NAME_MAX, IMPLIED_GROUPS
from forum.permissions import forget, is_admin
from forum.text import clean_line

GROUP_NAME_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


@action
def create_group(actor: User, *, name: str, title: str, authorised: bool = False) -> Group:
    """``authorised``: the calling action has checked that ``actor`` may do this."""
    if not authorised and not is_admin(actor):
        raise PermissionDenied(_("Only administrators can create groups."))
    name = clean_line(name, field="name").lower()
    if not GROUP_NAME_RE.match(name) or len(name) > GROUP_NAME_MAX:
        raise ValidationError(
            _("A group name has lower-case letters a-z, digits, dashes and underscores."),
            field="name",
        )
    title = clean_line(title, field="title")
    if not title:
        raise ValidationError(_("A group needs a title."), field="title")
    if db.session.scalar(select(Group.id).where(Group.name == name)):
        raise Conflict(_("A group called %(name)s already exists.", name=name), field="name")
    group = Group(name=name, title=title)
    db.session.add(group)
    db.session.flush()
    return group


@action
def add_member(actor: User, group: Group, user: User, *, authorised: bool = False) -> None:
    if not authorised and not is_admin(actor):
        raise PermissionDenied(_("Only administrators can change group membership."))
    if group.name in IMPLIED_GROUPS:
        raise ValidationError(_("Everyone belongs to this group already."))
    exists = db.session.get(GroupMembership, (user.id, group.id))
    if exists is None:
        db.session.add(GroupMembership(user=user, group=group))
        db.session.flush()
    forget()


@action
def remove_member(actor: User, group: Group, user: User, *, authorised: bool = False) -> None:
    if not authorised and not is_admin(actor):
        raise PermissionDenied(_("Only administrators can change group membership."))
    if group.name == ADMINISTRATORS and user.id == actor.id:
        raise ValidationError(_("You cannot remove yourself from the administrators."))
    membership = db.session.get(GroupMembership, (user.id, group.id))
    if membership is None:
        raise NotFound(_("%(user)s is not a member of this group.", user=user.username))
    db.session.delete(membership)
    db.session.flush()
    forget()
    on_commit(revalidate_connections)
