"""Socket.IO events from clients: connect, join {room, since}, leave {room}, typing {topic_id}.

Each event takes one object. Malformed or refused requests (other arguments too) get an
``error`` event with a code and an acknowledgement saying the same; floods are cut off.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from flask import Flask, current_app, request, session
from flask_login import current_user
from flask_socketio import (
    ConnectionRefusedError,
    SocketIO,
    disconnect,
    emit,
    join_room,
    leave_room,
)
from sqlalchemy import select

from forum.auth.sessions import SESSION_TOKEN_KEY
from forum.event_payloads import author, post_created
from forum.events import check_shape, topic_room, user_room
from forum.extensions import db
from forum.http_input import is_db_int
from forum.models import Post, Profile, User
from forum.queries.tokens import token_by_secret
from forum.realtime import connections, presence, sockets
from forum.realtime.connections import Connection
from forum.realtime.rooms import parse

CATCH_UP_LIMIT = 50
TYPING_INTERVAL = 2.0
JOIN_BURST = 20  # joins allowed within JOIN_WINDOW seconds
JOIN_WINDOW = 10.0
MAX_ROOMS = 50
#: Joins and leaves of a room within this many seconds are announced as one presence event,
#: so N people arriving send N events in all, not one to everyone per arrival (N²/2).
PRESENCE_DELAY = 0.5
_presence_pending: set[tuple[int, str]] = set()
_presence_lock = threading.Lock()


def on_connect(auth: Any = None) -> None:
    """A token names its owner; otherwise the page's session cookie does; otherwise the
    connection is anonymous. Refused when the person behind it may not be here (the same rule
    as every later re-check: connections.standing)."""
    token_secret = auth.get("token") if isinstance(auth, dict) else None
    try:
        if token_secret is not None:
            token = token_by_secret(str(token_secret)) if isinstance(token_secret, str) else None
            if token is None:
                raise ConnectionRefusedError({"code": "invalid_token"})
            connection = Connection(request.sid, token.user_id, api_token_id=token.id)
        elif current_user.is_authenticated:
            connection = Connection(request.sid, current_user.id, session.get(SESSION_TOKEN_KEY))
        else:
            connection = Connection(request.sid, None)
        if connections.standing(connection).ended:
            raise ConnectionRefusedError({"code": "invalid_token"})
    finally:
        db.session.remove()
    connections.register(connection)
    if connection.user_id is not None:
        join_room(user_room(connection.user_id))


def on_disconnect(*_reason: Any) -> None:
    connection = connections.forget(request.sid)
    if connection is None:
        return
    for room in connection.rooms:
        _left_presence(room, request.sid)


def _error(code: str, **details: Any) -> dict:
    payload = {"code": code, **details}
    emit("error", payload)
    return {"ok": False, **payload}


def on_join(data: Any = None, *extra: Any) -> dict:
    connection = connections.get(request.sid)
    if connection is None:
        return _error("not_connected")
    now = time.monotonic()
    connection.joins.append(now)
    if len(connection.joins) == JOIN_BURST and now - connection.joins[0] < JOIN_WINDOW:
        _error("flood")
        disconnect()
        return {"ok": False, "code": "flood"}
    if extra or not isinstance(data, dict):
        return _error("bad_request")
    room = data.get("room")
    parsed = parse(room)
    since = data.get("since")
    if parsed is None or (since is not None and (not is_db_int(since) or since < 0)):
        return _error("bad_request", room=room if isinstance(room, str) else None)
    if len(connection.rooms) >= MAX_ROOMS and room not in connection.rooms:
        return _error("too_many_rooms", room=room)
    try:
        standing = connections.standing(connection)
        if standing.ended:
            _error("session_ended")
            disconnect()
            return {"ok": False, "code": "session_ended"}
        if not connections.may_stay(standing, room):
            return _error("forbidden", room=room)
        join_room(room)
        connection.rooms.add(room)
        kind, ident = parsed
        if kind == "topic":
            presence.enter(room, request.sid, _shown(standing.user))
            _broadcast_presence(room, ident)
            if since is not None:
                _catch_up(ident, since)
        return {"ok": True, "room": room}
    finally:
        db.session.remove()


def _shown(viewer: User | None) -> dict | None:
    """The viewer as others see them in presence: by name only if they allow it."""
    if viewer is None:
        return None
    profile = db.session.get(Profile, viewer.id)
    return author(viewer) if profile is None or profile.show_presence else None


def _catch_up(topic_id: int, since: int) -> None:
    posts = list(
        db.session.scalars(
            select(Post)
            .where(
                Post.topic_id == topic_id,
                Post.post_number > since,
                Post.deleted_at.is_(None),
            )
            .order_by(Post.post_number)
            .limit(CATCH_UP_LIMIT + 1)
        )
    )
    for post in posts[:CATCH_UP_LIMIT]:
        emit("post.created", post_created(post))
    if len(posts) > CATCH_UP_LIMIT:
        emit("catchup.truncated", {"topic_id": topic_id, "reload": True})


def on_leave(data: Any = None, *extra: Any) -> dict:
    connection = connections.get(request.sid)
    room = data.get("room") if isinstance(data, dict) and not extra else None
    if connection is None or not isinstance(room, str) or room not in connection.rooms:
        return _error("bad_request")
    leave_room(room)
    connection.rooms.discard(room)
    _left_presence(room, request.sid)
    return {"ok": True, "room": room}


def _left_presence(room: str, sid: str) -> None:
    parsed = parse(room)
    if parsed and parsed[0] == "topic":
        presence.leave(room, sid)
        _broadcast_presence(room, parsed[1])


def _broadcast_presence(room: str, topic_id: int) -> None:
    """Announce the room's presence PRESENCE_DELAY from now, unless that is already due."""
    server = sockets()
    key = (id(server), room)
    with _presence_lock:
        if key in _presence_pending:
            return
        _presence_pending.add(key)
    server.start_background_task(_send_presence, current_app._get_current_object(), room, topic_id)


def _send_presence(app: Flask, room: str, topic_id: int) -> None:
    server = sockets(app)
    server.sleep(PRESENCE_DELAY)
    with _presence_lock:
        _presence_pending.discard((id(server), room))
    with app.app_context():
        server.emit("presence", presence.summary(room, topic_id), to=room)


def on_typing(data: Any = None, *extra: Any) -> dict:
    connection = connections.get(request.sid)
    topic_id = data.get("topic_id") if isinstance(data, dict) and not extra else None
    if connection is None or not is_db_int(topic_id):
        return _error("bad_request")
    room = topic_room(topic_id)
    if connection.user_id is None or room not in connection.rooms:
        return _error("forbidden", room=room)
    now = time.monotonic()
    if now - connection.last_typing < TYPING_INTERVAL:
        return {"ok": False, "code": "too_fast"}
    connection.last_typing = now
    viewer = connections.standing(connection).user
    db.session.remove()
    if viewer is None:
        return _error("session_ended")
    payload = {"topic_id": topic_id, "user": author(viewer)}
    check_shape("typing", payload)
    emit("typing", payload, to=room, include_self=False)
    return {"ok": True}


def register(server: SocketIO) -> None:
    for name, handler in (
        ("connect", on_connect),
        ("disconnect", on_disconnect),
        ("join", on_join),
        ("leave", on_leave),
        ("typing", on_typing),
    ):
        server.on_event(name, handler)
