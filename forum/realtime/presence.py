"""Who is viewing a topic: names of signed-in people, a count of anonymous readers.

Kept in this process's memory, or in Redis (one hash per room) when FORUM_REDIS_URL is set so
that every worker process sees the same room.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from flask import current_app

from forum.event_types import Author, Presence

ROOM_TTL_SECONDS = 3600
_rooms: dict[str, dict[str, Author | None]] = {}
_lock = threading.Lock()


_clients: dict[str, Any] = {}


def _redis() -> Any:
    """One client (and connection pool) per Redis URL, not a new connection per join."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    client = _clients.get(url)
    if client is None:
        import redis

        client = _clients.setdefault(url, redis.Redis.from_url(url, socket_timeout=2))
    return client


def _key(room: str) -> str:
    return f"forum:presence:{room}"


def enter(room: str, sid: str, who: Author | None) -> None:
    client = _redis()
    if client is None:
        with _lock:
            _rooms.setdefault(room, {})[sid] = who
        return
    client.hset(_key(room), sid, json.dumps(who))
    client.expire(_key(room), ROOM_TTL_SECONDS)


def leave(room: str, sid: str) -> None:
    client = _redis()
    if client is None:
        with _lock:
            members = _rooms.get(room, {})
            members.pop(sid, None)
            if not members:
                _rooms.pop(room, None)
        return
    client.hdel(_key(room), sid)


def summary(room: str, topic_id: int) -> Presence:
    client = _redis()
    if client is None:
        with _lock:
            members = list(_rooms.get(room, {}).values())
    else:
        members = [json.loads(v) for v in client.hvals(_key(room))]
    people = {m["username"]: m for m in members if m}
    return {
        "topic_id": topic_id,
        "anonymous": sum(1 for m in members if m is None),
        "users": sorted(people.values(), key=lambda m: m["display_name"]),
    }
