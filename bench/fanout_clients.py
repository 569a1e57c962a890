"""The measuring side of the real-time benchmark: Socket.IO clients on one asyncio loop.

A client process (started by bench/realtime.py, one per core, as
``python -m bench.fanout_clients`` in an environment of its own that has aiohttp) holds any
number of ``socketio.AsyncClient``s in named sets (``forum``, ``bare``) and answers commands,
one JSON array per line on standard input, with one JSON value per line on standard output:

- ``["connect", name, url, room, count]``: connect ``count`` clients over websocket and join
  ``room``; answers how many are in.
- ``["wait", name, number, seconds]``: wait until every client of the set has the
  ``post.created`` with ``post_number == number``; answers how many have it, the time of the
  last receipt (``time.monotonic()``, the same clock in every process) and one payload.
- ``["close"]``: disconnect everything and end.

Each receipt is stamped in the event handler, so a client's own work is not counted, and the
same clients serve the forum and the bare engine, so both are measured alike.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from dataclasses import dataclass, field

import socketio

CONNECT_CONCURRENCY = 25


@dataclass
class ClientSet:
    clients: list[socketio.AsyncClient] = field(default_factory=list)
    arrivals: dict[int, list[float]] = field(default_factory=dict)
    payloads: dict[int, dict] = field(default_factory=dict)
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    def received(self, data: dict) -> None:
        number = data["post_number"]
        self.arrivals.setdefault(number, []).append(time.monotonic())
        self.payloads.setdefault(number, data)
        self.changed.set()

    def connected(self) -> int:
        return sum(1 for client in self.clients if client.connected)


async def connect(group: ClientSet, url: str, room: str, count: int) -> int:
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)

    async def one() -> None:
        client = socketio.AsyncClient(reconnection=False)
        client.on("post.created", group.received)
        async with gate:
            await client.connect(url, transports=["websocket"], wait_timeout=60)
            answer = await client.call("join", {"room": room}, timeout=60)
        if not (isinstance(answer, dict) and answer.get("ok")):
            raise RuntimeError(f"join refused: {answer!r}")
        group.clients.append(client)

    await asyncio.gather(*(one() for _ in range(count)))
    return group.connected()


async def wait(group: ClientSet, number: int, seconds: float) -> tuple[int, float | None, dict]:
    deadline = time.monotonic() + seconds
    while len(group.arrivals.get(number, [])) < len(group.clients):
        group.changed.clear()
        left = deadline - time.monotonic()
        if left <= 0:
            break
        try:
            await asyncio.wait_for(group.changed.wait(), left)
        except TimeoutError:
            break
    got = group.arrivals.pop(number, [])
    return len(got), max(got, default=None), group.payloads.pop(number, {})


def answer(value: object) -> None:
    sys.stdout.write(json.dumps(value) + "\n")
    sys.stdout.flush()


async def serve() -> None:
    sets: dict[str, ClientSet] = {}
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            return
        command = json.loads(line)
        if command[0] == "connect":
            _, name, url, room, count = command
            group = sets.setdefault(name, ClientSet())
            try:
                answer(await connect(group, url, room, count))
            except Exception as error:  # reported to the parent, which stops the run
                answer(repr(error))
        elif command[0] == "wait":
            _, name, number, seconds = command
            answer([*await wait(sets[name], number, seconds), sets[name].connected()])
        else:
            clients = [client for group in sets.values() for client in group.clients]
            await asyncio.gather(*(c.disconnect() for c in clients), return_exceptions=True)
            answer("closed")
            return


if __name__ == "__main__":
    asyncio.run(serve())
