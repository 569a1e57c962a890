"""Organisations and the managed themes of interest: created, edited and verified by
administrators (every change in the audit trail); people join organisations from their profile."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from forum.actions.base import action
from forum.actions.errors import Conflict, PermissionDenied, ValidationError
from forum.actions.roles import record
from forum.extensions import db
from forum.models import Organisation, OrganisationMembership, Profile, Region, Theme, User
from forum.models.base import utcnow
from forum.models.organisation import (
    ORGANISATION_NAME_MAX,
    ORGANISATION_SLUG_MAX,
    THEME_MAX,
    TITLE_MAX,
    WEBSITE_MAX,
)
from forum.models.profile import SECTORS, profile_themes
from forum.permissions import is_admin
from forum.search import index_on_commit
from forum.text import clean_line, clean_text, slugify

DESCRIPTION_MAX = 5000
ORGANISATIONS_MAX = 5


def _require_admin(actor: User) -> None:
    if not is_admin(actor):
        raise PermissionDenied(_("Only administrators can do this."))


def organisation_name(value: str) -> str:
    name = clean_line(value or "", field="name")
    if not name or len(name) > ORGANISATION_NAME_MAX:
        raise ValidationError(
            _("An organisation name has 1 to %(max)d characters.", max=ORGANISATION_NAME_MAX),
            field="name",
        )
    return name


def web_address(value: str, *, field: str = "website") -> str:
    """An http(s) address, or "" for none."""
    url = clean_line(value or "", field=field)
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > WEBSITE_MAX:
        raise ValidationError(
            _("Give a web address that starts with https:// or http://."), field=field
        )
    return url


def _free_slug(name: str) -> str:
    base = slugify(name, ORGANISATION_SLUG_MAX - 4)
    slug, n = base, 1
    while db.session.scalar(select(Organisation.id).where(Organisation.slug == slug)):
        n += 1
        slug = f"{base}-{n}"
    return slug


def organisation_by_name(name: str) -> Organisation | None:
    return db.session.scalar(
        select(Organisation).where(func.lower(Organisation.name) == name.lower())
    )


def find_or_create_organisation(value: str) -> Organisation:
    """The organisation of that name (case ignored), created unverified when there is none.

    For use inside an action: registration and profiles name organisations in free text.
    """
    name = organisation_name(value)
    organisation = organisation_by_name(name)
    if organisation is None:
        organisation = Organisation(name=name, slug=_free_slug(name))
        db.session.add(organisation)
        db.session.flush()
        index_on_commit(f"organisation:{organisation.id}")
    return organisation


def set_organisations(user: User, entries: Iterable[tuple[str, str]], shown: bool = True) -> None:
    """Replace the person's organisations with ``entries`` of (name, role title), in order.

    Names are matched to existing organisations (case ignored) or create unverified ones.
    """
    chosen: list[tuple[int, str]] = []
    for name, title in entries:
        organisation = find_or_create_organisation(name)
        title = clean_line(title or "", field="organisations")
        if len(title) > TITLE_MAX:
            raise ValidationError(
                _("A role title has at most %(max)d characters.", max=TITLE_MAX),
                field="organisations",
            )
        if organisation.id not in {oid for oid, _t in chosen}:
            chosen.append((organisation.id, title))
    if len(chosen) > ORGANISATIONS_MAX:
        raise ValidationError(
            _("At most %(max)d organisations.", max=ORGANISATIONS_MAX), field="organisations"
        )
    db.session.execute(
        delete(OrganisationMembership).where(OrganisationMembership.user_id == user.id)
    )
    for position, (organisation_id, title) in enumerate(chosen):
        db.session.add(
            OrganisationMembership(
                user_id=user.id,
                organisation_id=organisation_id,
                title=title,
                shown=shown,
                position=position,
            )
        )
    db.session.flush()
    profile = db.session.get(Profile, user.id)
    if profile is not None:
        db.session.expire(profile, ["memberships"])
    index_on_commit(*(f"organisation:{oid}" for oid, _t in chosen))


@action
def save_organisation(
    actor: User,
    organisation: Organisation | None,
    *,
    name: str,
    region: Region | None = None,
    sector: str = "",
    website: str = "",
    description: str = "",
) -> Organisation:
    """Create (``organisation`` None) or edit an organisation's details."""
    _require_admin(actor)
    name = organisation_name(name)
    same = organisation_by_name(name)
    if same is not None and same is not organisation:
        raise Conflict(_("An organisation of that name exists already."), field="name")
    if sector and sector not in SECTORS:
        raise ValidationError(_("Choose a sector from the list."), field="sector")
    text = clean_text(description or "", field="description")
    if len(text) > DESCRIPTION_MAX:
        raise ValidationError(
            _("A description has at most %(max)d characters.", max=DESCRIPTION_MAX),
            field="description",
        )
    if organisation is None:
        organisation = Organisation(name=name, slug=_free_slug(name))
        db.session.add(organisation)
    organisation.name, organisation.region = name, region
    organisation.sector, organisation.description = sector or None, text
    organisation.website = web_address(website)
    db.session.flush()
    record(actor, None, "organisation.saved", organisation=organisation.slug)
    members = db.session.scalars(
        select(OrganisationMembership.user_id).where(
            OrganisationMembership.organisation_id == organisation.id
        )
    )
    # Members' documents carry the name where their organisations are public.
    index_on_commit(f"organisation:{organisation.id}", *(f"user:{i}" for i in members))
    return organisation


@action
def set_organisation_verified(actor: User, organisation: Organisation, verified: bool) -> None:
    """Verify (or withdraw the verification of) an organisation."""
    _require_admin(actor)
    organisation.verified = verified
    organisation.verified_by_id = actor.id if verified else None
    organisation.verified_at = utcnow() if verified else None
    what = "organisation.verified" if verified else "organisation.unverified"
    record(actor, None, what, organisation=organisation.slug)
    index_on_commit(f"organisation:{organisation.id}")


def _theme_name(value: str) -> str:
    name = clean_line(value or "", field="name")
    if not name or len(name) > THEME_MAX:
        raise ValidationError(
            _("A theme has 1 to %(max)d characters.", max=THEME_MAX), field="name"
        )
    return name


def _unique_theme(name: str, theme: Theme | None = None) -> str:
    same = db.session.scalar(select(Theme).where(func.lower(Theme.name) == name.lower()))
    if same is not None and same is not theme:
        raise Conflict(_("That theme exists already."), field="name")
    return name


@action
def create_theme(actor: User, name: str) -> Theme:
    _require_admin(actor)
    theme = Theme(name=_unique_theme(_theme_name(name)))
    db.session.add(theme)
    db.session.flush()
    record(actor, None, "theme.created", theme=theme.name)
    return theme


def _reindex_holders(theme: Theme) -> None:
    """People whose public themes are in the index carry the theme's name there."""
    holders = db.session.scalars(
        select(profile_themes.c.user_id).where(profile_themes.c.theme_id == theme.id)
    )
    index_on_commit(*(f"user:{user_id}" for user_id in holders))


@action
def rename_theme(actor: User, theme: Theme, name: str) -> None:
    _require_admin(actor)
    old, theme.name = theme.name, _unique_theme(_theme_name(name), theme)
    record(actor, None, "theme.renamed", theme=theme.name, was=old)
    _reindex_holders(theme)


@action
def delete_theme(actor: User, theme: Theme) -> None:
    """Remove a theme; profiles that carried it lose it."""
    _require_admin(actor)
    record(actor, None, "theme.deleted", theme=theme.name)
    _reindex_holders(theme)
    db.session.delete(theme)
