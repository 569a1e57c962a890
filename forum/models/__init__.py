"""Every model, imported here so that Alembic and the app see the whole schema."""

from forum.models.audit import AuditRecord
from forum.models.group import Group, GroupMembership
from forum.models.identity import Identity, ProviderLink
from forum.models.profile import Profile
from forum.models.region import Region
from forum.models.role import RoleGrant, RoleRequest
from forum.models.session import UserSession
from forum.models.space import Space, SpacePermission
from forum.models.user import User

__all__ = [
    "AuditRecord",
    "Group",
    "GroupMembership",
    "Identity",
    "Profile",
    "ProviderLink",
    "Region",
    "RoleGrant",
    "RoleRequest",
    "Space",
    "SpacePermission",
    "User",
    "UserSession",
]
