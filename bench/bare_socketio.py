"""The bare engine for the real-time benchmark: python-socketio alone, no forum.

    python -m bench.bare_socketio PORT

The same stack as the forum's server (python-socketio in threading mode under Werkzeug's
threaded server, websocket through simple-websocket): ``join`` puts a client in a room, and
POST /publish with ``{"room": ..., "event": ..., "payload": ...}`` emits the payload to it.
No permission check, no database, no cooking: the floor the forum's fan-out is compared with.
"""

from __future__ import annotations

import json
import sys

import socketio
from werkzeug.serving import run_simple
from werkzeug.wrappers import Request, Response

server = socketio.Server(async_mode="threading")


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

if __name__ == "__main__":
    run_simple("127.0.0.1", int(sys.argv[1]), app, threaded=True)
