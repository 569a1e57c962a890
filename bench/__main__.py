"""Run every benchmark and write bench/results/latest.json."""

import json
from pathlib import Path

from bench import home, markup, pages, search

RESULTS = Path(__file__).parent / "results"


def main() -> None:
    results = [home.main(), markup.main(), pages.main(), search.main([])]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
