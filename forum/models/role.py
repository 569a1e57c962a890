"""Roles that need an administrator: what people ask for, and what was decided."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import Timestamped, UTCDateTime

if TYPE_CHECKING:
    from forum.models.organisation import Organisation
    from forum.models.region import Region
    from forum.models.user import User

FUNDER = "funder"
WEAVER = "weaver"
REQUESTABLE_ROLES = (FUNDER, WEAVER)
PENDING, APPROVED, DECLINED = "pending", "approved", "declined"


class RoleRequest(Timestamped, db.Model):
    """A role a person asked for at registration (funder, weaver), until decided."""

    __tablename__ = "role_requests"
    __table_args__ = (
        CheckConstraint("role IN ('funder', 'weaver')", name="role"),
        CheckConstraint("status IN ('pending', 'approved', 'declined')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=PENDING)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    message: Mapped[str] = mapped_column(Text, default="")

    user: Mapped[User] = relationship(foreign_keys=[user_id])


MODERATOR = "moderator"
ADMINISTRATOR = "administrator"
GRANTABLE_ROLES = (WEAVER, FUNDER, MODERATOR, ADMINISTRATOR)


class RoleGrant(Timestamped, db.Model):
    """A weaver role for one region, or a funder role for one verified organisation.

    Moderators and administrators are members of the built-in groups; weavers of region X are
    members of the group "weavers-<code>", funders of the group "funders", so that spaces can
    grant them verbs like any other group.
    """

    __tablename__ = "role_grants"
    __table_args__ = (
        CheckConstraint("role IN ('funder', 'weaver')", name="role"),
        CheckConstraint(
            "(role = 'weaver' AND region_id IS NOT NULL AND organisation_id IS NULL) OR "
            "(role = 'funder' AND region_id IS NULL AND organisation_id IS NOT NULL)",
            name="scope",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE")
    )
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    region: Mapped[Region | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
