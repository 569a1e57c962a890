"""The connections this process holds, and the one rule for whether each may still be here.

``standing(connection)`` says who is behind a connection now: its account must exist, be active
(not erased) and not suspended, and its session must be live or its token unrevoked.
``may_stay(standing, room)`` adds that the person may still read the room. Connecting, joining
and every re-check ask these two and nothing else.

A change that may take rights away (a suspension, a revoked token, ended sessions, an erased
account, grants changed, someone left a group, a topic moved) asks every process to re-check its
connections, after commit: without Redis the check runs in this process; with Redis it is
broadcast on a channel every process listens to. Each process also re-checks all of its
connections every REALTIME_RECHECK_SECONDS, so that a broadcast lost while Redis was away, an
idle session or a penalty's expiry are noticed too. A connection that may no longer be here is
told why and disconnected; a room it may no longer read is left.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from flask import Flask, current_app
from flask_socketio import SocketIO

from forum.actions.sessions import is_live, token_id
from forum.extensions import db
from forum.models import ApiToken, User, UserSession
from forum.permissions import in_good_standing
from forum.realtime import presence, sockets
from forum.realtime.rooms import may_join, parse

log = logging.getLogger(__name__)
CHANNEL = "forum:realtime:revalidate"


@dataclass
class Connection:
    sid: str
    user_id: int | None
    session_token: str | None = None
    api_token_id: int | None = None
    rooms: set[str] = field(default_factory=set)
    last_typing: float = 0.0
    joins: deque = field(default_factory=lambda: deque(maxlen=20))


_lock = threading.Lock()


def _held(app: Flask | None = None) -> dict[str, Connection]:
    """The connections of this application's server in this process, by sid."""
    return (app or current_app).extensions.setdefault("forum_connections", {})


def register(connection: Connection) -> None:
    with _lock:
        _held()[connection.sid] = connection


def forget(sid: str) -> Connection | None:
    with _lock:
        return _held().pop(sid, None)


def get(sid: str) -> Connection | None:
    return _held().get(sid)


@dataclass(frozen=True)
class Standing:
    """Who is behind a connection now. ``ended``: it was opened by someone who may no longer
    be here (session ended, token revoked, account suspended or erased)."""

    user: User | None
    ended: bool = False


ENDED = Standing(None, ended=True)


def standing(connection: Connection) -> Standing:
    """The one rule for who is behind ``connection`` now (see the module's docstring)."""
    if connection.user_id is None:
        return Standing(None)
    user = db.session.get(User, connection.user_id)
    if user is None or not in_good_standing(user):
        return ENDED
    if connection.session_token is not None:
        record = db.session.get(UserSession, token_id(connection.session_token))
        if record is None or record.user_id != user.id or not is_live(record):
            return ENDED
    elif connection.api_token_id is not None:
        token = db.session.get(ApiToken, connection.api_token_id)
        if token is None or token.user_id != user.id or token.revoked_at is not None:
            return ENDED
    else:
        return ENDED  # a person's connection always comes with a session or a token
    return Standing(user)


def may_stay(now: Standing, room: str) -> bool:
    """May the connection whose standing is ``now`` be in (or join) ``room``?"""
    parsed = parse(room)
    return not now.ended and parsed is not None and may_join(now.user, *parsed)


def recheck(server: SocketIO, connection: Connection) -> None:
    """Disconnect ``connection`` if it may no longer be here, else leave the rooms it may no
    longer read. Runs in an application context."""
    now = standing(connection)
    if now.ended:
        server.emit("error", {"code": "session_ended"}, to=connection.sid)
        # Disconnecting leaves every room; on_disconnect tells the rooms' presence.
        server.server.disconnect(connection.sid, namespace="/")
        return
    for room in list(connection.rooms):
        if not may_stay(now, room):
            _leave(server, connection, room)
            server.emit("room.left", {"room": room, "reason": "forbidden"}, to=connection.sid)


def _leave(server: SocketIO, connection: Connection, room: str) -> None:
    server.server.leave_room(connection.sid, room, namespace="/")
    connection.rooms.discard(room)
    presence.leave(room, connection.sid)


def revalidate_here(app: Flask, user_id: int | None = None) -> None:
    """Re-check the connections of this process (only ``user_id``'s when given)."""
    server = sockets(app)
    with app.app_context():
        with _lock:
            held = list(_held(app).values())
        for connection in held:
            if user_id is not None and connection.user_id != user_id:
                continue
            try:
                recheck(server, connection)
            finally:
                db.session.remove()


def request_revalidation(user_id: int | None = None) -> None:
    """Ask every process to re-check its connections, or only ``user_id``'s when the change
    concerns one person (called after commit)."""
    app = current_app._get_current_object()
    url = app.config.get("REDIS_URL")
    if not url:
        revalidate_here(app, user_id)
        return
    import redis

    try:
        redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2).publish(
            CHANNEL, json.dumps({"at": time.time(), "user_id": user_id})
        )
    except redis.RedisError:
        log.warning("could not broadcast a connection re-check; checking this process only")
        revalidate_here(app, user_id)


def _user_id_of(message: dict) -> int | None:
    try:
        user_id = json.loads(message["data"]).get("user_id")
    except (ValueError, TypeError, AttributeError):
        return None
    return user_id if isinstance(user_id, int) else None


def start_revalidation_listener(app: Flask) -> None:
    """Re-check this process's connections every REALTIME_RECHECK_SECONDS and, with Redis,
    whenever any process asks."""
    if app.extensions.get("forum_revalidation_listener"):
        return
    app.extensions["forum_revalidation_listener"] = True
    server = sockets(app)
    interval = app.config.get("REALTIME_RECHECK_SECONDS") or 0

    def periodically() -> None:
        while True:
            server.sleep(interval)
            try:
                revalidate_here(app)
            except Exception:
                log.exception("the periodic connection re-check failed")

    if interval > 0:
        server.start_background_task(periodically)
    url = app.config.get("REDIS_URL")
    if not url:
        return
    import redis

    def listen() -> None:
        while True:
            try:
                pubsub = redis.Redis.from_url(url).pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(CHANNEL)
                for message in pubsub.listen():
                    if message.get("type") == "message":
                        revalidate_here(app, _user_id_of(message))
            except redis.RedisError:
                log.warning("connection re-check channel lost; retrying in 5 s")
                time.sleep(5)

    server.start_background_task(listen)
