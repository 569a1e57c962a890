"""Accounts: creation and personal settings."""

from __future__ import annotations

import re

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from forum.actions.base import action
from forum.actions.errors import Conflict, ValidationError
from forum.extensions import db
from forum.models import Group, GroupMembership, Profile, User
from forum.models.base import utcnow
from forum.models.user import DISPLAY_NAME_MAX, EMAIL_MAX, USERNAME_MAX
from forum.plugins_core.calls import fire_on_commit
from forum.search import index_on_commit
from forum.text import clean_line, visible_line

USERNAME_RE = re.compile(r"^[a-z0-9](?:[a-z0-9_.-]*[a-z0-9])?$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
USERNAME_MIN = 3


def normalise_username(username: str) -> str:
    name = clean_line(username, field="username").lower()
    if not USERNAME_MIN <= len(name) <= USERNAME_MAX or not USERNAME_RE.match(name):
        raise ValidationError(
            _(
                "A username has %(min)d to %(max)d letters a-z, digits, dots, dashes or "
                "underscores, and starts and ends with a letter or digit.",
                min=USERNAME_MIN,
                max=USERNAME_MAX,
            ),
            field="username",
        )
    return name


def normalise_email(email: str | None) -> str | None:
    if email is None or not email.strip():
        return None
    address = clean_line(email, field="email")
    if len(address) > EMAIL_MAX or not EMAIL_RE.match(address):
        raise ValidationError(_("That is not an e-mail address."), field="email")
    local, _sep, domain = address.rpartition("@")
    return f"{local}@{domain.lower()}"


def clean_display_name(value: str) -> str:
    """A display name: one line with something visible in it, within the length limit."""
    display = visible_line(value, field="display_name")
    if len(display) > DISPLAY_NAME_MAX:
        raise ValidationError(
            _("A display name has 1 to %(max)d characters.", max=DISPLAY_NAME_MAX),
            field="display_name",
        )
    return display


@action
def create_user(
    username: str,
    display_name: str,
    email: str | None = None,
    *,
    groups: tuple[str, ...] = (),
    locale: str | None = None,
) -> User:
    """Create an account. ``groups`` names stored groups (e.g. "administrators") to join."""
    name = normalise_username(username)
    display = clean_display_name(display_name)
    address = normalise_email(email)
    if db.session.scalar(select(User.id).where(User.username == name)):
        raise Conflict(_("The username %(name)s is taken.", name=name), field="username")
    if address and db.session.scalar(
        select(User.id).where(func.lower(User.email) == address.lower())
    ):
        raise Conflict(_("That e-mail address is already in use."), field="email")
    user = User(username=name, display_name=display, email=address, locale=locale)
    db.session.add(user)
    for group_name in groups:
        group = db.session.scalar(select(Group).where(Group.name == group_name))
        if group is None:
            raise ValidationError(_("No group is called %(name)s.", name=group_name))
        db.session.add(GroupMembership(user=user, group=group))
    db.session.flush()
    # An account an operator or a script makes is complete; a strongly identified person
    # completes theirs through the registration form (forum/actions/accounts.py).
    now = utcnow()
    db.session.add(
        Profile(
            user_id=user.id,
            registered_at=now,
            terms_version=str(current_app.config["TERMS_VERSION"]),
            terms_accepted_at=now,
        )
    )
    db.session.flush()
    fire_on_commit("forum_event_user_registered", user_id=user.id)
    index_on_commit(f"user:{user.id}")
    return user


@action
def set_locale(user: User, locale: str, languages: tuple[str, ...]) -> None:
    """Remember the interface language the person chose."""
    if locale not in languages:
        raise ValidationError(_("That language is not available."), field="locale")
    user.locale = locale
