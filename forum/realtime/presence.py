"""Who is viewing a topic: names of signed-in people, a count of anonymous readers.

Kept in this process's memory, or in Redis (one hash per room) when FORUM_REDIS_URL is set so
that every worker process sees the same room. While Redis is away, presence falls back to this
process's memory (the failure is reported once a minute) and a join answers at once; it goes
back to Redis when Redis answers again.
"""

from __future__ import annotations

import json
import threading

import redis
from flask import current_app

from forum import redis_client
from forum.event_types import Author, Presence
from forum.events import report_failure

ROOM_TTL_SECONDS = 3600
_rooms: dict[str, dict[str, Author | None]] = {}
_lock = threading.Lock()


def _redis() -> redis.Redis | None:
    url = current_app.config.get("REDIS_URL")
    return redis_client.client(url) if url else None


def _key(room: str) -> str:
    return f"forum:presence:{room}"


def enter(room: str, sid: str, who: Author | None) -> None:
    client = _redis()
    if client is not None:
        try:
            client.pipeline().hset(_key(room), sid, json.dumps(who)).expire(
                _key(room), ROOM_TTL_SECONDS
            ).execute()
            return
        except redis.RedisError as error:
            report_failure(repr(error))
    with _lock:
        _rooms.setdefault(room, {})[sid] = who


def leave(room: str, sid: str) -> None:
    client = _redis()
    if client is not None:
        try:
            client.hdel(_key(room), sid)
        except redis.RedisError as error:
            report_failure(repr(error))
    # Also here: the person may have entered while Redis was away.
    with _lock:
        members = _rooms.get(room, {})
        members.pop(sid, None)
        if not members:
            _rooms.pop(room, None)


def _members(room: str) -> list[Author | None]:
    client = _redis()
    if client is not None:
        try:
            return [json.loads(v) for v in client.hvals(_key(room))]
        except redis.RedisError as error:
            report_failure(repr(error))
    with _lock:
        return list(_rooms.get(room, {}).values())


def summary(room: str, topic_id: int) -> Presence:
    members = _members(room)
    people = {m["username"]: m for m in members if m}
    return {
        "topic_id": topic_id,
        "anonymous": sum(1 for m in members if m is None),
        "users": sorted(people.values(), key=lambda m: m["display_name"]),
    }
