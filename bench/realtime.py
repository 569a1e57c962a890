"""Fan-out latency: N clients in one topic room, a post made, the time until every client has it.

    .venv/bin/python -m bench.realtime [--clients 100 500 1000] [--posts 20]

The forum runs in its own process (Flask-SocketIO, threading mode, ``flask run --with-threads``)
on 127.0.0.1 over SQLite; the clients are python-socketio clients over websocket in this
process. A post is made through the HTTP API; each client records when post.created reaches it.
Then the bare engine (bench/bare_socketio.py: python-socketio alone, same threading stack)
broadcasts the same payload to the same number of clients, and the figure to follow is the
ratio of the p95s, forum/bare. Target: 500 clients all served within 250 ms at p95, and
within 1.5× of the bare broadcast.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import requests
import socketio

from bench.common import emit, fresh_app, server_env, spread
from forum.actions.bootstrap import ensure_reference_data
from forum.actions.spaces import create_space
from forum.actions.tokens import create_api_token
from forum.actions.topics import create_topic
from forum.actions.users import create_user
from forum.localserver import free_port, running

TARGET_P95_MS = 250
TARGET_RATIO = 1.5


@contextmanager
def forum_server(app) -> Iterator[str]:
    port = free_port()
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "run", "--port", str(port)]
    command += ["--no-reload", "--with-threads"]
    with running(command, port, env=server_env(app), path="/api/v1/spaces"):
        yield f"http://127.0.0.1:{port}"


@contextmanager
def bare_server() -> Iterator[str]:
    port = free_port()
    with running([sys.executable, "-m", "bench.bare_socketio", str(port)], port):
        yield f"http://127.0.0.1:{port}"


Publish = Callable[[requests.Session, int], int]


def measure(url: str, room: str, clients: int, posts: int, publish: Publish) -> dict:
    """Connect ``clients`` to ``room``; ``posts`` times, publish (which returns the post number
    it made) and wait until every client has its post.created. The last payload is kept."""
    arrivals: dict[int, list[float]] = {}
    payloads: list[dict] = []
    lock = threading.Lock()
    connected = []

    def make_client() -> None:
        client = socketio.Client(reconnection=False)

        @client.on("post.created")
        def on_post(data: dict) -> None:
            with lock:
                arrivals.setdefault(data["post_number"], []).append(time.perf_counter())
                if not payloads:
                    payloads.append(data)

        client.connect(url, transports=["websocket"], wait_timeout=30)
        client.call("join", {"room": room}, timeout=30)
        with lock:
            connected.append(client)

    starters = [threading.Thread(target=make_client) for _ in range(clients)]
    for batch in range(0, clients, 50):
        for thread in starters[batch : batch + 50]:
            thread.start()
        for thread in starters[batch : batch + 50]:
            thread.join()
    latencies = []
    session = requests.Session()
    for n in range(posts):
        sent = time.perf_counter()
        number = publish(session, n)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with lock:
                if len(arrivals.get(number, [])) >= len(connected):
                    break
            time.sleep(0.002)
        with lock:
            got = arrivals.get(number, [])
            latencies.append((max(got) - sent) if len(got) >= len(connected) else float("inf"))
    for client in connected:
        threading.Thread(target=client.disconnect, daemon=True).start()
    served = [x * 1000 for x in latencies if x != float("inf")]
    return {
        "clients": len(connected),
        "posts": posts,
        # Over the posts that reached every client within 10 s; "incomplete" counts the rest.
        **(spread(served) if served else {"median_ms": None, "p95_ms": None}),
        "incomplete": len(latencies) - len(served),
        "payload": payloads[0] if payloads else None,
    }


def forum_topic(app) -> tuple[int, str]:
    """A public topic and an API token of its author."""
    with app.app_context():
        ensure_reference_data()
        admin = create_user("bench-admin", "Bench Admin", groups=("administrators",))
        space = create_space(
            admin,
            name="Yleinen",
            slug="yleinen",
            grants={"everyone": ["see", "read"], "registered": ["create_topic", "reply"]},
        )
        topic = create_topic(admin, space, title="Live benchmark", raw="Start")
        return topic.id, create_api_token(admin, "bench")[1]


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, nargs="+", default=[100, 500, 1000])
    parser.add_argument("--posts", type=int, default=20)
    args = parser.parse_args(argv)
    app = fresh_app()
    topic_id, token = forum_topic(app)
    room = f"topic:{topic_id}"

    def post(session: requests.Session, n: int) -> int:
        answer = session.post(
            f"{url}/api/v1/topics/{topic_id}/posts",
            json={"raw": f"Benchmark post {n}: *emphasis*, a [link](https://example.org)."},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        return answer.json()["post_number"]

    forum_runs = []
    with forum_server(app) as url:
        for count in args.clients:
            forum_runs.append(measure(url, room, count, args.posts, post))
    payload = next(run["payload"] for run in forum_runs if run["payload"])

    def broadcast(session: requests.Session, n: int) -> int:
        number = 100_000 + n
        message = {"room": room, "event": "post.created", "payload": {**payload}}
        message["payload"]["post_number"] = number
        session.post(f"{bare}/publish", json=message, timeout=30).raise_for_status()
        return number

    runs = []
    with bare_server() as bare:
        for forum_run in forum_runs:
            bare_run = measure(bare, room, forum_run["clients"], args.posts, broadcast)
            forum_run.pop("payload")
            bare_run.pop("payload")
            both = forum_run["p95_ms"] and bare_run["p95_ms"]
            ratio = round(forum_run["p95_ms"] / bare_run["p95_ms"], 2) if both else None
            runs.append({"forum": forum_run, "bare": bare_run, "p95_ratio": ratio})
    summary = "; ".join(
        f"{r['forum']['clients']} clients: p95 {r['forum']['p95_ms']} ms "
        f"(bare {r['bare']['p95_ms']} ms, ratio {r['p95_ratio']})"
        for r in runs
    )
    figures = {
        "server": "flask run --with-threads (1 process), SQLite",
        "bare": "python-socketio threading server under Werkzeug (bench/bare_socketio.py)",
        "payload_bytes": len(str(payload)),
        "runs": runs,
        "target_p95_ms_at_500": TARGET_P95_MS,
        "target_ratio": TARGET_RATIO,
    }
    return emit("realtime", figures, summary + f" (targets: p95 ≤ {TARGET_P95_MS} ms at 500)")


if __name__ == "__main__":
    main()
