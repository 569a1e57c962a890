"""Blocking: one person stops hearing from another (messages, mentions, notifications)."""

from __future__ import annotations

from flask_babel import gettext as _

from forum.actions.base import action
from forum.actions.errors import ValidationError
from forum.actions.topics import require_registered
from forum.extensions import db
from forum.models import Block, User
from forum.permissions import forget


@action
def block_user(actor: User, target: User) -> bool:
    """Block ``target``; False when they were blocked already."""
    require_registered(actor)
    if target.id == actor.id:
        raise ValidationError(_("You cannot block yourself."))
    if db.session.get(Block, (actor.id, target.id)) is not None:
        return False
    db.session.add(Block(blocker_id=actor.id, blocked_id=target.id))
    db.session.flush()
    forget()
    return True


@action
def unblock_user(actor: User, target: User) -> bool:
    """Lift a block; False when there was none."""
    block = db.session.get(Block, (actor.id, target.id))
    if block is None:
        return False
    db.session.delete(block)
    db.session.flush()
    forget()
    return True
