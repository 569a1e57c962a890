"""Erasing an account: the person's own right, reachable without an administrator.

The profile (with its avatar files and organisation memberships), identity key, provider
links, sessions, e-mail, roles and requests are deleted;
the account row stays, renamed and closed, so that what the person wrote keeps an (anonymous)
author. Whatever else holds the person's content implements ``forum_account_erase``: the
discussion core (forum/plugins_core/defaults.py) anonymises or deletes posts there, as the
person chose, and plugins erase their own data.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete, exists, select

from forum import avatars
from forum.actions.base import action, on_commit
from forum.actions.errors import PermissionDenied
from forum.actions.roles import record
from forum.events import revalidate_connections
from forum.extensions import db
from forum.models import (
    GroupMembership,
    Identity,
    Organisation,
    OrganisationMembership,
    Profile,
    ProviderLink,
    RoleGrant,
    RoleRequest,
    User,
    UserSession,
)
from forum.permissions import forget, is_admin
from forum.plugins_core.calls import call_hook
from forum.search import index_on_commit

ERASED_PREFIX = "erased-"
ERASED_NAME = "Former member"


def _drop_orphan_organisations(organisation_ids: list[int]) -> None:
    """Unverified organisations the person named that nobody else belongs to or funds for:
    their name came from the person and goes with them."""
    if not organisation_ids:
        return
    db.session.execute(
        delete(Organisation)
        .where(
            Organisation.id.in_(organisation_ids),
            Organisation.verified.is_(False),
            ~exists().where(OrganisationMembership.organisation_id == Organisation.id),
            ~exists().where(RoleGrant.organisation_id == Organisation.id),
        )
        .execution_options(synchronize_session=False)
    )


@action
def erase_account(user: User, *, delete_content: bool = False, actor: User | None = None) -> None:
    """Erase ``user``'s personal data; ``actor`` defaults to the person themself."""
    actor = actor or user
    if actor.id != user.id and not is_admin(actor):
        raise PermissionDenied(_("Only the person or an administrator can erase an account."))
    organisation_ids = list(
        db.session.scalars(
            select(OrganisationMembership.organisation_id).where(
                OrganisationMembership.user_id == user.id
            )
        )
    )
    for model in (
        Identity,
        ProviderLink,
        UserSession,
        RoleRequest,
        RoleGrant,
        GroupMembership,
        OrganisationMembership,
    ):
        db.session.execute(delete(model).where(model.user_id == user.id))
    profile = db.session.get(Profile, user.id)
    if profile is not None:
        db.session.delete(profile)
    user_id = user.id
    on_commit(lambda: avatars.discard(user_id))
    on_commit(lambda: revalidate_connections(user_id))  # their open sockets close at once
    _drop_orphan_organisations(organisation_ids)
    index_on_commit(*(f"organisation:{i}" for i in organisation_ids))
    user.username = f"{ERASED_PREFIX}{user.id}"
    user.display_name = ERASED_NAME
    user.email = None
    user.locale = None
    user.active = False
    db.session.flush()
    # ``delete_content``: the person chose to delete what they wrote (where the space's rules
    # allow) rather than keep it under an anonymous author.
    call_hook(
        "forum_account_erase",
        strict=True,
        disabled_too=True,
        user=user,
        delete_content=delete_content,
    )
    record(
        None if actor.id == user.id else actor,
        user,
        "account.erased",
        content="deleted" if delete_content else "anonymised",
    )
    forget()
