"""The floor: a hello-world Flask page under the same gunicorn and wrk as the forum's topic page.

    .venv/bin/python -m bench.floor [--seconds 5] [--rounds 2]

The topic page (100 posts, first page, anonymous) and the floor are loaded in turn in the
same run; the figure is the ratio of their requests per second, ours/floor. The floor is what
this machine, Python, Flask and gunicorn give with no forum logic at all.

wrk sends no cookie, as a first-time visitor or a crawler does: the stored page comes from the
front (forum/page_cache_front.py). The same page for an anonymous visitor who has read two
pages and sends back the session cookie as a browser keeps it is measured too, against the
floor in the same way; the front answers them as well.
"""

from __future__ import annotations

import argparse
import urllib.request

from flask import Flask

from bench.common import emit, fresh_app, server_env
from bench.data import build
from bench.server import Target, alternate, gunicorn

app = Flask("floor")


@app.get("/")
def hello() -> str:
    return "Hello, World!"


def visitor_cookie(target: Target) -> dict[str, str]:
    """The Cookie header of an anonymous visitor who has read the page twice, keeping the
    session cookie as a browser does (the second answer updates it)."""
    cookie = ""
    for _ in range(2):
        headers = {"Cookie": cookie} if cookie else {}
        request = urllib.request.Request(target.url, headers=headers)  # noqa: S310
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - 127.0.0.1
            if set_cookie := response.headers["Set-Cookie"]:
                cookie = set_cookie.split(";", 1)[0]
    return {"Cookie": cookie}


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
        page = Target(ours, f"/t/{data.topic_100}")
        result = alternate(page, Target(floor, "/"), rounds=args.rounds, seconds=args.seconds)
        with_session = alternate(
            Target(ours, page.path, visitor_cookie(page)),
            Target(floor, "/"),
            rounds=args.rounds,
            seconds=args.seconds,
        )
    figures = {
        "topic_100_first_page_anonymous": result["a"],
        "hello_world": result["b"],
        "ratio_ours_to_floor": result["ratio"],
        "target_ratio": 0.5,
        "topic_100_first_page_anonymous_with_session": with_session["a"],
        "hello_world_beside_it": with_session["b"],
        "ratio_with_session_to_floor": with_session["ratio"],
        "rounds": args.rounds,
        "seconds_per_round": args.seconds,
    }
    summary = (
        f"floor: topic page {result['a']['per_second']:.0f}/s, hello world "
        f"{result['b']['per_second']:.0f}/s, ratio {result['ratio']} (target ≥ 0.5); with a "
        f"session cookie {with_session['a']['per_second']:.0f}/s, ratio {with_session['ratio']}"
    )
    return emit("floor", figures, summary)


if __name__ == "__main__":
    main()
