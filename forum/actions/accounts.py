"""Accounts of strongly identified people: the first sign-in, registration, the terms."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from flask import current_app, has_request_context
from flask_babel import gettext as _
from sqlalchemy import func, select

from forum.actions.base import action
from forum.actions.errors import Conflict, PermissionDenied, ValidationError
from forum.actions.organisations import set_organisations
from forum.actions.users import clean_display_name as _display_name
from forum.actions.users import normalise_email, normalise_username
from forum.auth.identity import candidate_keys, current_version
from forum.extensions import db
from forum.models import Identity, Profile, ProviderLink, Region, RoleRequest, User
from forum.models.base import utcnow
from forum.models.profile import ORGANISATION_MAX, SECTORS
from forum.models.role import PENDING, REQUESTABLE_ROLES
from forum.models.user import DISPLAY_NAME_MAX
from forum.permissions import forget
from forum.plugins_core.calls import fire_on_commit
from forum.search import index_on_commit
from forum.text import clean_line

PLACEHOLDER_PREFIX = "new-"
# Usernames the forum gives itself: to accounts not yet registered, and to erased ones.
RESERVED_PREFIXES = (PLACEHOLDER_PREFIX, "erased-")


def terms_version() -> str:
    return str(current_app.config["TERMS_VERSION"])


def profile_of(user: User) -> Profile:
    """The account's profile, created empty when it has none yet."""
    profile = db.session.get(Profile, user.id)
    if profile is None:
        profile = Profile(user_id=user.id)
        db.session.add(profile)
    return profile


def _placeholder_username() -> str:
    while True:
        name = f"{PLACEHOLDER_PREFIX}{secrets.token_hex(5)}"
        if not db.session.scalar(select(User.id).where(User.username == name)):
            return name


@action
def sign_in_identified(provider: str, subject: str, nin: str, verified_name: str) -> User:
    """The account of the person a provider identified, created on their first sign-in.

    The person is found by the HMAC of their identity number, whichever provider they came
    through; the provider's ``subject`` is remembered beside it. ``nin`` is not stored.
    """
    keys = candidate_keys(nin)
    if not keys:
        raise PermissionDenied(_("Sign-in is not configured on this forum."))
    version = current_version()
    identity = db.session.scalar(select(Identity).where(Identity.identity_key.in_(keys.values())))
    link = db.session.scalar(
        select(ProviderLink).where(
            ProviderLink.provider == provider, ProviderLink.subject == subject
        )
    )
    if identity is None:
        if link is not None:
            raise Conflict(_("This identification belongs to another account."))
        display = verified_name[:DISPLAY_NAME_MAX].strip() or _("New member")
        user = User(username=_placeholder_username(), display_name=display)
        db.session.add(user)
        db.session.flush()
        identity = Identity(user_id=user.id, key_version=version, identity_key=keys[version])
        db.session.add(identity)
    else:
        user = identity.user
        if link is not None and link.user_id != user.id:
            raise Conflict(_("This identification belongs to another account."))
        if identity.key_version != version:
            identity.key_version, identity.identity_key = version, keys[version]
    if not user.is_active:
        raise PermissionDenied(_("This account is closed."))
    if link is None:
        db.session.add(ProviderLink(user_id=user.id, provider=provider, subject=subject))
    else:
        link.last_used_at = utcnow()
    profile = profile_of(user)
    profile.verified_name = verified_name or profile.verified_name
    db.session.flush()
    return user


@action
def set_show_presence(user: User, show: bool) -> None:
    """Whether others reading the same topic see this person's name."""
    profile_of(user).show_presence = show


@action
def mark_registered(user: User) -> None:
    """Registration complete at the terms in force: for accounts an operator makes by script."""
    profile = profile_of(user)
    now = utcnow()
    if profile.registered_at is None:
        fire_on_commit("forum_event_user_registered", user_id=user.id)
    profile.registered_at = profile.registered_at or now
    profile.terms_version, profile.terms_accepted_at = terms_version(), now
    forget()


@action
def accept_terms(user: User, version: str) -> None:
    if version != terms_version():
        raise ValidationError(_("These terms are no longer in force; read the current ones."))
    profile = profile_of(user)
    profile.terms_version, profile.terms_accepted_at = version, utcnow()
    forget()


def _regions(region_ids: Iterable[int]) -> list[Region]:
    ids = set(region_ids)
    regions = list(db.session.scalars(select(Region).where(Region.id.in_(ids), Region.current)))
    if len(regions) != len(ids):
        raise ValidationError(_("Choose regions from the list."), field="regions")
    return regions


@action
def register(
    user: User,
    *,
    display_name: str,
    username: str,
    email: str,
    organisation: str = "",
    sector: str = "",
    region_ids: Iterable[int] = (),
    developer: bool = False,
    decision_maker: bool = False,
    requested_roles: Iterable[str] = (),
    locale: str | None = None,
    show_verified_name: bool = False,
    accepted_terms: str | None = None,
) -> Profile:
    """Complete (or update) the registration form of an identified account."""
    display = _display_name(display_name)
    name = normalise_username(username)
    if name.startswith(RESERVED_PREFIXES) and name != user.username:
        raise ValidationError(
            _("Usernames starting with %(prefix)s are reserved.", prefix=name.split("-")[0] + "-"),
            field="username",
        )
    if db.session.scalar(select(User.id).where(User.username == name, User.id != user.id)):
        raise Conflict(_("The username %(name)s is taken.", name=name), field="username")
    address = normalise_email(email)
    if not address:
        raise ValidationError(_("An e-mail address is needed."), field="email")
    if db.session.scalar(
        select(User.id).where(func.lower(User.email) == address.lower(), User.id != user.id)
    ):
        raise Conflict(_("That e-mail address is already in use."), field="email")
    organisation = clean_line(organisation, field="organisation")
    if len(organisation) > ORGANISATION_MAX:
        raise ValidationError(
            _("An organisation name has at most %(max)d characters.", max=ORGANISATION_MAX),
            field="organisation",
        )
    if sector and sector not in SECTORS:
        raise ValidationError(_("Choose a sector from the list."), field="sector")
    roles = set(requested_roles)
    if not roles <= set(REQUESTABLE_ROLES):
        raise ValidationError(_("Choose roles from the list."), field="roles")
    if locale is not None and locale not in current_app.config["LANGUAGES"]:
        raise ValidationError(_("That language is not available."), field="locale")
    profile = profile_of(user)
    if accepted_terms != terms_version() and profile.terms_version != terms_version():
        raise ValidationError(
            _("Read and accept the terms of use and the privacy notice to continue."),
            field="accept_terms",
        )
    if (user.email or "").lower() != address.lower():
        profile.email_verified_at = None
        _send_verification(user.id, address)
    user.username, user.display_name, user.email = name, display, address
    if locale:
        user.locale = locale
    if organisation.lower() != profile.organisation.lower():
        set_organisations(user, [(organisation, "")] if organisation else [])
    profile.sector = sector or None
    profile.regions = _regions(region_ids)
    profile.is_developer, profile.is_decision_maker = developer, decision_maker
    profile.show_verified_name = show_verified_name and bool(profile.verified_name)
    now = utcnow()
    if accepted_terms == terms_version():
        profile.terms_version, profile.terms_accepted_at = accepted_terms, now
    if profile.registered_at is None:
        fire_on_commit("forum_event_user_registered", user_id=user.id)
    profile.registered_at = profile.registered_at or now
    asked = set(
        db.session.scalars(
            select(RoleRequest.role).where(
                RoleRequest.user_id == user.id, RoleRequest.status == PENDING
            )
        )
    )
    for role in sorted(roles - asked):
        db.session.add(RoleRequest(user_id=user.id, role=role))
    db.session.flush()
    forget()
    index_on_commit(f"user:{user.id}")
    return profile


def _send_verification(user_id: int, email: str) -> None:
    from forum.auth import email as mail

    if has_request_context():
        url = mail.verification_url(user_id, email)
        mail.deliver(user_id, email, url)


@action
def request_email_verification(user: User) -> None:
    """Send the confirmation link again, for the address the account has now."""
    if not user.email:
        raise ValidationError(_("An e-mail address is needed."), field="email")
    _send_verification(user.id, user.email)


@action
def confirm_email(user_id: int, email: str) -> User:
    """Mark the address confirmed, if the account still has it."""
    user = db.session.get(User, user_id)
    if user is None or not user.is_active or (user.email or "").lower() != email.lower():
        raise ValidationError(_("This link is for an address the account no longer has."))
    profile = profile_of(user)
    profile.email_verified_at = profile.email_verified_at or utcnow()
    return user
