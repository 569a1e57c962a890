"""Home page throughput in process (WSGI, no network), beside a bare Flask page as the floor.

    .venv/bin/python -m bench.home

The ratio forum/bare is the figure to follow: both run in the same process, alternating.
"""

from __future__ import annotations

from flask import Flask, render_template_string

from bench.common import emit, fresh_app, rate
from forum.demo import seed_demo

BARE_PAGE = (
    "<!doctype html><html lang=fi><title>{{ t }}</title>"
    "<ul>{% for i in items %}<li>{{ i }}</li>{% endfor %}</ul>"
)


def bare_app() -> Flask:
    app = Flask("bare")

    @app.get("/")
    def home() -> str:
        return render_template_string(BARE_PAGE, t="bare", items=range(10))

    return app


def main() -> dict:
    forum = fresh_app()
    with forum.app_context():
        seed_demo()
    forum_client = forum.test_client()
    bare_client = bare_app().test_client()

    def forum_home() -> None:
        assert forum_client.get("/").status_code == 200

    def bare_home() -> None:
        assert bare_client.get("/").status_code == 200

    rounds = [(rate(forum_home, 1.5), rate(bare_home, 1.5)) for _ in range(2)]
    forum_rate = sum(r[0]["per_second"] for r in rounds) / len(rounds)
    bare_rate = sum(r[1]["per_second"] for r in rounds) / len(rounds)
    figures = {
        "home_anonymous_per_second": round(forum_rate, 1),
        "bare_flask_per_second": round(bare_rate, 1),
        "ratio_forum_to_bare": round(forum_rate / bare_rate, 3),
    }
    return emit(
        "home",
        figures,
        f"home page: {forum_rate:.0f} req/s in process; bare Flask {bare_rate:.0f} req/s "
        f"(ratio {forum_rate / bare_rate:.2f})",
    )


if __name__ == "__main__":
    main()
