"""The bare engine for the real-time benchmark: python-socketio alone, no forum.

    gunicorn -c deploy/gunicorn.conf.py bench.bare_socketio:app

Served the way the forum is (bench/realtime.py starts it under the same gunicorn settings), in
the same async mode (gevent under the gevent worker, threading otherwise; websocket through
simple-websocket) and with the same ping settings, and with ``BARE_REDIS_URL`` set Redis as
its message queue (a channel of its own): ``join`` puts a client in a room, and
POST /publish with ``{"room": ..., "event": ..., "payload": ...}`` emits the payload to it.
No permission check, no database, no cooking: the floor the forum's fan-out is compared with.
"""

from __future__ import annotations

import json
import os

import socketio
from werkzeug.wrappers import Request, Response

from forum.realtime import async_mode

queue = os.environ.get("BARE_REDIS_URL")
server = socketio.Server(
    async_mode=async_mode(),
    ping_interval=25,
    ping_timeout=20,
    client_manager=socketio.RedisManager(queue, channel="bare-socketio") if queue else None,
)


@server.on("join")
def join(sid: str, data: dict) -> dict:
    server.enter_room(sid, data["room"])
    return {"ok": True}


@Request.application
def publish(request: Request) -> Response:
    if request.method != "POST" or request.path != "/publish":
        return Response("bare Socket.IO server", status=200 if request.path == "/" else 404)
    message = json.loads(request.get_data())
    server.emit(message["event"], message["payload"], to=message["room"])
    return Response("{}", content_type="application/json")


app = socketio.WSGIApp(server, publish)
