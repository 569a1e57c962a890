"""Event hooks (``forum_event_*``): called after the transaction that caused them commits, with
the event's declared payload (forum/event_types.py); they cannot undo or add to it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from forum.plugins_core.hookspecs import hookspec


@hookspec
def forum_event_user_registered(user_id: int) -> None:
    """A person completed registration. Example: ``log.info("welcome %s", user_id)``."""


@hookspec
def forum_event_topic_created(payload: Mapping[str, Any]) -> None:
    """A topic was created; ``payload`` is the ``topic.created`` event (forum/event_types.py).

    Example::

        @hookimpl
        def forum_event_topic_created(payload):
            queue_welcome(payload["topic_id"])
    """


@hookspec
def forum_event_post_created(payload: Mapping[str, Any]) -> None:
    """A post was made; ``payload`` is the ``post.created`` event.

    Example: ``count_words(payload["post_id"])``.
    """


@hookspec
def forum_event_post_edited(payload: Mapping[str, Any]) -> None:
    """A post was edited; ``payload`` is the ``post.updated`` event."""


@hookspec
def forum_event_post_hidden(payload: Mapping[str, Any]) -> None:
    """A moderator hid a post; ``payload`` is the ``post.hidden`` event."""


@hookspec
def forum_event_post_deleted(payload: Mapping[str, Any]) -> None:
    """A post was deleted (softly); ``payload`` is the ``post.deleted`` event."""


@hookspec
def forum_event_reaction_changed(payload: Mapping[str, Any]) -> None:
    """A reaction was added or removed; ``payload`` is the ``reaction.changed`` event."""


@hookspec
def forum_event_flag_raised(payload: Mapping[str, Any]) -> None:
    """Someone flagged a post for moderators; ``payload`` is the ``flag.raised`` event."""


@hookspec
def forum_event_moderation_act(payload: Mapping[str, Any]) -> None:
    """A moderator acted (hide, lock, move, silence); ``payload`` is ``moderation.act``."""


@hookspec
def forum_event_event_registration(payload: Mapping[str, Any]) -> None:
    """Someone registered for (or cancelled) an event; ``payload`` is ``event.registration``."""
