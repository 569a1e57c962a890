"""The connections this process holds, and checking them again when permissions change.

A change that may take rights away (a topic moved, grants changed, someone left a group,
sessions ended) asks every process to re-check its connections: each room a connection is in
must still be readable, and its session or token must still be live. Without Redis the check
runs in this process; with Redis it is broadcast on a channel every process listens to.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from flask import Flask, current_app

from forum.actions.sessions import is_live, token_id
from forum.extensions import db
from forum.models import ApiToken, User, UserSession
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


CONNECTIONS: dict[str, Connection] = {}
_lock = threading.Lock()


def register(connection: Connection) -> None:
    with _lock:
        CONNECTIONS[connection.sid] = connection


def forget(sid: str) -> Connection | None:
    with _lock:
        return CONNECTIONS.pop(sid, None)


def get(sid: str) -> Connection | None:
    return CONNECTIONS.get(sid)


def user_of(connection: Connection) -> User | None:
    """The connection's user while its session or token is live; None otherwise."""
    if connection.user_id is None:
        return None
    user = db.session.get(User, connection.user_id)
    if user is None or not user.is_active:
        return None
    if connection.session_token is not None:
        record = db.session.get(UserSession, token_id(connection.session_token))
        if record is None or record.user_id != user.id or not is_live(record):
            return None
    if connection.api_token_id is not None:
        token = db.session.get(ApiToken, connection.api_token_id)
        if token is None or token.revoked_at is not None:
            return None
    return user


def revalidate_here(app: Flask) -> None:
    """Re-check every connection of this process."""
    server = sockets(app)
    with app.app_context():
        for connection in list(CONNECTIONS.values()):
            user = user_of(connection)
            if connection.user_id is not None and user is None:
                server.emit("error", {"code": "session_ended"}, to=connection.sid)
                server.server.disconnect(connection.sid, namespace="/")
                continue
            for room in list(connection.rooms):
                parsed = parse(room)
                if parsed is None or not may_join(user, *parsed):
                    server.server.leave_room(connection.sid, room, namespace="/")
                    connection.rooms.discard(room)
                    presence.leave(room, connection.sid)
                    server.emit(
                        "room.left", {"room": room, "reason": "forbidden"}, to=connection.sid
                    )
            db.session.remove()


def request_revalidation() -> None:
    """Ask every process to re-check its connections (called after commit)."""
    app = current_app._get_current_object()
    url = app.config.get("REDIS_URL")
    if not url:
        revalidate_here(app)
        return
    import redis

    try:
        redis.Redis.from_url(url, socket_timeout=2).publish(
            CHANNEL, json.dumps({"at": time.time()})
        )
    except redis.RedisError:
        log.warning("could not broadcast a connection re-check; checking this process only")
        revalidate_here(app)


def start_revalidation_listener(app: Flask) -> None:
    url = app.config.get("REDIS_URL")
    if not url or app.extensions.get("forum_revalidation_listener"):
        return
    app.extensions["forum_revalidation_listener"] = True
    import redis

    def listen() -> None:
        while True:
            try:
                pubsub = redis.Redis.from_url(url).pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(CHANNEL)
                for message in pubsub.listen():
                    if message.get("type") == "message":
                        revalidate_here(app)
            except redis.RedisError:
                log.warning("connection re-check channel lost; retrying in 5 s")
                time.sleep(5)

    sockets(app).start_background_task(listen)
