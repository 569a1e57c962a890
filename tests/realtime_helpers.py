"""Real Socket.IO clients (python-socketio) for the real-time tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import socketio


class Listener:
    """A connected client that records every event it receives."""

    def __init__(self, url: str, *, token: str | None = None, cookie: str | None = None) -> None:
        self.events: list[tuple[str, Any]] = []
        self._changed = threading.Condition()
        self.client = socketio.Client(reconnection=False)
        self.client.on("*", self._record)
        headers = {"Cookie": cookie} if cookie else {}
        self.client.connect(
            url,
            auth={"token": token} if token else None,
            headers=headers,
            transports=["websocket"],
            wait_timeout=10,
        )

    def _record(self, event: str, data: Any = None) -> None:
        with self._changed:
            self.events.append((event, data))
            self._changed.notify_all()

    def join(self, room: str, since: int | None = None) -> dict:
        payload: dict[str, Any] = {"room": room}
        if since is not None:
            payload["since"] = since
        return self.client.call("join", payload, timeout=10)

    def named(self, name: str) -> list[Any]:
        return [data for event, data in self.events if event == name]

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not predicate():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._changed.wait(remaining)
        return True

    def close(self) -> None:
        if self.client.connected:
            self.client.disconnect()
