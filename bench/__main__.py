"""Run every benchmark and write bench/results/latest.json.

    .venv/bin/python -m bench [--only pages floor ...]

Each benchmark prints its JSON object and a one-line summary; the file collects them all.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bench import floor, home, markup, memory, pages, peer_flaskbb, realtime, search

RESULTS = Path(__file__).parent / "results"

BENCHMARKS: dict[str, Callable[[], dict]] = {
    "pages": lambda: pages.main([]),
    "floor": lambda: floor.main([]),
    "peer_flaskbb": lambda: peer_flaskbb.main([]),
    "memory": lambda: memory.main([]),
    "realtime": lambda: realtime.main([]),
    # The search targets: Whoosh at 20,000 posts, PostgreSQL at 100,000.
    "search_whoosh": lambda: search.main(["--posts", "20000", "--backend", "whoosh"]),
    "search_postgres": lambda: search.main(["--posts", "100000", "--backend", "postgres"]),
    "home": home.main,
    "markup": markup.main,
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="+", choices=sorted(BENCHMARKS))
    args = parser.parse_args(argv)
    chosen = args.only or list(BENCHMARKS)
    target = RESULTS / ("latest.json" if args.only is None else "partial.json")
    RESULTS.mkdir(exist_ok=True)
    document: dict = {"started": datetime.now(UTC).isoformat(timespec="seconds"), "results": []}
    for name in chosen:
        document["results"].append(BENCHMARKS[name]())
        # Written after each benchmark, so a run cut short keeps what it measured.
        document["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
        target.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
