"""What one viewer may see of a person's profile, field by field as the person chose."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, not_, select

from forum.extensions import db
from forum.models import Post, Profile, ProfileVisibility, RoleGrant, Topic, User
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


def role_names(profile: Profile) -> list[str]:
    """Badges: developer and decision-maker as declared, funder and weaver only as granted."""
    granted = set(
        db.session.scalars(
            select(RoleGrant.role).where(RoleGrant.user_id == profile.user_id).distinct()
        )
    )
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
    profile = db.session.get(Profile, user.id)
    fields = visible_fields(viewer, profile)
    return ProfileView(
        user=user,
        profile=profile,
        fields=fields,
        roles=role_names(profile) if profile and "roles" in fields else [],
        activity=recent_activity(viewer, [user.id]) if "activity" in fields else [],
    )


def own_profile(user: User) -> Profile:
    """The person's profile, or an empty, unsaved one to show the form with."""
    return db.session.get(Profile, user.id) or Profile(user_id=user.id, links=[])
