"""Real time over Socket.IO: rooms per topic, space and person, joined only with permission.

With FORUM_REDIS_URL set, Socket.IO uses Redis as its message queue, so an event published by
one worker process (or a CLI job) reaches clients connected to any other.

Each application gets its own SocketIO server (Flask-SocketIO binds one server to one app), found
with ``sockets(app)``.
"""

import sys

from flask import Flask, current_app
from flask_socketio import SocketIO

from forum.security import SecurityHeaders


def async_mode() -> str:
    """``gevent`` when the process runs on gevent (gunicorn's gevent worker has monkey-patched
    the standard library before loading the app), ``threading`` otherwise. Flask-SocketIO's own
    guess would pick gevent whenever it is installed, patched or not."""
    if "gevent.monkey" in sys.modules:
        from gevent import monkey

        if monkey.is_module_patched("socket"):
            return "gevent"
    return "threading"


def init_app(app: Flask) -> None:
    from forum.realtime import connections, handlers
    from forum.realtime.queue import RedisQueue

    redis_url = app.config.get("REDIS_URL")
    options = {"client_manager": RedisQueue(redis_url)} if redis_url else {}
    server = SocketIO(
        app,
        async_mode=async_mode(),
        # Same origin only: a page elsewhere cannot open a connection with our cookie.
        cors_allowed_origins=app.config.get("SOCKETIO_ALLOWED_ORIGINS"),
        ping_interval=25,
        ping_timeout=20,
        **options,
    )
    handlers.register(server)
    # Engine.IO answers /socket.io/ before Flask: give its answers the pages' headers.
    app.wsgi_app = SecurityHeaders(app.wsgi_app, "socket.io", hsts=app.config["HSTS"])
    connections.start_revalidation_listener(app)


def sockets(app: Flask | None = None) -> SocketIO:
    return (app or current_app).extensions["socketio"]
