"""Values of the extra profile fields plugins declare (forum_gather_profile_fields).

The core keeps them, not the plugins, so that export, erasure and who-sees-it work the same for
every plugin; a plugin switched off keeps its rows, which simply are not shown.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db
from forum.models.profile import DEFAULT_VISIBILITY

PLUGIN_NAME_MAX = 60
FIELD_NAME_MAX = 40
VALUE_MAX = 500


class PluginProfileValue(db.Model):
    """One person's value of one plugin profile field, with who may see it."""

    __tablename__ = "plugin_profile_values"
    __table_args__ = (CheckConstraint("level IN ('public', 'registered', 'hidden')", name="level"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.user_id", ondelete="CASCADE"), primary_key=True
    )
    plugin: Mapped[str] = mapped_column(String(PLUGIN_NAME_MAX), primary_key=True)
    field: Mapped[str] = mapped_column(String(FIELD_NAME_MAX), primary_key=True)
    value: Mapped[str] = mapped_column(String(VALUE_MAX))
    level: Mapped[str] = mapped_column(String(12), default=DEFAULT_VISIBILITY)
