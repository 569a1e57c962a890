"""Topic pages and topic lists served by gunicorn (2 workers) on 127.0.0.1 over SQLite.

    .venv/bin/python -m bench.pages [--seconds 5]

Pages: a topic with 100 posts (first page), a topic with 1,000 posts (last page), the latest
list and the home page, each anonymous and signed in (a session cookie made with the app's
own serializer).
"""

from __future__ import annotations

import argparse

from flask import Flask

from bench.common import emit, fresh_app
from bench.data import build
from bench.server import gunicorn, load


def session_cookie(app: Flask, user_id: int) -> str:
    serializer = app.session_interface.get_signing_serializer(app)
    return f"session={serializer.dumps({'_user_id': str(user_id), '_fresh': True})}"


def main(seconds: float = 5.0) -> dict:
    app = fresh_app()
    data = build(app)
    per_page = app.config["POSTS_PER_PAGE"]
    last_page = -(-1000 // per_page)
    pages = {
        "topic_100_first_page": f"/t/{data.topic_100}",
        "topic_1000_last_page": f"/t/{data.topic_1000}?page={last_page}",
        "latest": "/latest",
        "home": "/",
    }
    env = {
        "FORUM_ENV": "testing",
        "FORUM_INSTANCE_PATH": app.instance_path,
        "FORUM_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
    }
    cookie = session_cookie(app, data.users[1])
    figures: dict[str, dict] = {}
    with gunicorn(env) as port:
        for name, path in pages.items():
            load(port, path, seconds=1)  # warm-up
            figures[f"{name}_anonymous"] = load(port, path, seconds=seconds)
            figures[f"{name}_signed_in"] = load(
                port, path, seconds=seconds, headers={"Cookie": cookie}
            )
    summary = ", ".join(f"{k} {v['per_second']:.0f}/s" for k, v in figures.items())
    return emit(
        "pages", {"database": "sqlite", "workers": 2, "connections": 2, "pages": figures}, summary
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    main(parser.parse_args().seconds)
