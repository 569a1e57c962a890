"""What one viewer may see of a person's profile, field by field as the person chose."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, not_, select
from sqlalchemy.orm import selectinload

from forum.extensions import db
from forum.models import (
    OrganisationMembership,
    Post,
    Profile,
    ProfileVisibility,
    RoleGrant,
    Topic,
    User,
)
from forum.models.group import REGISTERED
from forum.models.profile import (
    DEFAULT_VISIBILITY,
    HIDDEN,
    PROFILE_FIELDS,
    PUBLIC,
    REGISTERED_ONLY,
)
from forum.models.role import FUNDER, WEAVER
from forum.models.space import READ
from forum.permissions import can, group_names, is_admin, space_verbs

ACTIVITY_LIMIT = 10


def levels_for(viewer: Any) -> frozenset[str]:
    """The visibility levels whose fields ``viewer`` may see on other people's profiles."""
    if is_admin(viewer):
        return frozenset({PUBLIC, REGISTERED_ONLY, HIDDEN})
    if REGISTERED in group_names(viewer):
        return frozenset({PUBLIC, REGISTERED_ONLY})
    return frozenset({PUBLIC})


def visible_fields(viewer: Any, profile: Profile | None) -> frozenset[str]:
    """The profile fields ``viewer`` may see: all of them for the person and administrators."""
    if profile is None:
        return frozenset()
    if getattr(viewer, "is_authenticated", False) and viewer.id == profile.user_id:
        return frozenset(PROFILE_FIELDS)
    levels = levels_for(viewer)
    return frozenset(name for name, level in profile.visibility().items() if level in levels)


def field_visible(name: str, viewer: Any) -> ColumnElement[bool]:
    """SQL: the field ``name`` of the profile (Profile.user_id) is visible to ``viewer``.

    Filters on a field use it, so that a filter never reveals a field its owner hid.
    """
    levels = levels_for(viewer)
    row = select(ProfileVisibility.user_id).where(
        ProfileVisibility.user_id == Profile.user_id, ProfileVisibility.field == name
    )
    if DEFAULT_VISIBILITY in levels:
        clause = not_(exists(row.where(ProfileVisibility.level.not_in(levels))))
    else:
        clause = exists(row.where(ProfileVisibility.level.in_(levels)))
    if getattr(viewer, "is_authenticated", False):
        return clause | (Profile.user_id == viewer.id)
    return clause


def granted_roles(user_ids: list[int]) -> dict[int, set[str]]:
    """The granted roles (funder, weaver) of each of these people, in one query."""
    granted: dict[int, set[str]] = {user_id: set() for user_id in user_ids}
    rows = db.session.execute(
        select(RoleGrant.user_id, RoleGrant.role).where(RoleGrant.user_id.in_(user_ids)).distinct()
    )
    for user_id, role in rows:
        granted[user_id].add(role)
    return granted


def role_names(profile: Profile, granted: set[str] | None = None) -> list[str]:
    """Badges: developer and decision-maker as declared, funder and weaver only as granted."""
    if granted is None:
        granted = granted_roles([profile.user_id])[profile.user_id]
    names = ["developer"] if profile.is_developer else []
    if profile.is_decision_maker:
        names.append("decision-maker")
    names += [role for role in (FUNDER, WEAVER) if role in granted]
    return names


def has_role(role: str) -> ColumnElement[bool]:
    """SQL: the profile (Profile.user_id) carries ``role``."""
    if role == "developer":
        return Profile.is_developer.is_(True)
    if role == "decision_maker":
        return Profile.is_decision_maker.is_(True)
    return exists(
        select(RoleGrant.id).where(RoleGrant.user_id == Profile.user_id, RoleGrant.role == role)
    )


def recent_activity(viewer: Any, user_ids: list[int]) -> list[Post]:
    """The latest posts of these people that ``viewer`` may read, newest first."""
    readable = [sid for sid, verbs in space_verbs(viewer).items() if READ in verbs]
    if not readable:
        return []
    candidates = db.session.scalars(
        select(Post)
        .join(Topic, Topic.id == Post.topic_id)
        .where(
            and_(
                Post.user_id.in_(user_ids),
                Post.deleted_at.is_(None),
                Topic.deleted_at.is_(None),
                Topic.listed.is_(True),
                Topic.space_id.in_(readable),
            )
        )
        .order_by(Post.created_at.desc())
        .limit(ACTIVITY_LIMIT * 2)
    )
    return [post for post in candidates if can(viewer, READ, post)][:ACTIVITY_LIMIT]


@dataclass
class ProfileView:
    """A profile as one viewer sees it: hidden fields are simply not there."""

    user: User
    profile: Profile | None
    fields: frozenset[str]
    roles: list[str] = field(default_factory=list)
    activity: list[Post] = field(default_factory=list)

    def shows(self, name: str) -> bool:
        return name in self.fields


def profile_view(viewer: Any, user: User) -> ProfileView:
    """One profile with its recent activity, as on the profile page."""
    profile = db.session.get(Profile, user.id)
    fields = visible_fields(viewer, profile)
    return ProfileView(
        user=user,
        profile=profile,
        fields=fields,
        roles=role_names(profile) if profile and "roles" in fields else [],
        activity=recent_activity(viewer, [user.id]) if "activity" in fields else [],
    )


def profile_views(viewer: Any, users: list[User]) -> list[ProfileView]:
    """Profiles for a list (the directory), loaded together and without activity."""
    ids = [user.id for user in users]
    profiles = {
        p.user_id: p
        for p in db.session.scalars(
            select(Profile)
            .where(Profile.user_id.in_(ids))
            .options(
                selectinload(Profile.regions),
                selectinload(Profile.themes),
                selectinload(Profile.visibility_rows),
                selectinload(Profile.memberships).selectinload(OrganisationMembership.organisation),
            )
        )
    }
    granted = granted_roles(ids)
    views = []
    for user in users:
        profile = profiles.get(user.id)
        fields = visible_fields(viewer, profile)
        roles = role_names(profile, granted[user.id]) if profile and "roles" in fields else []
        views.append(ProfileView(user=user, profile=profile, fields=fields, roles=roles))
    return views


def own_profile(user: User) -> Profile:
    """The person's profile, or an empty, unsaved one to show the form with."""
    return db.session.get(Profile, user.id) or Profile(user_id=user.id, links=[])
