"""Erasing an account: the person's own right, reachable without an administrator.

The profile, identity key, provider links, sessions, e-mail, roles and requests are deleted;
the account row stays, renamed and closed, so that what the person wrote keeps an (anonymous)
author. Whatever else holds the person's content implements ``forum_account_erase``: the
discussion core (forum/plugins_core/defaults.py) anonymises or deletes posts there, as the
person chose, and plugins erase their own data.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete

from forum.actions.base import action
from forum.actions.errors import PermissionDenied
from forum.actions.roles import record
from forum.extensions import db
from forum.models import (
    GroupMembership,
    Identity,
    Profile,
    ProviderLink,
    RoleGrant,
    RoleRequest,
    User,
    UserSession,
)
from forum.permissions import forget, is_admin
from forum.plugins_core.calls import call_hook

ERASED_PREFIX = "erased-"
ERASED_NAME = "Former member"


@action
def erase_account(user: User, *, delete_content: bool = False, actor: User | None = None) -> None:
    """Erase ``user``'s personal data; ``actor`` defaults to the person themself."""
    actor = actor or user
    if actor.id != user.id and not is_admin(actor):
        raise PermissionDenied(_("Only the person or an administrator can erase an account."))
    for model in (Identity, ProviderLink, UserSession, RoleRequest, RoleGrant, GroupMembership):
        db.session.execute(delete(model).where(model.user_id == user.id))
    profile = db.session.get(Profile, user.id)
    if profile is not None:
        db.session.delete(profile)
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
