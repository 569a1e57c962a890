"""Groups of people, the unit that permissions are granted to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import Timestamped

if TYPE_CHECKING:
    from forum.models.user import User

GROUP_NAME_MAX = 40

# Built-in groups. Membership of "everyone" and "registered" is implied, never stored.
EVERYONE = "everyone"
REGISTERED = "registered"
MODERATORS = "moderators"
ADMINISTRATORS = "administrators"
BUILTIN_GROUPS = (EVERYONE, REGISTERED, MODERATORS, ADMINISTRATORS)
IMPLIED_GROUPS = (EVERYONE, REGISTERED)


class Group(Timestamped, db.Model):
    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(GROUP_NAME_MAX), unique=True)
    title: Mapped[str] = mapped_column(String(80))
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)

    memberships: Mapped[list[GroupMembership]] = relationship(
        back_populates="group", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Group {self.name}>"


class GroupMembership(Timestamped, db.Model):
    __tablename__ = "group_memberships"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    user: Mapped[User] = relationship(back_populates="memberships")
    group: Mapped[Group] = relationship(back_populates="memberships")
