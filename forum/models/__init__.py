"""Every model, imported here so that Alembic and the app see the whole schema."""

from forum.models.group import Group, GroupMembership
from forum.models.region import Region
from forum.models.space import Space, SpacePermission
from forum.models.user import User

__all__ = ["Group", "GroupMembership", "Region", "Space", "SpacePermission", "User"]
