"""/api/v1/users, /organisations and /directory: profiles with only the fields the caller may
see, the caller's own profile to change, organisations and the actor directory."""

from __future__ import annotations

from typing import Any

from flask import abort, jsonify, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.access import access_organisation, access_person
from forum.actions.errors import PermissionDenied, ValidationError
from forum.actions.profiles import update_profile
from forum.api import bp
from forum.api.body import int_list, json_body, string, string_list
from forum.api.serializers import page_info
from forum.i18n import current_language
from forum.models import Organisation, User
from forum.queries.directory import (
    DirectoryFilters,
    organisation_members,
    search_organisations,
    search_people,
)
from forum.queries.pagination import page_number
from forum.queries.plugin_profiles import plugin_facts
from forum.queries.profiles import ProfileView, profile_view

PER_PAGE_MAX = 50


def organisation_summary(item: Organisation) -> dict[str, Any]:
    return {
        "slug": item.slug,
        "name": item.name,
        "verified": item.verified,
        "region": item.region.code if item.region else None,
        "sector": item.sector,
        "url": url_for("people.organisation", slug=item.slug, _external=True),
    }


def profile(view: ProfileView) -> dict[str, Any]:
    """The profile as the caller may see it: a hidden field is absent, not empty."""
    user, p = view.user, view.profile
    body: dict[str, Any] = {
        "username": user.username,
        "display_name": user.display_name,
        "joined_at": user.created_at.isoformat(),
        "url": url_for("people.profile", username=user.username, _external=True),
        "avatar_url": url_for(
            "people.avatar", username=user.username, size=256, v=p.avatar_version, _external=True
        )
        if p and p.avatar_version
        else None,
    }
    if p is None:
        return body
    if p.show_verified_name and p.verified_name:
        body["identified_name"] = p.verified_name
    language = current_language()
    shown = {
        "organisations": lambda: [
            {**organisation_summary(m.organisation), "title": m.title} for m in p.memberships
        ],
        "sector": lambda: p.sector,
        "regions": lambda: [{"code": r.code, "name": r.name(language)} for r in p.regions],
        "roles": lambda: view.roles,
        "themes": lambda: [t.name for t in p.themes],
        "bio": lambda: {"raw": p.bio_raw, "cooked": p.bio_cooked},
        "links": lambda: list(p.links or []),
    }
    for name, value in shown.items():
        if view.shows(name):
            body[name] = value()
    if current_user.is_authenticated and current_user.id == user.id:
        body["visibility"] = p.visibility()
    return body


def full_profile(person: User) -> dict[str, Any]:
    """The profile with the enabled plugins' fields the caller may see."""
    own = current_user.is_authenticated and current_user.id == person.id
    fields = {
        fact.key: {
            "label": fact.label,
            "value": fact.value,
            **({"visibility": fact.level} if own else {}),
        }
        for fact in plugin_facts(current_user, person)
    }
    return {**profile(profile_view(current_user, person)), "plugin_fields": fields}


@bp.get("/users/<username>")
def user(username: str):
    return jsonify(full_profile(access_person(username)))


def _optional(data: dict[str, Any], key: str, kind: type) -> Any:
    if key not in data:
        return None
    value = data[key]
    if kind is bool and not isinstance(value, bool):
        raise ValidationError(_("%(field)s must be true or false.", field=key), field=key)
    return value


def _ids(data: dict[str, Any], key: str) -> list[int] | None:
    return int_list(data, key) if key in data else None


def _organisations(data: dict[str, Any]) -> list[tuple[str, str]] | None:
    if "organisations" not in data:
        return None
    value = data["organisations"]
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValidationError(
            _("%(field)s must be a list of objects.", field="organisations"),
            field="organisations",
        )
    return [(string(v, "name"), string(v, "title", "")) for v in value]


def _plugin_values(data: dict[str, Any]) -> dict[str, tuple[str, str | None]] | None:
    """``{"<plugin>.<name>": {"value": ..., "visibility": ...}}``; the action checks names."""
    if "plugin_fields" not in data:
        return None
    value = data["plugin_fields"]
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise ValidationError(
            _("%(field)s must be an object of objects.", field="plugin_fields"),
            field="plugin_fields",
        )
    return {
        str(key): (string(entry, "value"), string(entry, "visibility", "") or None)
        for key, entry in value.items()
    }


@bp.patch("/users/<username>")
def update_user(username: str):
    """Change the caller's own profile; fields left out stay as they are."""
    if not current_user.is_authenticated:
        abort(401)
    person = access_person(username)
    if person.id != current_user.id:
        raise PermissionDenied(_("You can change only your own profile."))
    data = json_body()
    visibility = data.get("visibility")
    if visibility is not None and not isinstance(visibility, dict):
        raise ValidationError(_("visibility must be an object."), field="visibility")
    update_profile(
        person,
        display_name=string(data, "display_name") if "display_name" in data else None,
        sector=string(data, "sector") if "sector" in data else None,
        region_ids=_ids(data, "region_ids"),
        theme_ids=_ids(data, "theme_ids"),
        developer=_optional(data, "developer", bool),
        decision_maker=_optional(data, "decision_maker", bool),
        show_verified_name=_optional(data, "show_identified_name", bool),
        bio=string(data, "bio") if "bio" in data else None,
        links=string_list(data, "links") if "links" in data else None,
        organisations=_organisations(data),
        visibility=visibility,
        plugin_values=_plugin_values(data),
    )
    return jsonify(full_profile(person))


def _per_page() -> int:
    return min(PER_PAGE_MAX, page_number(request.args.get("per_page"), 20))


@bp.get("/organisations")
def organisations():
    filters = DirectoryFilters.from_args(request.args)
    page = search_organisations(filters, page_number(request.args.get("page")), _per_page())
    return jsonify(
        {"organisations": [organisation_summary(o) for o in page.items], **page_info(page)}
    )


@bp.get("/organisations/<slug>")
def organisation(slug: str):
    item = access_organisation(slug)
    members = organisation_members(current_user, item)
    return jsonify(
        {
            **organisation_summary(item),
            "website": item.website,
            "description": item.description,
            "verified_at": item.verified_at.isoformat() if item.verified_at else None,
            "members": [
                {"username": m.user.username, "display_name": m.user.display_name, "title": m.title}
                for m in members
            ],
        }
    )


@bp.get("/directory")
def directory():
    filters = DirectoryFilters.from_args(request.args)
    page_no = page_number(request.args.get("page"))
    if filters.kind == "organisations":
        orgs = search_organisations(filters, page_no, _per_page())
        return jsonify(
            {
                "kind": "organisations",
                "organisations": [organisation_summary(o) for o in orgs.items],
                **page_info(orgs),
            }
        )
    people = search_people(current_user, filters, page_no, _per_page())
    return jsonify(
        {"kind": "people", "people": [profile(v) for v in people.items], **page_info(people)}
    )
