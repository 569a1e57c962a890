"""Roles that administrators grant and revoke, and the requests they decide: all audited.

Weaver (for regions), funder (for a verified organisation), moderator and administrator.
Each role is also a group membership, so that spaces grant verbs to roles as to any group.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from forum.actions.base import action, on_commit
from forum.actions.errors import Conflict, PermissionDenied, ValidationError
from forum.events import revalidate_connections
from forum.extensions import db
from forum.models import (
    AuditRecord,
    Group,
    GroupMembership,
    Organisation,
    Profile,
    Region,
    RoleGrant,
    User,
)
from forum.models.base import utcnow
from forum.models.group import ADMINISTRATORS, MODERATORS
from forum.models.role import (
    ADMINISTRATOR,
    APPROVED,
    DECLINED,
    FUNDER,
    MODERATOR,
    PENDING,
    WEAVER,
    RoleRequest,
)
from forum.permissions import forget, is_admin
from forum.text import clean_text

FUNDERS_GROUP = "funders"
WEAVERS_GROUP_PREFIX = "weavers-"
MESSAGE_MAX = 2000


def record(actor: User | None, subject: User | None, what: str, **details: Any) -> None:
    """Add a line to the audit trail, in the caller's transaction."""
    db.session.add(
        AuditRecord(
            actor_id=actor.id if actor else None,
            subject_id=subject.id if subject else None,
            action=what,
            details={k: v for k, v in details.items() if v is not None},
        )
    )


def weavers_group_name(region: Region) -> str:
    return f"{WEAVERS_GROUP_PREFIX}{region.code.lower()}"


def _group(name: str, title: str) -> Group:
    group = db.session.scalar(select(Group).where(Group.name == name))
    if group is None:
        group = Group(name=name, title=title)
        db.session.add(group)
        db.session.flush()
    return group


def _join(user: User, group: Group) -> None:
    if db.session.get(GroupMembership, (user.id, group.id)) is None:
        db.session.add(GroupMembership(user_id=user.id, group_id=group.id))


def _leave(user: User, group_name: str) -> None:
    group = db.session.scalar(select(Group).where(Group.name == group_name))
    if group is not None:
        db.session.execute(
            delete(GroupMembership).where(
                GroupMembership.user_id == user.id, GroupMembership.group_id == group.id
            )
        )


def _require_admin(actor: User) -> None:
    if not is_admin(actor):
        raise PermissionDenied(_("Only administrators can change roles."))


def _organisation(organisation: Organisation | None) -> Organisation:
    if organisation is None:
        raise ValidationError(_("Choose the organisation."), field="organisation")
    return organisation


def _region(region: Region | None) -> Region:
    if region is None or not region.current:
        raise ValidationError(_("Choose the region."), field="region")
    return region


@action
def grant_role(
    actor: User,
    user: User,
    role: str,
    *,
    region: Region | None = None,
    organisation: Organisation | None = None,
) -> None:
    """Give ``user`` a role: a weaver for ``region``, a funder for a verified ``organisation``."""
    _require_admin(actor)
    details: dict[str, Any] = {"role": role}
    if role in (MODERATOR, ADMINISTRATOR):
        name = MODERATORS if role == MODERATOR else ADMINISTRATORS
        _join(user, _group(name, name.title()))
    elif role == WEAVER:
        region = _region(region)
        if db.session.scalar(
            select(RoleGrant.id).where(
                RoleGrant.user_id == user.id, RoleGrant.role == WEAVER, RoleGrant.region == region
            )
        ):
            raise Conflict(_("This person is a weaver for that region already."))
        db.session.add(RoleGrant(user=user, role=WEAVER, region=region, granted_by_id=actor.id))
        _join(user, _group(weavers_group_name(region), f"Weavers: {region.name_en}"))
        details["region"] = region.code
    elif role == FUNDER:
        organisation = _organisation(organisation)
        if not organisation.verified:
            raise ValidationError(
                _(
                    "Funders belong to verified organisations; verify %(name)s first.",
                    name=organisation.name,
                ),
                field="organisation",
            )
        if db.session.scalar(
            select(RoleGrant.id).where(
                RoleGrant.user_id == user.id,
                RoleGrant.role == FUNDER,
                RoleGrant.organisation_id == organisation.id,
            )
        ):
            raise Conflict(_("This person is a funder for that organisation already."))
        db.session.add(
            RoleGrant(user=user, role=FUNDER, organisation=organisation, granted_by_id=actor.id)
        )
        _join(user, _group(FUNDERS_GROUP, "Funders"))
        details["organisation"] = organisation.slug
    else:
        raise ValidationError(_("There is no such role."), field="role")
    record(actor, user, "role.granted", **details)
    db.session.flush()
    forget()


@action
def revoke_role(
    actor: User,
    user: User,
    role: str,
    *,
    region: Region | None = None,
    organisation: Organisation | None = None,
) -> None:
    """Take a role away; the last administrator cannot be removed."""
    _require_admin(actor)
    details: dict[str, Any] = {"role": role}
    if role == ADMINISTRATOR:
        admins = db.session.scalar(
            select(func.count())
            .select_from(GroupMembership)
            .join(Group, Group.id == GroupMembership.group_id)
            .where(Group.name == ADMINISTRATORS)
        )
        if admins <= 1:
            raise Conflict(_("The forum needs at least one administrator."))
        _leave(user, ADMINISTRATORS)
    elif role == MODERATOR:
        _leave(user, MODERATORS)
    elif role == WEAVER:
        region = _region(region)
        db.session.execute(
            delete(RoleGrant).where(
                RoleGrant.user_id == user.id,
                RoleGrant.role == WEAVER,
                RoleGrant.region_id == region.id,
            )
        )
        _leave(user, weavers_group_name(region))
        details["region"] = region.code
    elif role == FUNDER:
        organisation = _organisation(organisation)
        db.session.execute(
            delete(RoleGrant).where(
                RoleGrant.user_id == user.id,
                RoleGrant.role == FUNDER,
                RoleGrant.organisation_id == organisation.id,
            )
        )
        remaining = db.session.scalar(
            select(RoleGrant.id).where(RoleGrant.user_id == user.id, RoleGrant.role == FUNDER)
        )
        if remaining is None:
            _leave(user, FUNDERS_GROUP)
        details["organisation"] = organisation.slug
    else:
        raise ValidationError(_("There is no such role."), field="role")
    record(actor, user, "role.revoked", **details)
    on_commit(revalidate_connections)  # rooms the role opened close at once
    db.session.flush()
    forget()


def _first_organisation(profile: Profile | None) -> Organisation | None:
    return profile.memberships[0].organisation if profile and profile.memberships else None


@action
def decide_role_request(
    actor: User,
    request: RoleRequest,
    *,
    approve: bool,
    message: str = "",
    regions: list[Region] | None = None,
    organisation: Organisation | None = None,
) -> None:
    """Approve (granting the role) or decline a requested role, with a message to the person.

    A weaver is approved for ``regions`` (by default the regions of the person's profile), a
    funder for ``organisation`` (by default the person's first organisation), once verified.
    """
    _require_admin(actor)
    if request.status != PENDING:
        raise Conflict(_("This request has been decided already."))
    text = clean_text(message, field="message")
    if len(text) > MESSAGE_MAX:
        raise ValidationError(
            _("A message has at most %(max)d characters.", max=MESSAGE_MAX), field="message"
        )
    user = request.user
    if approve:
        profile = db.session.get(Profile, user.id)
        if request.role == WEAVER:
            chosen = regions if regions is not None else (profile.regions if profile else [])
            if not chosen:
                raise ValidationError(_("Choose the region."), field="region")
            for region in chosen:
                grant_role(actor, user, WEAVER, region=region)
        else:
            grant_role(
                actor,
                user,
                FUNDER,
                organisation=organisation or _first_organisation(profile),
            )
    request.status = APPROVED if approve else DECLINED
    request.decided_by_id, request.decided_at, request.message = actor.id, utcnow(), text
    record(actor, user, f"role_request.{request.status}", role=request.role)
    db.session.flush()
