"""Worker memory with a large forum: resident set of each gunicorn worker after the page runs.

    .venv/bin/python -m bench.memory [--posts 100000] [--seconds 3]

The database gets ``--posts`` posts in topics of 10 in bulk (bench.search.build_corpus: the
actions would take an hour), and the forum is served by gunicorn with 2 workers on SQLite.
Each page (the first and the newest topic, the latest list, the home page) is loaded with wrk
anonymous and signed in; then each worker's RSS is read from /proc. Target: ≤ 150 MB per
worker. The search index is left out (its cost is bench.search's): rebuilding it for 100,000
posts takes longer than every page run.
"""

from __future__ import annotations

import argparse

from sqlalchemy import func, select

from bench.common import emit, fresh_app, server_env, session_cookie
from bench.search import build_corpus
from bench.server import Target, gunicorn, measure, signed_in, worker_rss_mb
from forum.extensions import db
from forum.models import Topic

TARGET_MB = 150


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args(argv)
    app = fresh_app()
    with app.app_context():
        build_corpus(args.posts)
        db.session.remove()
        last_topic = db.session.scalar(select(func.max(Topic.id)))
        db.session.remove()
    cookie = session_cookie(app, 1)
    paths = ["/t/1", f"/t/{last_topic}", "/latest", "/"]
    loads = {}
    with gunicorn(server_env(app)) as (port, master):
        before = worker_rss_mb(master)
        for path in paths:
            loads[path] = {
                "anonymous": measure(Target(port, path), args.seconds, warmup=1)["per_second"],
                "signed_in": measure(signed_in(Target(port, path, cookie)), args.seconds, warmup=1)[
                    "per_second"
                ],
            }
        after = worker_rss_mb(master)
    figures = {
        "posts": args.posts,
        "database": "sqlite",
        "worker_rss_mb_at_start": before,
        "worker_rss_mb_after_pages": after,
        "requests_per_second_while_loading": loads,
        "target_mb": TARGET_MB,
    }
    summary = f"memory with {args.posts} posts: workers {after} MB after the pages (start {before})"
    return emit("memory", figures, summary + f" (target ≤ {TARGET_MB} MB)")


if __name__ == "__main__":
    main()
