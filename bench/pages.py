"""Topic pages, the topic list and the home page served by gunicorn (2 workers), loaded by wrk.

    .venv/bin/python -m bench.pages [--seconds 10] [--database sqlite postgresql]

For each database (SQLite; PostgreSQL on a database of its own, created and dropped here):
the seeded data set (bench/data.py), then each page anonymous and signed in, 2 connections for
``--seconds`` after a 2 s warm-up: requests per second, p50 and p99 latency. Beside them, the
SQL statements each page makes (bench/queries.py) and the workers' resident memory after the
runs.
"""

from __future__ import annotations

import argparse

from flask import Flask

from bench.common import (
    database_url,
    drop_postgres_database,
    emit,
    fresh_app,
    server_env,
    session_cookie,
)
from bench.data import DataSet, build
from bench.queries import statements_per_page
from bench.server import Target, gunicorn, measure, signed_in, worker_rss_mb
from forum.extensions import db

DATABASES = ("sqlite", "postgresql")


def page_paths(app: Flask, data: DataSet) -> dict[str, str]:
    per_page = app.config["POSTS_PER_PAGE"]
    last_page = -(-1000 // per_page)
    return {
        "topic_100_first_page": f"/t/{data.topic_100}?page=1",
        "topic_1000_last_page": f"/t/{data.topic_1000}?page={last_page}",
        "latest": "/latest",
        "home": "/",
    }


def run_database(kind: str, seconds: float) -> dict:
    url = database_url(kind)
    try:
        app = fresh_app(url)
        data = build(app)
        cookie = session_cookie(app, data.users[1])
        figures: dict = {"queries": statements_per_page(app, data, data.users[1])}
        pages: dict[str, dict] = {}
        with gunicorn(server_env(app)) as (port, master):
            for name, path in page_paths(app, data).items():
                pages[f"{name}_anonymous"] = measure(Target(port, path), seconds)
                pages[f"{name}_signed_in"] = measure(signed_in(Target(port, path, cookie)), seconds)
            figures["worker_rss_mb"] = worker_rss_mb(master)
        figures["pages"] = pages
        with app.app_context():
            db.engine.dispose()
        return figures
    finally:
        if url:
            drop_postgres_database(url)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--database", nargs="+", choices=DATABASES, default=list(DATABASES))
    args = parser.parse_args(argv)
    figures: dict = {"workers": 2, "connections": 2, "seconds": args.seconds}
    for kind in args.database:
        figures[kind] = run_database(kind, args.seconds)
    summary = "; ".join(
        f"{kind}: "
        + ", ".join(f"{k} {v['per_second']:.0f}/s" for k, v in figures[kind]["pages"].items())
        for kind in args.database
    )
    return emit("pages", figures, summary)


if __name__ == "__main__":
    main()
