"""The Redis message queue between worker processes, tolerant of Redis being away."""

from __future__ import annotations

from typing import Any

import socketio

from forum.events import report_failure

REDIS_OPTIONS = {"socket_timeout": 2, "socket_connect_timeout": 2}


class RedisQueue(socketio.RedisManager):
    """python-socketio's Redis manager, but a failed publish is reported once a minute
    (forum.events.report_failure) instead of logged and retried for every event, and a
    Redis that does not answer costs a request at most the socket timeout."""

    def __init__(self, url: str, **kwargs: Any) -> None:
        super().__init__(url, redis_options=dict(REDIS_OPTIONS), **kwargs)

    def _publish(self, data: Any) -> Any:
        try:
            if not self.connected:
                self._redis_connect()
            return self.redis.publish(self.channel, self.json.dumps(data))
        except Exception as error:
            self.connected = False
            report_failure(repr(error))
            return None
