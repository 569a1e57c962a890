"""Every model, imported here so that Alembic and the app see the whole schema."""

from forum.models.account_export import AccountExport
from forum.models.audit import AuditRecord
from forum.models.block import Block
from forum.models.conversation import ConversationParticipant
from forum.models.event import CalendarFeed, Event, EventRegistration
from forum.models.group import Group, GroupMembership
from forum.models.identity import Identity, ProviderLink
from forum.models.moderation import Flag, Penalty, PostHold, SpaceRule, TopicRule, UserReport
from forum.models.news import NewsItem
from forum.models.notification import MailSettings, Notification, OutgoingMail, Watch
from forum.models.organisation import Organisation, OrganisationMembership, Theme
from forum.models.page_version import PageVersion
from forum.models.plugin import PluginState
from forum.models.plugin_profile import PluginProfileValue
from forum.models.post import Bookmark, Post, PostRevision, Reaction
from forum.models.profile import Profile, ProfileVisibility
from forum.models.reading import Draft, TopicRead
from forum.models.region import Region
from forum.models.request_key import RequestKey
from forum.models.role import RoleGrant, RoleRequest
from forum.models.search import SearchDocumentRow
from forum.models.session import UserSession
from forum.models.space import Space, SpacePermission
from forum.models.token import ApiToken
from forum.models.topic import Tag, Topic
from forum.models.user import User

__all__ = [
    "AccountExport",
    "ApiToken",
    "AuditRecord",
    "Block",
    "Bookmark",
    "CalendarFeed",
    "ConversationParticipant",
    "Draft",
    "Event",
    "EventRegistration",
    "Flag",
    "Group",
    "GroupMembership",
    "Identity",
    "MailSettings",
    "NewsItem",
    "Notification",
    "Organisation",
    "OrganisationMembership",
    "OutgoingMail",
    "PageVersion",
    "Penalty",
    "PluginProfileValue",
    "PluginState",
    "Post",
    "PostHold",
    "PostRevision",
    "Profile",
    "ProfileVisibility",
    "ProviderLink",
    "Reaction",
    "Region",
    "RequestKey",
    "RoleGrant",
    "RoleRequest",
    "SearchDocumentRow",
    "Space",
    "SpacePermission",
    "SpaceRule",
    "Tag",
    "Theme",
    "Topic",
    "TopicRead",
    "TopicRule",
    "User",
    "UserReport",
    "UserSession",
    "Watch",
]
