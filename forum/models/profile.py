"""What registration adds to an account: the verified name, sector, regions, self-declared
roles and the acceptance of the terms; and the profile others see, field by field as the
person chose (``ProfileVisibility``)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    String,
    Table,
    Text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import UTCDateTime

if TYPE_CHECKING:
    from forum.models.organisation import OrganisationMembership, Theme
    from forum.models.region import Region
    from forum.models.user import User

SECTORS = ("public", "private", "third_sector", "research", "citizen")
VERIFIED_NAME_MAX = 160
ORGANISATION_MAX = 120
AVATAR_VERSION_MAX = 16

# Who sees a profile field: everyone, registered actors, or only the person (and administrators).
PUBLIC, REGISTERED_ONLY, HIDDEN = "public", "registered", "hidden"
VISIBILITY_LEVELS = (PUBLIC, REGISTERED_ONLY, HIDDEN)
DEFAULT_VISIBILITY = REGISTERED_ONLY
PROFILE_FIELDS = (
    "organisations",
    "sector",
    "regions",
    "roles",
    "themes",
    "bio",
    "links",
    "activity",
)

profile_regions = Table(
    "profile_regions",
    db.metadata,
    Column("user_id", ForeignKey("profiles.user_id", ondelete="CASCADE"), primary_key=True),
    Column("region_id", ForeignKey("regions.id", ondelete="CASCADE"), primary_key=True),
)

profile_themes = Table(
    "profile_themes",
    db.metadata,
    Column("user_id", ForeignKey("profiles.user_id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True),
)


class Profile(db.Model):
    """One per account. Registration is complete once ``registered_at`` is set and the terms
    in force (TERMS_VERSION) are accepted."""

    __tablename__ = "profiles"
    __table_args__ = (
        CheckConstraint(
            "sector IS NULL OR sector IN ('public', 'private', 'third_sector', 'research', "
            "'citizen')",
            name="sector",
        ),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    # The name the identity provider vouched for; shown as "identified" only if the person wants.
    verified_name: Mapped[str | None] = mapped_column(String(VERIFIED_NAME_MAX))
    show_verified_name: Mapped[bool] = mapped_column(Boolean, default=False)
    sector: Mapped[str | None] = mapped_column(String(20))
    is_developer: Mapped[bool] = mapped_column(Boolean, default=False)
    is_decision_maker: Mapped[bool] = mapped_column(Boolean, default=False)
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    terms_version: Mapped[str | None] = mapped_column(String(20))
    terms_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Whether others reading the same topic see this person's name (otherwise: a count).
    show_presence: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    bio_raw: Mapped[str] = mapped_column(Text, default="", server_default="")
    bio_cooked: Mapped[str] = mapped_column(Text, default="", server_default="")
    links: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    # Names the current avatar files; None: initials are shown.
    avatar_version: Mapped[str | None] = mapped_column(String(AVATAR_VERSION_MAX))

    user: Mapped[User] = relationship()
    regions: Mapped[list[Region]] = relationship(secondary=profile_regions, order_by="Region.code")
    themes: Mapped[list[Theme]] = relationship(secondary=profile_themes, order_by="Theme.name")
    memberships: Mapped[list[OrganisationMembership]] = relationship(
        primaryjoin="Profile.user_id == foreign(OrganisationMembership.user_id)",
        order_by="OrganisationMembership.position",
        viewonly=True,
    )
    visibility_rows: Mapped[list[ProfileVisibility]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def organisation(self) -> str:
        """The name of the person's first organisation ("" when none)."""
        return self.memberships[0].organisation.name if self.memberships else ""

    def visibility(self) -> dict[str, str]:
        """Every profile field with who may see it."""
        chosen = {row.field: row.level for row in self.visibility_rows}
        return {name: chosen.get(name, DEFAULT_VISIBILITY) for name in PROFILE_FIELDS}


class ProfileVisibility(db.Model):
    """Who sees one field of a profile; a field without a row has DEFAULT_VISIBILITY."""

    __tablename__ = "profile_visibility"
    __table_args__ = (CheckConstraint("level IN ('public', 'registered', 'hidden')", name="level"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.user_id", ondelete="CASCADE"), primary_key=True
    )
    field: Mapped[str] = mapped_column(String(20), primary_key=True)
    level: Mapped[str] = mapped_column(String(12))
