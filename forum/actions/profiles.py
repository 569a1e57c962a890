"""A person's own profile: its fields, who sees each of them, their organisations and avatar."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask_babel import gettext as _
from sqlalchemy import select

from forum import avatars
from forum.actions.accounts import _display_name, _regions, profile_of
from forum.actions.base import action, on_commit
from forum.actions.errors import PermissionDenied, ValidationError
from forum.actions.organisations import set_organisations, web_address
from forum.actions.plugin_profiles import store_plugin_values
from forum.extensions import db
from forum.markup import cook
from forum.models import ProfileVisibility, Theme, User
from forum.models.profile import PROFILE_FIELDS, SECTORS, VISIBILITY_LEVELS
from forum.permissions import forget, is_silenced
from forum.search import index_on_commit
from forum.text import clean_text

BIO_MAX = 5000
LINKS_MAX = 5


def _links(values: Iterable[str]) -> list[str]:
    links = [web_address(value, field="links") for value in values]
    links = [link for link in links if link]
    if len(links) > LINKS_MAX:
        raise ValidationError(
            _("At most %(max)d links.", max=LINKS_MAX), field="links", code="too_many"
        )
    return list(dict.fromkeys(links))


def _themes(theme_ids: Iterable[int]) -> list[Theme]:
    ids = set(theme_ids)
    themes = list(db.session.scalars(select(Theme).where(Theme.id.in_(ids))))
    if len(themes) != len(ids):
        raise ValidationError(_("Choose themes from the list."), field="themes")
    return themes


def _require_not_silenced(user: User) -> None:
    """A silenced account is read-only, its public profile included."""
    if is_silenced(user):
        raise PermissionDenied(
            _("Your account is read-only for now, so you cannot change your profile.")
        )


def _visibility(user: User, chosen: Mapping[str, str]) -> None:
    for name, level in chosen.items():
        if name not in PROFILE_FIELDS or level not in VISIBILITY_LEVELS:
            raise ValidationError(_("Choose who sees each field from the list."), field=name)
    profile = profile_of(user)
    rows = {row.field: row for row in profile.visibility_rows}
    for name, level in chosen.items():
        if name in rows:
            rows[name].level = level
        else:
            profile.visibility_rows.append(ProfileVisibility(field=name, level=level))


@action
def update_profile(
    user: User,
    *,
    display_name: str | None = None,
    sector: str | None = None,
    region_ids: Iterable[int] | None = None,
    developer: bool | None = None,
    decision_maker: bool | None = None,
    theme_ids: Iterable[int] | None = None,
    bio: str | None = None,
    links: Iterable[str] | None = None,
    show_verified_name: bool | None = None,
    organisations: Iterable[tuple[str, str]] | None = None,
    show_memberships: bool = True,
    visibility: Mapping[str, str] | None = None,
    plugin_values: Mapping[str, tuple[str, str | None]] | None = None,
) -> None:
    """Change what is given (None leaves a field as it is) and re-index the person."""
    _require_not_silenced(user)
    profile = profile_of(user)
    if display_name is not None:
        user.display_name = _display_name(display_name)
    if sector is not None:
        if sector and sector not in SECTORS:
            raise ValidationError(_("Choose a sector from the list."), field="sector")
        profile.sector = sector or None
    if region_ids is not None:
        profile.regions = _regions(region_ids)
    if developer is not None:
        profile.is_developer = developer
    if decision_maker is not None:
        profile.is_decision_maker = decision_maker
    if theme_ids is not None:
        profile.themes = _themes(theme_ids)
    if bio is not None:
        text = clean_text(bio, field="bio")
        if len(text) > BIO_MAX:
            raise ValidationError(
                _("A bio has at most %(max)d characters.", max=BIO_MAX), field="bio"
            )
        profile.bio_raw, profile.bio_cooked = text, cook(text).html if text else ""
    if links is not None:
        profile.links = _links(links)
    if show_verified_name is not None:
        profile.show_verified_name = show_verified_name and bool(profile.verified_name)
    if organisations is not None:
        set_organisations(user, organisations, show_memberships)
    if visibility is not None:
        _visibility(user, visibility)
    if plugin_values:
        store_plugin_values(user, plugin_values)
    db.session.flush()
    forget()
    index_on_commit(f"user:{user.id}")


@action
def set_avatar(user: User, data: bytes) -> None:
    """Replace the avatar with the image in ``data`` (checked, resized, metadata stripped)."""
    _require_not_silenced(user)
    version = avatars.store(user.id, data)
    profile_of(user).avatar_version = version
    on_commit(lambda: avatars.discard(user.id, keep=version))


@action
def remove_avatar(user: User) -> None:
    """Back to initials."""
    profile_of(user).avatar_version = None
    on_commit(lambda: avatars.discard(user.id))
