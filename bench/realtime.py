"""Fan-out latency: N clients in one topic room, a post made, the time until every client has it.

    .venv/bin/python -m bench.realtime [--clients 100 500 1000] [--posts 20]
        [--client-processes 2] [--also-gthread] [--redis redis://127.0.0.1:6379/15]

The forum runs as production runs it: gunicorn with deploy/gunicorn.conf.py (gevent, one
worker, so no Redis is needed), over SQLite, on 127.0.0.1. Beside it the bare engine
(bench/bare_socketio.py: python-socketio alone, no forum) runs under the same gunicorn settings.
The same clients (``socketio.AsyncClient``s on one asyncio loop per client process,
bench/fanout_clients.py) connect N times to each, and join the topic's room. Then, in turn and
in a rotating order, a post is made through the forum's HTTP API, or the bare engine is asked
to broadcast the same payload; the figure is the time from the publishing request's start to
the last client's receipt (median and p95 over the posts), and the ratio of the p95s,
forum/bare. ``--also-gthread`` adds the same pair under gunicorn's gthread worker (threading
mode, a thread per websocket), measured in the same rounds; ``--redis`` has both servers send
through Redis as their message queue, as several workers do. Target: 500 clients all served
within 250 ms at p95, and within 1.5× of the bare broadcast.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import requests

from bench.common import cached_venv, emit, fresh_app, public_space, server_env, spread
from forum.actions.tokens import create_api_token
from forum.actions.topics import create_topic
from forum.localserver import clean_environment, free_port, running
from forum.settings import ROOT

TARGET_P95_MS = 250
TARGET_RATIO = 1.5
WAIT_SECONDS = 10.0
GUNICORN = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py")]


def gunicorn(app_name: str, port: int, worker: str, clients: int) -> list[str]:
    """The production command, or with ``worker="gthread"`` the same with gunicorn's threaded
    worker and a thread for each client and a few to spare."""
    command = [*GUNICORN, "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    if worker == "gthread":
        command += ["--worker-class", "gthread", "--threads", str(clients + 50)]
    return [*command, app_name]


@contextmanager
def server(
    app_name: str, worker: str, clients: int, settings: dict[str, str]
) -> Iterator[tuple[str, int]]:
    """The server's URL and its master process id."""
    port = free_port()
    env = clean_environment({**settings, "FORUM_ACCESS_LOG": ""})
    path = "/api/v1/spaces" if app_name == "wsgi:app" else "/"
    with running(gunicorn(app_name, port, worker, clients), port, env=env, path=path) as process:
        yield f"http://127.0.0.1:{port}", process.pid


def footprint(master: int) -> dict:
    """Threads and resident memory of the gunicorn master's (one) worker process."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{children[0]}/status").read_text().splitlines()
    )
    return {
        "worker_threads": int(fields["Threads"]),
        "worker_rss_mb": round(int(fields["VmRSS"].split()[0]) / 1024, 1),
    }


def client_python() -> str:
    """The clients' interpreter: the forum's Python in an environment of its own, with the same
    python-socketio and aiohttp, which the forum does not install, so its workers never load
    them."""
    requirements = [f"python-socketio=={metadata.version('python-socketio')}", "aiohttp>=3.11"]
    base = getattr(sys, "_base_executable", sys.executable)
    return str(cached_venv("realtime-clients", base, requirements) / "bin" / "python")


class Clients:
    """The client processes, driven together."""

    def __init__(self, processes: int) -> None:
        python = client_python()
        self.processes = [
            subprocess.Popen(
                [python, "-m", "bench.fanout_clients"],
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            for _ in range(processes)
        ]

    def ask(self, commands: list[list]) -> list:
        for process, command in zip(self.processes, commands, strict=True):
            process.stdin.write(json.dumps(command) + "\n")
            process.stdin.flush()
        answers = []
        for process in self.processes:
            line = process.stdout.readline()
            if not line:
                raise RuntimeError(f"a client process ended (exit status {process.wait()})")
            answers.append(json.loads(line))
        return answers

    def connect(self, name: str, url: str, room: str, count: int) -> int:
        share = len(self.processes)
        counts = [count // share + (1 if i < count % share else 0) for i in range(share)]
        answers = self.ask([["connect", name, url, room, n] for n in counts])
        if any(not isinstance(answer, int) for answer in answers):
            raise RuntimeError(f"clients could not connect to {url}: {answers}")
        return sum(answers)

    def wait(self, name: str, number: int) -> tuple[int, float | None, dict, int]:
        """How many have post ``number``, the last receipt, a payload, how many are connected."""
        answers = self.ask([["wait", name, number, WAIT_SECONDS]] * len(self.processes))
        times = [last for _, last, _, _ in answers if last is not None]
        payload = next((p for _, _, p, _ in answers if p), {})
        connected = sum(answer[3] for answer in answers)
        return sum(answer[0] for answer in answers), max(times, default=None), payload, connected

    def close(self) -> None:
        self.ask([["close"]] * len(self.processes))
        for process in self.processes:
            process.wait(timeout=30)


@dataclass
class Target:
    """One server under measure: ``publish(n)`` makes it send a post.created, returning the
    post number."""

    name: str
    url: str
    master: int
    publish: Callable[[int], int]


def forum_topic(app) -> tuple[int, str]:
    """A public topic and an API token of its author."""
    with app.app_context():
        admin, space = public_space()
        topic = create_topic(admin, space, title="Live benchmark", raw="Start")
        return topic.id, create_api_token(admin, "bench")[1]


def measure(
    stack: ExitStack,
    app,
    topic: tuple[int, str],
    workers: list[str],
    count: int,
    args: argparse.Namespace,
) -> dict:
    """Start a forum and a bare server per worker kind, connect ``count`` clients to each, and
    publish ``args.posts`` times on each, in rotating order."""
    topic_id, token = topic
    room = f"topic:{topic_id}"
    http = requests.Session()
    payload: dict = {}

    def forum_publisher(url: str) -> Callable[[int], int]:
        def post(n: int) -> int:
            answer = http.post(
                f"{url}/api/v1/topics/{topic_id}/posts",
                json={"raw": f"Benchmark post {n}: *emphasis*, a [link](https://example.org)."},
                headers={"Authorization": f"Bearer {token}"},
                timeout=30,
            )
            answer.raise_for_status()
            return answer.json()["post_number"]

        return post

    def bare_publisher(url: str) -> Callable[[int], int]:
        def broadcast(n: int) -> int:
            number = 1_000_000 + n
            message = {"room": room, "event": "post.created", "payload": {**payload}}
            message["payload"]["post_number"] = number
            http.post(f"{url}/publish", json=message, timeout=30).raise_for_status()
            return number

        return broadcast

    settings = server_env(app, **({"REDIS_URL": args.redis} if args.redis else {}))
    targets = []
    for worker in workers:
        forum, forum_pid = stack.enter_context(server("wsgi:app", worker, count, settings))
        queue = {"BARE_REDIS_URL": args.redis} if args.redis else {}
        bare, bare_pid = stack.enter_context(
            server("bench.bare_socketio:app", worker, count, queue)
        )
        targets.append(Target(f"forum-{worker}", forum, forum_pid, forum_publisher(forum)))
        targets.append(Target(f"bare-{worker}", bare, bare_pid, bare_publisher(bare)))
    clients = Clients(args.client_processes)
    times: dict[str, list[float | None]] = {target.name: [] for target in targets}
    connected = {target.name: 0 for target in targets}
    at_end = dict(connected)
    try:
        for target in targets:
            connected[target.name] = clients.connect(target.name, target.url, room, count)
        # With every client connected, before any post.
        footprints = {target.name: footprint(target.master) for target in targets}

        def once(target: Target, n: int) -> tuple[float | None, dict]:
            sent = time.monotonic()
            number = target.publish(n)
            got, last, data, at_end[target.name] = clients.wait(target.name, number)
            complete = got >= connected[target.name] and last is not None
            return ((last - sent) * 1000 if complete else None), data

        # An untimed round: the forum's payload for the bare engine, and warm caches.
        for target in targets:
            _, data = once(target, 0)
            payload = payload or data
        for n in range(1, args.posts + 1):
            shift = n % len(targets)
            for target in targets[shift:] + targets[:shift]:
                times[target.name].append(once(target, n)[0])
    finally:
        clients.close()
    result: dict = {"clients": count}
    for target in targets:
        served = [t for t in times[target.name] if t is not None]
        result[target.name] = {
            "connected": connected[target.name],
            "connected_at_end": at_end[target.name],
            # Over the posts that reached every client within WAIT_SECONDS; the rest counted.
            **(spread(served) if served else {"median_ms": None, "p95_ms": None}),
            "incomplete": len(times[target.name]) - len(served),
            **footprints[target.name],
        }
    for worker in workers:
        forum, bare = result[f"forum-{worker}"]["p95_ms"], result[f"bare-{worker}"]["p95_ms"]
        result[f"p95_ratio_{worker}"] = round(forum / bare, 2) if forum and bare else None
    result["payload_bytes"] = len(str(payload))
    return result


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, nargs="+", default=[100, 500, 1000])
    parser.add_argument("--posts", type=int, default=20)
    parser.add_argument("--client-processes", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--also-gthread", action="store_true")
    parser.add_argument("--redis", metavar="URL", help="both servers use this Redis as queue")
    args = parser.parse_args(argv)
    app = fresh_app()
    topic = forum_topic(app)
    workers = ["gevent", "gthread"] if args.also_gthread else ["gevent"]
    runs = []
    for count in args.clients:
        with ExitStack() as stack:
            runs.append(measure(stack, app, topic, workers, count, args))
    summary = "; ".join(
        f"{run['clients']} clients: "
        + ", ".join(
            f"{worker} p95 {run[f'forum-{worker}']['p95_ms']} ms "
            f"(bare {run[f'bare-{worker}']['p95_ms']} ms, ratio {run[f'p95_ratio_{worker}']})"
            for worker in workers
        )
        for run in runs
    )
    figures = {
        "server": "gunicorn -c deploy/gunicorn.conf.py wsgi:app (1 worker), SQLite",
        "message_queue": args.redis or "none",
        "bare": "bench.bare_socketio:app under the same gunicorn settings",
        "clients": f"socketio.AsyncClient over websocket, {args.client_processes} processes",
        "posts": args.posts,
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "runs": runs,
        "target_p95_ms_at_500": TARGET_P95_MS,
        "target_ratio": TARGET_RATIO,
    }
    return emit("realtime", figures, summary + f" (targets: p95 ≤ {TARGET_P95_MS} ms at 500)")


if __name__ == "__main__":
    main()
