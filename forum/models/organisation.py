"""Organisations people belong to (with their role title in each), and the managed themes of
interest that profiles carry."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import Timestamped, UTCDateTime

if TYPE_CHECKING:
    from forum.models.profile import Profile
    from forum.models.region import Region
    from forum.models.user import User

ORGANISATION_NAME_MAX = 120
ORGANISATION_SLUG_MAX = 80
WEBSITE_MAX = 300
TITLE_MAX = 120
THEME_MAX = 60


class Organisation(Timestamped, db.Model):
    """A municipality, wellbeing services county, NGO, university, company or funder.

    Created unverified (by registration or an administrator); an administrator verifies it.
    Funder roles are granted only for verified organisations.
    """

    __tablename__ = "organisations"
    __table_args__ = (
        CheckConstraint(
            "sector IS NULL OR sector IN ('public', 'private', 'third_sector', 'research', "
            "'citizen')",
            name="sector",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(ORGANISATION_NAME_MAX), unique=True)
    slug: Mapped[str] = mapped_column(String(ORGANISATION_SLUG_MAX), unique=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id", ondelete="SET NULL"))
    sector: Mapped[str | None] = mapped_column(String(20))
    website: Mapped[str] = mapped_column(String(WEBSITE_MAX), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    verified: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    region: Mapped[Region | None] = relationship()

    def __repr__(self) -> str:
        return f"<Organisation {self.slug}>"


class OrganisationMembership(db.Model):
    """A person in an organisation, with their role title there; ``shown`` on its page."""

    __tablename__ = "organisation_memberships"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    title: Mapped[str] = mapped_column(String(TITLE_MAX), default="")
    shown: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    position: Mapped[int] = mapped_column(Integer, default=0)

    organisation: Mapped[Organisation] = relationship()
    user: Mapped[User] = relationship()
    profile: Mapped[Profile | None] = relationship(
        primaryjoin="foreign(OrganisationMembership.user_id) == Profile.user_id", viewonly=True
    )


class Theme(db.Model):
    """A theme of interest from the set administrators keep."""

    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(THEME_MAX), unique=True)

    def __repr__(self) -> str:
        return f"<Theme {self.name!r}>"
