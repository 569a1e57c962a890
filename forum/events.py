"""Real-time events, published only after the transaction that caused them commits.

Actions call ``publish_on_commit(name, room, payload)``; the event reaches every client in the
room (through Redis to every worker process when FORUM_REDIS_URL is set). If the message queue
is down, the write still stands: the failure is logged at most once a minute and clients catch
up when they reconnect.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

from flask import current_app

from forum.actions.base import on_commit
from forum.event_types import EVENT_TYPES
from forum.plugins_core.calls import fire_event

log = logging.getLogger(__name__)
LOG_INTERVAL = 60.0
_last_failure_logged = 0.0
#: Called as ``listener(name, room, payload)`` for each event that is published: tests
#: capture events with it.
LISTENERS: list[Callable[[str, str, Mapping[str, Any]], None]] = []


def check_shape(name: str, payload: Mapping[str, Any]) -> None:
    shape = EVENT_TYPES.get(name)
    if shape is None:
        raise ValueError(f"undeclared event {name!r}: add it to forum/event_types.py")
    expected = set(shape.__annotations__)
    if set(payload) != expected:
        raise ValueError(f"{name} payload keys {sorted(payload)} != declared {sorted(expected)}")


def report_failure(what: str) -> None:
    """Log a failure to send real-time events, at most once per LOG_INTERVAL."""
    global _last_failure_logged
    now = time.monotonic()
    if now - _last_failure_logged > LOG_INTERVAL:
        _last_failure_logged = now
        log.error("real-time events could not be sent (%s); posting goes on", what)


def publish(name: str, room: str, payload: Mapping[str, Any]) -> None:
    """Send now; use publish_on_commit from actions."""
    from forum.realtime import sockets

    for listener in LISTENERS:
        listener(name, room, payload)
    server = sockets()
    try:
        server.emit(name, dict(payload), to=room)
    except Exception as error:  # the data is committed already: report and go on
        report_failure(repr(error))
    # The emit only queued the event for each connection. Under gevent nothing else runs
    # until this request yields, so yield now: the connections send before the request goes
    # on to its other effects (search indexing, plugin hooks) and its response.
    server.sleep(0)


def publish_on_commit(name: str, room: str, payload: Mapping[str, Any]) -> None:
    if current_app.debug or current_app.testing:
        check_shape(name, payload)
    on_commit(lambda: publish(name, room, payload))
    on_commit(lambda: fire_event(name, payload))


def plugin_event_on_commit(name: str, payload: Mapping[str, Any]) -> None:
    """An event that only plugins receive (flag.raised, moderation.act): no page shows it."""
    if current_app.debug or current_app.testing:
        check_shape(name, payload)
    on_commit(lambda: fire_event(name, payload))


def topic_room(topic_id: int) -> str:
    return f"topic:{topic_id}"


def space_room(space_id: int) -> str:
    return f"space:{space_id}"


def user_room(user_id: int) -> str:
    return f"user:{user_id}"


def revalidate_connections(user_id: int | None = None) -> None:
    """After commit: every process re-checks its real-time connections' rooms and sessions
    (only ``user_id``'s connections when the change concerns one person)."""
    from forum.realtime.connections import request_revalidation

    request_revalidation(user_id)
