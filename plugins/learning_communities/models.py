"""Regional centres, regional spaces, learning communities, their members and gatherings.

Tables carry the short prefix ``lc_`` (PostgreSQL limits constraint names to 63 characters,
which the plugin's full name would overrun).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import Timestamped

if TYPE_CHECKING:
    from forum.models import Region, Space, Topic, User

NAME_MAX = 120
SLUG_MAX = 60
REASON_MAX = 500

OPEN, BY_REQUEST, BY_INVITATION = "open", "request", "invitation"
POLICIES = (OPEN, BY_REQUEST, BY_INVITATION)
PUBLIC, MEMBERS_ONLY = "public", "members"
VISIBILITIES = (PUBLIC, MEMBERS_ONLY)
FORMING, ACTIVE, DORMANT, CLOSED = "forming", "active", "dormant", "closed"
STATUSES = (FORMING, ACTIVE, DORMANT, CLOSED)

MEMBER, FACILITATOR = "member", "facilitator"
JOINED, REQUESTED, INVITED = "joined", "requested", "invited"

NETWORKING, CLINIC, FUTURE_WORKSHOP = "networking", "clinic", "future_workshop"
GATHERING_KINDS = (NETWORKING, CLINIC, FUTURE_WORKSHOP)


class RegionalCentre(db.Model):
    """A regional centre (the weavers' employer), valid for a period; loaded from data."""

    __tablename__ = "lc_regional_centres"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_fi: Mapped[str] = mapped_column(String(NAME_MAX))
    name_sv: Mapped[str] = mapped_column(String(NAME_MAX))
    name_en: Mapped[str] = mapped_column(String(NAME_MAX))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)

    regions: Mapped[list[Region]] = relationship(
        secondary="lc_centre_regions", order_by="Region.code"
    )

    def name(self, locale: str) -> str:
        return {"sv": self.name_sv, "en": self.name_en}.get(locale, self.name_fi)


centre_regions = Table(
    "lc_centre_regions",
    db.metadata,
    Column("centre_id", ForeignKey("lc_regional_centres.id", ondelete="CASCADE"), primary_key=True),
    Column("region_id", ForeignKey("regions.id", ondelete="CASCADE"), primary_key=True),
)


class RegionSpace(db.Model):
    """A core space that belongs to a region: the region's weavers moderate it."""

    __tablename__ = "lc_region_spaces"

    space_id: Mapped[int] = mapped_column(
        ForeignKey("spaces.id", ondelete="CASCADE"), primary_key=True
    )
    region_id: Mapped[int] = mapped_column(
        ForeignKey("regions.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    space: Mapped[Space] = relationship()
    region: Mapped[Region] = relationship()


community_regions = Table(
    "lc_community_regions",
    db.metadata,
    Column("community_id", ForeignKey("lc_communities.id", ondelete="CASCADE"), primary_key=True),
    Column("region_id", ForeignKey("regions.id", ondelete="CASCADE"), primary_key=True),
)


class Community(Timestamped, db.Model):
    """A learning community: its own space, members, gatherings; regions none = national."""

    __tablename__ = "lc_communities"
    __table_args__ = (
        CheckConstraint("policy IN ('open', 'request', 'invitation')", name="policy"),
        CheckConstraint("visibility IN ('public', 'members')", name="visibility"),
        CheckConstraint("status IN ('forming', 'active', 'dormant', 'closed')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(SLUG_MAX), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    description: Mapped[str] = mapped_column(Text, default="")
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    policy: Mapped[str] = mapped_column(String(12), default=OPEN)
    visibility: Mapped[str] = mapped_column(String(12), default=PUBLIC)
    status: Mapped[str] = mapped_column(String(12), default=FORMING)
    closed_reason: Mapped[str] = mapped_column(String(REASON_MAX), default="")
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id", ondelete="RESTRICT"))
    members_group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="RESTRICT"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    space: Mapped[Space] = relationship()
    regions: Mapped[list[Region]] = relationship(
        secondary=community_regions, order_by="Region.code"
    )
    members: Mapped[list[CommunityMember]] = relationship(
        back_populates="community", cascade="all, delete-orphan"
    )


class CommunityMember(Timestamped, db.Model):
    """A person's place in a community: joined, or a request or invitation not yet answered."""

    __tablename__ = "lc_community_members"
    __table_args__ = (
        CheckConstraint("role IN ('member', 'facilitator')", name="role"),
        CheckConstraint("state IN ('joined', 'requested', 'invited')", name="state"),
    )

    community_id: Mapped[int] = mapped_column(
        ForeignKey("lc_communities.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(12), default=MEMBER)
    state: Mapped[str] = mapped_column(String(12), default=JOINED)

    community: Mapped[Community] = relationship(back_populates="members")
    user: Mapped[User] = relationship()


class Gathering(db.Model):
    """A core topic tagged as a gathering of a community, and its summary once held."""

    __tablename__ = "lc_gatherings"
    __table_args__ = (
        CheckConstraint("kind IN ('networking', 'clinic', 'future_workshop')", name="kind"),
    )

    topic_id: Mapped[int] = mapped_column(
        ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True
    )
    community_id: Mapped[int] = mapped_column(
        ForeignKey("lc_communities.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    minutes_raw: Mapped[str] = mapped_column(Text, default="")
    minutes_cooked: Mapped[str] = mapped_column(Text, default="")
    participants: Mapped[int | None] = mapped_column(Integer)
    organisations: Mapped[list[str]] = mapped_column(JSON, default=list)
    produced_topic_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    summary_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    topic: Mapped[Topic] = relationship()
    community: Mapped[Community] = relationship()
