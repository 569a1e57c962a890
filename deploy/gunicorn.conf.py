"""gunicorn settings for production: ``gunicorn -c deploy/gunicorn.conf.py wsgi:app``.

Socket.IO runs in threading mode: every open websocket holds one thread of a worker, so each
worker gets many threads. Several workers (or machines) need FORUM_REDIS_URL, so that an event
published in one reaches clients of all, and sticky sessions at the proxy for clients that fall
back to long-polling (see deploy/nginx.conf).
"""

import os

bind = os.environ.get("FORUM_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("FORUM_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("FORUM_THREADS", "500"))
timeout = 60
graceful_timeout = 30
keepalive = 5
# Proxy headers come only from the proxy in front of us.
forwarded_allow_ips = os.environ.get("FORUM_PROXY_IPS", "127.0.0.1")
accesslog = "-"
