"""The Redis message queue between worker processes, tolerant of Redis being away."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import socketio

from forum import redis_client
from forum.events import report_failure

#: Seconds between attempts to subscribe again while Redis is away.
LISTEN_RETRY_SECONDS = 1.0


class RedisQueue(socketio.RedisManager):
    """python-socketio's Redis manager, but a failure is reported once a minute
    (forum.events.report_failure) instead of logged for every event, a Redis that does not
    answer costs a request at most the client's timeouts, and a lost subscription is retried
    every LISTEN_RETRY_SECONDS, so that live delivery resumes promptly when Redis returns."""

    def __init__(self, url: str, **kwargs: Any) -> None:
        super().__init__(url, redis_options=dict(redis_client.OPTIONS), **kwargs)

    def _publish(self, data: Any) -> Any:
        try:
            if not self.connected:
                self._redis_connect()
            return self.redis.publish(self.channel, self.json.dumps(data))
        except Exception as error:
            self.connected = False
            report_failure(repr(error))
            return None

    def _redis_listen_with_retries(self) -> Iterator[dict[str, Any]]:
        while True:
            try:
                self._redis_connect()
                self.pubsub.subscribe(self.channel)
                yield from self.pubsub.listen()
            except Exception as error:
                report_failure(repr(error))
                time.sleep(LISTEN_RETRY_SECONDS)
