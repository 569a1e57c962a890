"""Every model, imported here so that Alembic and the app see the whole schema."""

from forum.models.group import Group, GroupMembership
from forum.models.post import Bookmark, Post, PostRevision, Reaction
from forum.models.reading import Draft, TopicRead
from forum.models.region import Region
from forum.models.space import Space, SpacePermission
from forum.models.token import ApiToken
from forum.models.topic import Tag, Topic
from forum.models.user import User

__all__ = [
    "ApiToken",
    "Bookmark",
    "Draft",
    "Group",
    "GroupMembership",
    "Post",
    "PostRevision",
    "Reaction",
    "Region",
    "Space",
    "SpacePermission",
    "Tag",
    "Topic",
    "TopicRead",
    "User",
]
