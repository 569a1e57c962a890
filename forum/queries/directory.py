"""The actor directory: people and organisations found by text, region, sector, role and theme.

A person matches a filter only through a field the viewer may see, so that a filter never
reveals what someone hid (a hidden region is no region to others).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, ColumnElement, Select, Table, exists, func, or_, select
from sqlalchemy.orm import selectinload

from forum.extensions import db
from forum.models import (
    Organisation,
    OrganisationMembership,
    Profile,
    Region,
    Theme,
    User,
)
from forum.models.profile import SECTORS, profile_regions, profile_themes
from forum.plugins_core.calls import directory_filters, narrowed
from forum.queries.pagination import Page
from forum.queries.plugin_profiles import plugin_field_matches
from forum.queries.profiles import ProfileView, field_visible, has_role, profile_views

PER_PAGE = 20
ROLES = ("developer", "decision_maker", "funder", "weaver")
KINDS = ("people", "organisations")
QUERY_MAX = 100


@dataclass
class DirectoryFilters:
    q: str = ""
    kind: str = "people"
    region: str = ""
    sector: str = ""
    role: str = ""
    theme: str = ""
    #: The enabled plugins' filters (forum_gather_directory_filters): name -> chosen value.
    plugin: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_args(cls, args: Any) -> DirectoryFilters:
        """Filters from a query string; values that are not among the choices are dropped."""
        kind = args.get("kind", "people")
        return cls(
            q=" ".join(str(args.get("q", "")).split())[:QUERY_MAX],
            kind=kind if kind in KINDS else "people",
            region=_choice(args.get("region"), _region_codes()),
            sector=_choice(args.get("sector"), SECTORS),
            role=_choice(args.get("role"), ROLES),
            theme=str(args.get("theme", "")).strip()[:60],
            plugin={
                item.name: value
                for _owner, item in directory_filters()
                if (value := _choice(args.get(item.name), dict(item.choices)))
            },
        )

    def as_args(self) -> dict[str, str]:
        core = {
            k: v
            for k, v in vars(self).items()
            if isinstance(v, str) and v and not (k == "kind" and v == "people")
        }
        return {**core, **self.plugin}


def _choice(value: object, allowed: Any) -> str:
    value = str(value or "")
    return value if value in allowed else ""


def _region_codes() -> set[str]:
    return set(db.session.scalars(select(Region.code)))


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _linked(table: Table, target: Column, match: ColumnElement[bool]) -> ColumnElement[bool]:
    """SQL: the profile has a row in the link ``table`` to a row (regions, themes) matching."""
    referred = next(iter(target.foreign_keys)).column.table
    return exists(
        select(table.c.user_id)
        .join(referred, referred.c.id == target)
        .where(table.c.user_id == Profile.user_id, match)
    )


def _people_query(viewer: Any, filters: DirectoryFilters) -> Select:
    conditions: list[ColumnElement[bool]] = [
        User.active.is_(True),
        Profile.registered_at.is_not(None),
    ]
    if filters.q:
        pattern = _like(filters.q)
        in_organisation = exists(
            select(OrganisationMembership.user_id)
            .join(Organisation, Organisation.id == OrganisationMembership.organisation_id)
            .where(
                OrganisationMembership.user_id == Profile.user_id,
                func.lower(Organisation.name).like(pattern, escape="\\"),
            )
        )
        conditions.append(
            or_(
                func.lower(User.display_name).like(pattern, escape="\\"),
                func.lower(User.username).like(pattern, escape="\\"),
                in_organisation & field_visible("organisations", viewer),
            )
        )
    if filters.region:
        conditions += [
            _linked(profile_regions, profile_regions.c.region_id, Region.code == filters.region),
            field_visible("regions", viewer),
        ]
    if filters.sector:
        conditions += [Profile.sector == filters.sector, field_visible("sector", viewer)]
    if filters.role:
        conditions += [has_role(filters.role), field_visible("roles", viewer)]
    if filters.theme:
        conditions += [
            _linked(profile_themes, profile_themes.c.theme_id, Theme.name == filters.theme),
            field_visible("themes", viewer),
        ]
    query = select(User).join(Profile, Profile.user_id == User.id).where(*conditions)
    return _plugin_filtered(query, viewer, filters)


def _plugin_filtered(query: Select, viewer: Any, filters: DirectoryFilters) -> Select:
    """The query narrowed by each chosen filter of an enabled plugin."""
    for plugin, item in directory_filters():
        value = filters.plugin.get(item.name)
        if not value:
            continue
        if item.field:
            query = query.where(plugin_field_matches(plugin, item.field, value, viewer))
        else:
            query = narrowed(plugin, item, query, value, viewer)
    return query


def _organisations_query(filters: DirectoryFilters) -> Select:
    query = select(Organisation)
    if filters.q:
        query = query.where(func.lower(Organisation.name).like(_like(filters.q), escape="\\"))
    if filters.region:
        query = query.join(Region, Region.id == Organisation.region_id).where(
            Region.code == filters.region
        )
    if filters.sector:
        query = query.where(Organisation.sector == filters.sector)
    if filters.role == "funder":
        query = query.where(Organisation.verified.is_(True))
    return query


def _count(query: Select) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def search_people(
    viewer: Any, filters: DirectoryFilters, page: int, per_page: int = PER_PAGE
) -> Page[ProfileView]:
    query = _people_query(viewer, filters)
    users = db.session.scalars(
        query.order_by(func.lower(User.display_name), User.id)
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return Page(profile_views(viewer, list(users)), page, per_page, _count(query))


def search_organisations(
    filters: DirectoryFilters, page: int, per_page: int = PER_PAGE
) -> Page[Organisation]:
    query = _organisations_query(filters)
    items = db.session.scalars(
        query.options(selectinload(Organisation.region))
        .order_by(func.lower(Organisation.name), Organisation.id)
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return Page(list(items), page, per_page, _count(query))


def theme_names() -> list[str]:
    return [theme.name for theme in all_themes()]


def organisation_members(viewer: Any, organisation: Organisation) -> list[OrganisationMembership]:
    """Active people who chose to show their membership, and whose organisations ``viewer``
    may see on their profile."""
    return list(
        db.session.scalars(
            select(OrganisationMembership)
            .join(User, User.id == OrganisationMembership.user_id)
            .join(Profile, Profile.user_id == User.id)
            .where(
                OrganisationMembership.organisation_id == organisation.id,
                OrganisationMembership.shown.is_(True),
                User.active.is_(True),
                field_visible("organisations", viewer),
            )
            .options(selectinload(OrganisationMembership.user))
            .order_by(func.lower(User.display_name))
        )
    )


def theme_choices() -> list[tuple[int, str]]:
    return [(theme.id, theme.name) for theme in all_themes()]


def all_organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(func.lower(Organisation.name))))


def all_themes() -> list[Theme]:
    return list(db.session.scalars(select(Theme).order_by(Theme.name)))
