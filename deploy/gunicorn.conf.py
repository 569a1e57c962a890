"""gunicorn settings for production: ``gunicorn -c deploy/gunicorn.conf.py wsgi:app``.

gevent workers: every open websocket is a greenlet, not threads. Under gthread each live
reader holds a worker thread (and engine.io and simple-websocket three more), so a worker with N
threads holds at most N readers and then has no thread left for pages or for the post that is to
reach them (bench/README.md, real time: 500 readers, 500 threads, the post timed out); with enough
threads the fan-out took about as long as on gevent, with four OS threads per reader. The
worker monkey-patches the standard library before it loads the application; Flask-SocketIO
then runs in gevent mode (forum/realtime/__init__.py), psycopg and redis wait cooperatively. A
request that computes for long (a large page, a search rebuild) holds up the other connections
of its worker meanwhile: run at least one worker per core.

Several workers (or machines) need FORUM_REDIS_URL, so that an event published in one reaches
clients of all, and sticky sessions at the proxy for clients that fall back to long-polling
(see deploy/nginx.conf).
"""

import os

bind = os.environ.get("FORUM_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("FORUM_WORKERS", "2"))
worker_class = "gevent"
# Open connections per worker, websockets included.
worker_connections = int(os.environ.get("FORUM_WORKER_CONNECTIONS", "5000"))
timeout = 60
graceful_timeout = 30
keepalive = 5
# Proxy headers come only from the proxy in front of us.
forwarded_allow_ips = os.environ.get("FORUM_PROXY_IPS", "127.0.0.1")
# FORUM_ACCESS_LOG="" switches the access log off (the benchmarks do).
accesslog = os.environ.get("FORUM_ACCESS_LOG", "-") or None
