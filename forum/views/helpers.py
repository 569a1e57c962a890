"""Small helpers the views share."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from flask import current_app, url_for
from flask_babel import format_datetime, get_locale, get_timezone
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from werkzeug.exceptions import abort

from forum.actions.erasure import ERASED_PREFIX
from forum.actions.errors import ActionError
from forum.models import Post, Topic, User
from forum.queries.posts import page_of


def attach_error(form: FlaskForm, error: ActionError) -> None:
    """Show an action's error beside the field it concerns, or above the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def topic_url(topic: Topic, post_number: int | None = None, **values: object) -> str:
    """The page of ``topic`` that holds ``post_number``, with its anchor."""
    page = page_of(post_number) if post_number else None
    if page and page > 1:
        values["page"] = page
    anchor = f"p{post_number}" if post_number else None
    return url_for("topics.show", topic_id=topic.id, slug=topic.slug, _anchor=anchor, **values)


def post_url(post: Post) -> str:
    return topic_url(post.topic, post.post_number)


def reaction_labels() -> dict[str, str]:
    """The configured reactions with their names in the reader's language."""
    names = {"like": _("Like"), "thanks": _("Thanks"), "insightful": _("Insightful")}
    return {kind: names.get(kind, kind) for kind in current_app.config["REACTIONS"]}


def timetag(moment: datetime, format: str = "short") -> Markup:
    """A <time> element: machine-readable in UTC, shown in the forum's time zone and language."""
    return Markup('<time datetime="{}">{}</time>').format(
        moment.isoformat(), _local_time(moment, format, str(get_locale()), str(get_timezone()))
    )


@lru_cache(maxsize=4096)
def _local_time(moment: datetime, format: str, _locale: str, _zone: str) -> str:
    """Babel's text for ``moment``, remembered: formatting costs tens of microseconds and a
    page shows the same posts' dates to every reader. Babel reads the language and time zone
    from the request, so they are part of the key."""
    return format_datetime(moment, format)


def is_present(user: User | None) -> bool:
    """False for a deleted or erased account, whose content stays under an anonymous author."""
    return user is not None and not user.username.startswith(ERASED_PREFIX)


def author(user: User | None) -> str:
    return user.display_name if is_present(user) else _("Former member")


def require_signed_in() -> None:
    if not current_user.is_authenticated:
        abort(403)
