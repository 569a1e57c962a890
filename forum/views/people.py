"""Profiles (/u/<username>), organisations (/org/<slug>), avatars and the actor directory."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user

from forum import avatars
from forum.access import access_organisation, access_person
from forum.i18n import current_language
from forum.plugins_core.calls import directory_filters
from forum.profile_forms import field_labels
from forum.queries.directory import (
    ROLES,
    DirectoryFilters,
    organisation_members,
    search_organisations,
    search_people,
    theme_names,
)
from forum.queries.pagination import page_number
from forum.queries.plugin_profiles import plugin_facts
from forum.queries.profiles import profile_view, recent_activity, visible_fields
from forum.queries.regions import current_regions

bp = Blueprint("people", __name__)

AVATAR_CACHE_SECONDS = 365 * 24 * 3600


@bp.get("/u/<username>")
def profile(username: str):
    user = access_person(username)
    view = profile_view(current_user, user)
    return render_template(
        "people/profile.html",
        view=view,
        person=user,
        labels=field_labels(),
        language=current_language(),
        own=current_user.is_authenticated and current_user.id == user.id,
        plugin_facts=plugin_facts(current_user, user),
    )


@bp.get("/u/<username>/avatar/<int:size>.jpg")
def avatar(username: str, size: int):
    """The avatar at one of the fixed sizes; versioned addresses are cached for a year."""
    user = access_person(username)
    version = profile_view(current_user, user).profile
    version = version.avatar_version if version else None
    if version is None or size not in avatars.SIZES:
        abort(404)
    path = avatars.path(user.id, version, size)
    if not path.exists():
        abort(404)
    # Avatars are a few kilobytes: read whole, so no file handle outlives the request.
    response = Response(path.read_bytes(), mimetype="image/jpeg")
    response.set_etag(f"{version}-{size}")
    response.make_conditional(request)
    if request.args.get("v") == version:
        response.cache_control.public = True
        response.cache_control.max_age = AVATAR_CACHE_SECONDS
        response.cache_control.immutable = True
    else:
        response.cache_control.no_cache = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/org/<slug>")
def organisation(slug: str):
    item = access_organisation(slug)
    members = organisation_members(current_user, item)
    active = [m.user_id for m in members if "activity" in visible_fields(current_user, m.profile)]
    return render_template(
        "people/organisation.html",
        organisation=item,
        members=members,
        activity=recent_activity(current_user, active) if active else [],
        language=current_language(),
    )


@bp.get("/directory")
def directory():
    filters = DirectoryFilters.from_args(request.args)
    page = page_number(request.args.get("page"))
    if filters.kind == "organisations":
        results = search_organisations(filters, page)
    else:
        results = search_people(current_user, filters, page)
    return render_template(
        "people/directory.html",
        filters=filters,
        results=results,
        regions=current_regions(current_language()),
        themes=theme_names(),
        roles=ROLES,
        plugin_filters=[item for _plugin, item in directory_filters()],
        language=current_language(),
    )
