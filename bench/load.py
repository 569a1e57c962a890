"""A busy afternoon: mixed reads and writes from many clients at once, for minutes.

    .venv/bin/python -m bench.load [--seconds 300] [--clients 40] [--workers 2]
        [--postgres postgresql://postgres@127.0.0.1:5432/postgres]
        [--redis redis://127.0.0.1:6379/14]

The forum runs as production runs it: gunicorn with deploy/gunicorn.conf.py (gevent workers)
on a fresh PostgreSQL database, with Redis as the message queue and rate-limit store (limits
raised far above the load, so that every write is meant to land). Each client is a thread with
a person's API token of its own and, in a loop until the time is up, reads a topic page, the
latest topics or the home page as an anonymous visitor, reads a topic through the API, replies
to one of a few busy topics, or reacts to a post. Every reply carries a unique text.

At the end every reply the server accepted (201) is looked up in the database: none may be
missing or stored twice, and each topic's post numbers must run 1..n with no gap. Reported:
requests per kind and per second, p50/p95/p99 latency, 5xx answers (target: none), failed
connections, lost and duplicated posts (target: none).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import requests
from sqlalchemy import func, select

from bench.common import (
    drop_postgres_database,
    emit,
    fresh_app,
    postgres_database,
    public_space,
    server_env,
)
from forum.actions.posts import create_post
from forum.actions.tokens import create_api_token
from forum.actions.topics import create_topic
from forum.actions.users import create_user
from forum.extensions import db
from forum.localserver import free_port, running
from forum.models import Post
from forum.settings import ROOT

GUNICORN = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py")]
BUSY_TOPICS = 4
QUIET_TOPICS = 20
# (kind, weight): about two reads for every write.
MIX = [
    ("topic_page", 30),
    ("latest", 10),
    ("home", 8),
    ("api_topic", 12),
    ("reply", 28),
    ("react", 12),
]
UNLIMITED = "100000/minute"
REACTIONS = ("like", "thanks", "insightful")
TIMEOUT = 30


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    connection_errors: list[str] = field(default_factory=list)
    accepted: list[tuple[int, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * share))], 1)


def prepare(app, clients: int) -> tuple[list[str], list[int], list[int]]:
    """People with tokens, busy and quiet topics with a few posts each; returns the tokens,
    the topic ids and some post ids to react to."""
    with app.app_context():
        _admin, space = public_space("Kuormitus", "kuormitus")
        people = [create_user(f"load{n:03d}", f"Kuormittaja {n}") for n in range(clients)]
        secrets = [create_api_token(person, "load")[1] for person in people]
        topic_ids, post_ids = [], []
        for n in range(BUSY_TOPICS + QUIET_TOPICS):
            topic = create_topic(people[n % clients], space, title=f"Aihe {n}", raw="Aloitus.")
            topic_ids.append(topic.id)
            for k in range(3):
                post = create_post(people[(n + k + 1) % clients], topic, f"Vastaus {k}.")
                post_ids.append(post.id)
        return secrets, topic_ids, post_ids


def client(
    url: str,
    secret: str,
    topics: list[int],
    posts: list[int],
    until: float,
    seed: int,
    tally: Tally,
) -> None:
    rng = random.Random(seed)
    kinds, weights = zip(*MIX, strict=True)
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {secret}"
    anonymous = requests.Session()
    n = 0
    while time.monotonic() < until:
        kind = rng.choices(kinds, weights)[0]
        topic = rng.choice(topics[:BUSY_TOPICS] if kind == "reply" else topics)
        text = f"load {seed}-{n}: vastaus kuormituksen alla"
        n += 1
        start = time.perf_counter()
        try:
            if kind == "topic_page":
                answer = anonymous.get(f"{url}/t/{topic}?page=1", timeout=TIMEOUT)
            elif kind == "latest":
                answer = anonymous.get(f"{url}/latest", timeout=TIMEOUT)
            elif kind == "home":
                answer = anonymous.get(f"{url}/", timeout=TIMEOUT)
            elif kind == "api_topic":
                answer = api.get(f"{url}/api/v1/topics/{topic}", timeout=TIMEOUT)
            elif kind == "reply":
                answer = api.post(
                    f"{url}/api/v1/topics/{topic}/posts", json={"raw": text}, timeout=TIMEOUT
                )
            else:  # react, or take back a reaction given before
                where = f"{url}/api/v1/posts/{rng.choice(posts)}/reactions"
                reaction = rng.choice(REACTIONS)
                answer = api.post(where, json={"kind": reaction}, timeout=TIMEOUT)
                if answer.status_code == 409:
                    answer = api.delete(f"{where}/{reaction}", timeout=TIMEOUT)
        except requests.RequestException as error:
            with tally.lock:
                tally.connection_errors.append(f"{kind}: {error!r}")
            continue
        elapsed = (time.perf_counter() - start) * 1000
        with tally.lock:
            tally.latencies[kind].append(elapsed)
            tally.statuses[answer.status_code] += 1
            if answer.status_code >= 500:
                tally.server_errors.append(f"{kind}: {answer.status_code}")
            if kind == "reply" and answer.status_code == 201:
                tally.accepted.append((topic, text))


def check(app, topics: list[int], accepted: list[tuple[int, str]]) -> dict:
    """Every accepted reply stored exactly once; post numbers without gaps."""
    with app.app_context():
        stored = Counter(
            db.session.execute(select(Post.topic_id, Post.raw).where(Post.raw.like("load %"))).all()
        )
        wanted = Counter(accepted)
        gaps = []
        for topic_id in topics:
            numbers = db.session.scalars(
                select(Post.post_number).where(Post.topic_id == topic_id).order_by(Post.post_number)
            ).all()
            if numbers != list(range(1, len(numbers) + 1)):
                gaps.append(topic_id)
        total = db.session.scalar(select(func.count()).select_from(Post))
    return {
        "accepted_replies": len(accepted),
        "lost": sum((wanted - Counter(dict(stored))).values()),
        "duplicated": sum(n - 1 for n in stored.values() if n > 1),
        "stored_but_not_accepted": sum((Counter(dict(stored)) - wanted).values()),
        "topics_with_gaps": gaps,
        "posts_in_database": total,
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    args = parser.parse_args(argv)
    database = postgres_database(args.postgres)
    try:
        app = fresh_app(database, search_backend="postgres")
        secrets, topics, posts = prepare(app, args.clients)
        port = free_port()
        limits = {
            f"RATELIMIT_{kind}": UNLIMITED for kind in ("POSTS", "REACTIONS", "TOPICS", "SIGN_IN")
        }
        env = {
            **os.environ,
            **server_env(
                app,
                REDIS_URL=args.redis,
                BIND=f"127.0.0.1:{port}",
                WORKERS=str(args.workers),
                ACCESS_LOG="",
                RATELIMIT_KEY_PREFIX=f"load{port}",
                **limits,
            ),
        }
        log = Path(tempfile.mkdtemp(prefix="forum-load-")) / "server.log"
        tally = Tally()
        with running([*GUNICORN, "wsgi:app"], port, env=env, path="/", log=log, timeout=60):
            url = f"http://127.0.0.1:{port}"
            until = time.monotonic() + args.seconds
            threads = [
                threading.Thread(
                    target=client, args=(url, secret, topics, posts, until, seed, tally)
                )
                for seed, secret in enumerate(secrets)
            ]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
        integrity = check(app, topics, tally.accepted)
        with app.app_context():
            db.engine.dispose()
    finally:
        drop_postgres_database(database)
    every = [ms for values in tally.latencies.values() for ms in values]
    figures = {
        "server": f"gunicorn -c deploy/gunicorn.conf.py wsgi:app ({args.workers} gevent "
        "workers), PostgreSQL, Redis",
        "clients": args.clients,
        "seconds": round(elapsed, 1),
        "requests": len(every),
        "per_second": round(len(every) / elapsed, 1),
        "p50_ms": percentile(every, 0.50),
        "p95_ms": percentile(every, 0.95),
        "p99_ms": percentile(every, 0.99),
        "per_kind": {
            kind: {
                "requests": len(values),
                "p50_ms": percentile(values, 0.50),
                "p99_ms": percentile(values, 0.99),
            }
            for kind, values in sorted(tally.latencies.items())
        },
        "statuses": {str(code): n for code, n in sorted(tally.statuses.items())},
        "server_errors": len(tally.server_errors),
        "connection_errors": len(tally.connection_errors),
        "first_errors": (tally.server_errors + tally.connection_errors)[:5],
        **integrity,
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "server_log": str(log),
    }
    summary = (
        f"{len(every)} requests in {elapsed:.0f} s from {args.clients} clients: "
        f"p99 {figures['p99_ms']} ms, {len(tally.server_errors)} 5xx, "
        f"{integrity['lost']} lost, {integrity['duplicated']} duplicated "
        "(targets: no 5xx, nothing lost or duplicated)"
    )
    return emit("load", figures, summary)


if __name__ == "__main__":
    main()
