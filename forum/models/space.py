"""Spaces (categories) and the verbs groups hold on them."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import Timestamped
from forum.models.group import Group

SLUG_MAX = 60
NAME_MAX = 80
DESCRIPTION_MAX = 2000

# What a group may do in a space, from the weakest to the strongest.
SEE = "see"
READ = "read"
CREATE_TOPIC = "create_topic"
REPLY = "reply"
MODERATE = "moderate"
SPACE_VERBS = (SEE, READ, CREATE_TOPIC, REPLY, MODERATE)

# What a space is for. The one "messages" space holds private conversations: its topics are
# answered for by their participants (forum/permissions.py), never by the space's verbs, and it
# appears in no listing.
DISCUSSION = "discussion"
MESSAGES = "messages"


class Space(Timestamped, db.Model):
    __tablename__ = "spaces"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("spaces.id", ondelete="RESTRICT"), index=True
    )
    slug: Mapped[str] = mapped_column(String(SLUG_MAX), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    description: Mapped[str] = mapped_column(Text, default="")
    colour: Mapped[str] = mapped_column(String(7), default="#2f6f8f")
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20), default=DISCUSSION, server_default=DISCUSSION)
    # Which kinds of topic may be started here ("designated" news and event spaces).
    allows_discussion: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    allows_news: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    allows_events: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    parent: Mapped[Space | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Space]] = relationship(back_populates="parent", order_by="Space.position")
    permissions: Mapped[list[SpacePermission]] = relationship(
        back_populates="space", cascade="all, delete-orphan"
    )

    def allows(self, kind: str) -> bool:
        return bool(getattr(self, _KIND_FLAGS[kind]))

    def __repr__(self) -> str:
        return f"<Space {self.slug}>"


_KIND_FLAGS = {"discussion": "allows_discussion", "news": "allows_news", "event": "allows_events"}


class SpacePermission(db.Model):
    __tablename__ = "space_permissions"
    # ``verb`` is one of SPACE_VERBS or a verb a plugin introduced (forum_load_permission_verbs);
    # set_grants checks it.

    space_id: Mapped[int] = mapped_column(
        ForeignKey("spaces.id", ondelete="CASCADE"), primary_key=True
    )
    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    verb: Mapped[str] = mapped_column(String(20), primary_key=True)

    space: Mapped[Space] = relationship(back_populates="permissions")
    group: Mapped[Group] = relationship()
