"""The person's own data as JSON inside a ZIP: every field held about them and, through
``forum_account_export``, everything they wrote (the discussion core adds its posts there, in
forum/plugins_core/defaults.py, as plugins add theirs)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, or_, select

from forum.extensions import db
from forum.models import (
    AuditRecord,
    Group,
    GroupMembership,
    Identity,
    Post,
    Profile,
    ProviderLink,
    RoleGrant,
    RoleRequest,
    User,
    UserSession,
)
from forum.plugins_core.calls import call_hook

FILE_SALT = "account-export-file"


def _file_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=FILE_SALT)


def export_token(user_id: int, export_id: int) -> str:
    """The signed part of a background export's download link: its owner and the export."""
    return _file_serializer().dumps({"u": user_id, "x": export_id})


def read_export_token(token: str) -> tuple[int, int] | None:
    """(owner, export) of a download link; None when forged or broken. Raises
    SignatureExpired when the link is older than the file's keeping time."""
    max_age = int(current_app.config["EXPORT_KEEP_HOURS"]) * 3600
    try:
        data = _file_serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        raise
    except BadSignature:
        return None
    if not isinstance(data, dict) or not all(isinstance(data.get(k), int) for k in ("u", "x")):
        return None
    return data["u"], data["x"]


def export_in_background(user: User) -> bool:
    """Whether ``user`` wrote more than EXPORT_BACKGROUND_POSTS posts: their export is built by
    the worker rather than in the request."""
    limit = int(current_app.config["EXPORT_BACKGROUND_POSTS"])
    posts = select(Post.id).where(Post.user_id == user.id).limit(limit + 1).subquery()
    return (db.session.scalar(select(func.count()).select_from(posts)) or 0) > limit


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def account_data(user: User) -> dict[str, Any]:
    profile = db.session.get(Profile, user.id)
    identity = db.session.get(Identity, user.id)
    data: dict[str, Any] = {
        "account": {
            "id": user.id,
            "username": user.username,
            "display_name": user.display_name,
            "email": user.email,
            "locale": user.locale,
            "created_at": _time(user.created_at),
        },
        "profile": None,
        "identity": (
            {
                "identity_key": identity.identity_key,
                "key_version": identity.key_version,
                "note": "a keyed hash of your identity number; the number is not stored",
            }
            if identity
            else None
        ),
        "provider_links": [
            {
                "provider": link.provider,
                "subject": link.subject,
                "created_at": _time(link.created_at),
                "last_used_at": _time(link.last_used_at),
            }
            for link in db.session.scalars(
                select(ProviderLink).where(ProviderLink.user_id == user.id)
            )
        ],
        "sessions": [
            {
                "created_at": _time(s.created_at),
                "last_seen_at": _time(s.last_seen_at),
                "expires_at": _time(s.expires_at),
                "provider": s.provider,
                "assurance_level": s.acr,
            }
            for s in db.session.scalars(select(UserSession).where(UserSession.user_id == user.id))
        ],
        "groups": list(
            db.session.scalars(
                select(Group.name)
                .join(GroupMembership, GroupMembership.group_id == Group.id)
                .where(GroupMembership.user_id == user.id)
            )
        ),
        "role_grants": [
            {
                "role": grant.role,
                "region": grant.region.code if grant.region else None,
                "organisation": grant.organisation.name if grant.organisation else None,
                "granted_at": _time(grant.created_at),
            }
            for grant in db.session.scalars(select(RoleGrant).where(RoleGrant.user_id == user.id))
        ],
        "role_requests": [
            {
                "role": r.role,
                "status": r.status,
                "message": r.message,
                "requested_at": _time(r.created_at),
                "decided_at": _time(r.decided_at),
            }
            for r in db.session.scalars(select(RoleRequest).where(RoleRequest.user_id == user.id))
        ],
        "audit_trail": [
            {"action": a.action, "details": a.details, "at": _time(a.created_at)}
            for a in db.session.scalars(
                select(AuditRecord).where(
                    or_(AuditRecord.subject_id == user.id, AuditRecord.actor_id == user.id)
                )
            )
        ],
    }
    if profile is not None:
        data["profile"] = {
            "verified_name": profile.verified_name,
            "show_verified_name": profile.show_verified_name,
            "organisations": [
                {"name": m.organisation.name, "title": m.title, "shown": m.shown}
                for m in profile.memberships
            ],
            "themes": [theme.name for theme in profile.themes],
            "bio": profile.bio_raw,
            "links": profile.links,
            "visibility": profile.visibility(),
            "sector": profile.sector,
            "regions": [region.code for region in profile.regions],
            "developer": profile.is_developer,
            "decision_maker": profile.is_decision_maker,
            "email_verified_at": _time(profile.email_verified_at),
            "terms_version": profile.terms_version,
            "terms_accepted_at": _time(profile.terms_accepted_at),
            "registered_at": _time(profile.registered_at),
        }
    for _plugin, (name, value) in call_hook("forum_account_export", disabled_too=True, user=user):
        data[name] = value
    return data


def export_zip(user: User) -> bytes:
    """The ZIP file: account.json with everything above."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "account.json", json.dumps(account_data(user), ensure_ascii=False, indent=2)
        )
    return buffer.getvalue()
