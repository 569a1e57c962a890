"""The 100-post topic's first page rendered in process by the Flask test client, no server.

    python -m bench.topic_render [--requests 60] [--profile]

Median and p95 milliseconds of CPU per page (process time: steadier than wall time on a shared
machine), anonymous, signed in and as an administrator (who sees
every button). In process, so it shows what the page itself costs (template, permissions,
dates, queries) without the server's share. ``--profile`` prints a cProfile summary of the
signed-in page instead.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time

from flask import Flask

from bench.common import emit, fresh_app, session_cookie, spread
from bench.data import build
from forum.extensions import db
from forum.models import User


def client_for(app: Flask, user_id: int | None):
    client = app.test_client()
    if user_id is not None:
        name, value = session_cookie(app, user_id)["Cookie"].split("=", 1)
        client.set_cookie(name, value)
    return client


def timed(client, path: str, requests: int) -> list[float]:
    for _ in range(5):
        client.get(path)
    times = []
    for _ in range(requests):
        start = time.process_time()
        response = client.get(path)
        times.append((time.process_time() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return times


def main(argv: list[str] | None = None) -> dict | None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    app = fresh_app()
    data = build(app, user_count=200, sizes=(100,))
    path = f"/t/{data.topic_100}?page=1"
    with app.app_context():
        admin_id = db.session.scalar(db.select(User.id).where(User.username == "bench-admin"))
    clients = {
        "anonymous": client_for(app, None),
        "signed_in": client_for(app, data.users[0]),
        "administrator": client_for(app, admin_id),
    }
    if args.profile:
        client = clients["signed_in"]
        timed(client, path, 5)
        profile = cProfile.Profile()
        profile.runcall(timed, client, path, args.requests)
        stats = pstats.Stats(profile)
        stats.sort_stats("cumulative").print_stats(40)
        stats.sort_stats("tottime").print_stats(30)
        return None
    figures = {who: spread(timed(client, path, args.requests)) for who, client in clients.items()}
    summary = ", ".join(f"{who} {f['median_ms']} ms" for who, f in figures.items())
    return emit(
        "topic_render",
        {"posts_per_page": app.config["POSTS_PER_PAGE"], "pages": figures},
        f"topic page (100-post topic, first page) in process, median: {summary}",
    )


if __name__ == "__main__":
    main()
