"""Fan-out latency: N clients in one topic room, a post made, the time until every client has it.

    .venv/bin/python -m bench.realtime [--clients 100 500 1000] [--posts 20]

The forum runs in its own process (Flask-SocketIO, threading mode) on 127.0.0.1 over SQLite;
the clients are python-socketio clients over websocket in this process. A post is made through
the action in the server's database; each client records when post.created reaches it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time

import requests
import socketio

from bench.common import emit, fresh_app
from bench.server import ROOT, free_port
from forum.actions.bootstrap import ensure_reference_data
from forum.actions.spaces import create_space
from forum.actions.tokens import create_api_token
from forum.actions.topics import create_topic
from forum.actions.users import create_user


def start_server(app, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "FORUM_ENV": "testing",
        "FORUM_INSTANCE_PATH": app.instance_path,
        "FORUM_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
    }
    command = [
        sys.executable,
        "-m",
        "flask",
        "--app",
        "wsgi",
        "run",
        "--port",
        str(port),
        "--no-reload",
        "--with-threads",
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/api/v1/spaces", timeout=1)
            return process
        except requests.ConnectionError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("server did not start")


def measure(url: str, topic_id: int, token: str, clients: int, posts: int) -> dict:
    arrivals: dict[int, list[float]] = {}
    lock = threading.Lock()
    connected = []

    def make_client() -> None:
        client = socketio.Client(reconnection=False)

        @client.on("post.created")
        def on_post(data: dict) -> None:
            with lock:
                arrivals.setdefault(data["post_number"], []).append(time.perf_counter())

        client.connect(url, transports=["websocket"], wait_timeout=30)
        client.call("join", {"room": f"topic:{topic_id}"}, timeout=30)
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
        answer = session.post(
            f"{url}/api/v1/topics/{topic_id}/posts",
            json={"raw": f"Benchmark post {n}"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        number = answer.json()["post_number"]
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
    finite = sorted(latencies)
    return {
        "clients": len(connected),
        "posts": posts,
        "all_served_median_ms": round(statistics.median(finite) * 1000, 1),
        "all_served_p95_ms": round(finite[int(len(finite) * 0.95) - 1] * 1000, 1),
        "incomplete": sum(1 for x in latencies if x == float("inf")),
    }


def main(client_counts: list[int], posts: int) -> dict:
    app = fresh_app()
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
        token = create_api_token(admin, "bench")[1]
        topic_id = topic.id
    port = free_port()
    process = start_server(app, port)
    results = []
    try:
        for count in client_counts:
            results.append(measure(f"http://127.0.0.1:{port}", topic_id, token, count, posts))
    finally:
        process.terminate()
        process.wait(timeout=10)
    summary = "; ".join(
        f"{r['clients']} clients: p95 {r['all_served_p95_ms']} ms "
        f"(median {r['all_served_median_ms']})"
        for r in results
    )
    return emit(
        "realtime", {"server": "flask run --with-threads (1 process)", "runs": results}, summary
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, nargs="+", default=[100, 500, 1000])
    parser.add_argument("--posts", type=int, default=20)
    arguments = parser.parse_args()
    main(arguments.clients, arguments.posts)
