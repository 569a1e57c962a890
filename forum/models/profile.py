"""What registration adds to an account: the verified name, organisation, sector, regions,
self-declared roles and the acceptance of the terms."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, String, Table, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import UTCDateTime

if TYPE_CHECKING:
    from forum.models.region import Region
    from forum.models.user import User

SECTORS = ("public", "private", "third_sector", "research", "citizen")
VERIFIED_NAME_MAX = 160
ORGANISATION_MAX = 120

profile_regions = Table(
    "profile_regions",
    db.metadata,
    Column("user_id", ForeignKey("profiles.user_id", ondelete="CASCADE"), primary_key=True),
    Column("region_id", ForeignKey("regions.id", ondelete="CASCADE"), primary_key=True),
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
    organisation: Mapped[str] = mapped_column(String(ORGANISATION_MAX), default="")
    sector: Mapped[str | None] = mapped_column(String(20))
    is_developer: Mapped[bool] = mapped_column(Boolean, default=False)
    is_decision_maker: Mapped[bool] = mapped_column(Boolean, default=False)
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    terms_version: Mapped[str | None] = mapped_column(String(20))
    terms_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Whether others reading the same topic see this person's name (otherwise: a count).
    show_presence: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    user: Mapped[User] = relationship()
    regions: Mapped[list[Region]] = relationship(secondary=profile_regions, order_by="Region.code")
