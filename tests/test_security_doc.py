"""docs/security.md stays true: every OWASP ASVS 5.0 level 2 requirement has one row, and every
test a row names exists, so removing or renaming a test that proves a requirement fails here."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "security.md"

ROW = re.compile(r"^\| (V\d+\.\d+\.\d+) \|")
CITATION = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")
REASONS = ("Documented:", "Not applicable:", "Not yet met:")

# How many level 1 and 2 requirements each section of ASVS 5.0.0 has; the level 3 ones come
# after them in every section, so a section's level 2 rows are numbered 1 to n.
LEVEL_2_SECTIONS = {
    "V1.1": 2, "V1.2": 9, "V1.3": 11, "V1.4": 3, "V1.5": 2,
    "V2.1": 3, "V2.2": 3, "V2.3": 4, "V2.4": 1,
    "V3.2": 2, "V3.3": 4, "V3.4": 6, "V3.5": 5, "V3.7": 2,
    "V4.1": 3, "V4.2": 1, "V4.3": 2, "V4.4": 4,
    "V5.1": 1, "V5.2": 3, "V5.3": 2, "V5.4": 3,
    "V6.1": 3, "V6.2": 12, "V6.3": 4, "V6.4": 4, "V6.5": 5, "V6.6": 3, "V6.8": 4,
    "V7.1": 3, "V7.2": 4, "V7.3": 2, "V7.4": 5, "V7.5": 2, "V7.6": 2,
    "V8.1": 2, "V8.2": 3, "V8.3": 1, "V8.4": 1,
    "V9.1": 3, "V9.2": 4,
    "V10.1": 2, "V10.2": 2, "V10.3": 4, "V10.4": 11, "V10.5": 5, "V10.6": 2, "V10.7": 3,
    "V11.1": 2, "V11.2": 3, "V11.3": 3, "V11.4": 4, "V11.5": 1, "V11.6": 1,
    "V12.1": 3, "V12.2": 2, "V12.3": 4,
    "V13.1": 1, "V13.2": 5, "V13.3": 2, "V13.4": 5,
    "V14.1": 2, "V14.2": 4, "V14.3": 3,
    "V15.1": 3, "V15.2": 3, "V15.3": 7,
    "V16.1": 1, "V16.2": 5, "V16.3": 4, "V16.4": 3, "V16.5": 3,
    "V17.1": 1, "V17.2": 4, "V17.3": 2,
}  # fmt: skip


def rows(text: str) -> list[tuple[str, list[str]]]:
    """(requirement id, cells) for each requirement row of the page's tables."""
    found = []
    for line in text.splitlines():
        match = ROW.match(line)
        if match:
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            found.append((match.group(1), cells))
    return found


def missing_tests(text: str, root: Path) -> list[str]:
    """The cited ``file::test`` ids whose file or test function does not exist under root."""
    missing = []
    for path, name in CITATION.findall(text):
        source = root / path
        defined = source.is_file() and re.search(
            rf"^\s*(async\s+)?def {name}\(", source.read_text(encoding="utf-8"), re.MULTILINE
        )
        if not defined:
            missing.append(f"{path}::{name}")
    return missing


def unproven(text: str) -> list[str]:
    """Rows whose last cell cites no test and gives none of the accepted reasons."""
    return [
        requirement
        for requirement, cells in rows(text)
        if not (CITATION.search(cells[-1]) or cells[-1].startswith(REASONS))
    ]


def test_every_cited_test_exists():
    assert missing_tests(DOC.read_text(encoding="utf-8"), ROOT) == []


def test_every_row_has_a_test_or_a_reason():
    text = DOC.read_text(encoding="utf-8")
    assert all(len(cells) == 4 for _id, cells in rows(text))
    assert unproven(text) == []


def test_every_level_2_requirement_has_exactly_one_row():
    listed = [requirement for requirement, _cells in rows(DOC.read_text(encoding="utf-8"))]
    expected = [
        f"{section}.{number}"
        for section, count in LEVEL_2_SECTIONS.items()
        for number in range(1, count + 1)
    ]
    assert listed == expected


def test_the_checks_find_a_missing_test_and_a_row_without_proof(tmp_path):
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "test_here.py").write_text("def test_present():\n    pass\n", encoding="utf-8")
    page = "\n".join(
        [
            "| V1.1.1 | a | b | `tests/test_here.py::test_present` |",
            "| V1.1.2 | a | b | `tests/test_here.py::test_gone` |",
            "| V1.2.1 | a | b | `tests/test_elsewhere.py::test_present` |",
            "| V1.2.2 | a | b | it is fine, believe me |",
            "| V1.2.3 | a | | Not applicable: no such thing |",
        ]
    )
    assert missing_tests(page, tmp_path) == [
        "tests/test_here.py::test_gone",
        "tests/test_elsewhere.py::test_present",
    ]
    assert unproven(page) == ["V1.2.2"]
