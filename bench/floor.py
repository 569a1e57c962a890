"""The floor: a hello-world Flask page under the same gunicorn and wrk as the forum's topic page.

    .venv/bin/python -m bench.floor [--seconds 5] [--rounds 2]

The topic page (100 posts, first page, anonymous) and the floor are loaded in turn in the
same run; the figure is the ratio of their requests per second, ours/floor. The floor is what
this machine, Python, Flask and gunicorn give with no forum logic at all.
"""

from __future__ import annotations

import argparse

from flask import Flask

from bench.common import emit, fresh_app, server_env
from bench.data import build
from bench.server import Target, alternate, gunicorn

app = Flask("floor")


@app.get("/")
def hello() -> str:
    return "Hello, World!"


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    forum = fresh_app()
    data = build(forum, user_count=100, sizes=(100,))
    with (
        gunicorn(server_env(forum)) as (ours, _),
        gunicorn({}, "bench.floor:app") as (floor, _),
    ):
        result = alternate(
            Target(ours, f"/t/{data.topic_100}"),
            Target(floor, "/"),
            rounds=args.rounds,
            seconds=args.seconds,
        )
    figures = {
        "topic_100_first_page_anonymous": result["a"],
        "hello_world": result["b"],
        "ratio_ours_to_floor": result["ratio"],
        "target_ratio": 0.5,
        "rounds": args.rounds,
        "seconds_per_round": args.seconds,
    }
    summary = (
        f"floor: topic page {result['a']['per_second']:.0f}/s, hello world "
        f"{result['b']['per_second']:.0f}/s, ratio {result['ratio']} (target ≥ 0.5)"
    )
    return emit("floor", figures, summary)


if __name__ == "__main__":
    main()
