"""The forum's Redis clients, all with short timeouts: a Redis that is down refuses at once, and
one that is out of reach or stuck costs a request at most these few seconds, never a hang."""

from __future__ import annotations

from typing import Any

import redis

#: Seconds to wait for a connection to a Redis host that does not answer.
CONNECT_TIMEOUT = 0.5
#: Seconds to wait for a connected Redis to answer a command (above Huey's 1 s blocking read).
SOCKET_TIMEOUT = 2.0
OPTIONS: dict[str, Any] = {
    "socket_connect_timeout": CONNECT_TIMEOUT,
    "socket_timeout": SOCKET_TIMEOUT,
}

_clients: dict[str, redis.Redis] = {}


def pool(url: str) -> redis.ConnectionPool:
    """A connection pool with these timeouts, for a library that takes one (Huey)."""
    return redis.ConnectionPool.from_url(url, **OPTIONS)


def client(url: str) -> redis.Redis:
    """One client (and connection pool) per URL in this process, not a connection per use."""
    found = _clients.get(url)
    if found is None:
        found = _clients.setdefault(url, redis.Redis.from_url(url, **OPTIONS))
    return found
