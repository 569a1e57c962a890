"""Import and export of maps as CSV and Kumu-style JSON: every row checked, line numbers in
the errors, nothing written until fixed or only the good rows on explicit choice."""

from __future__ import annotations

import io
import json

from sqlalchemy import func, select

from forum.extensions import db
from plugins.learning_communities.maps.imports import MAX_ROWS
from plugins.learning_communities.maps.models import Edge, Node
from tests.conftest import login
from tests.plugins.learning_communities_tests.helpers import form, make_weaver

GOOD_CSV = """record,label,kind,type,sector,tags,from,to,direction,strength,since,source
element,Kainuun hyvinvointialue,organisation,decision_maker,public,liikunta|ikääntyneet,,,,,,
element,Liikunta ry,organisation,developer,third_sector,liikunta,,,,,,
element,Aino Kehittäjä,person,developer,,ikääntyneet,,,,,,
connection,,,partnership,,,Kainuun hyvinvointialue,Liikunta ry,undirected,3,2023-05-01,Sopimus
connection,,,funding,,,Kainuun hyvinvointialue,Aino Kehittäjä,directed,1,,
"""

BAD_CSV = """record,label,kind,type,sector,tags,from,to,direction,strength,since,source
element,Hyvä toimija,organisation,developer,,,,,,,,
element,Huono toimija,organisation,astronaut,,,,,,,,
connection,,,partnership,,,Hyvä toimija,Ei ketään,undirected,1,,
connection,,,partnership,,,Hyvä toimija,Hyvä toimija,undirected,1,,
element,Toinen hyvä,organisation,funder,,,,,,,,
connection,,,funding,,,Toinen hyvä,Hyvä toimija,directed,7,,
connection,,,funding,,,Toinen hyvä,Hyvä toimija,directed,2,,
"""


def upload(client, code: str, content: str, filename: str, **extra):
    data = {"file": (io.BytesIO(content.encode()), filename), **extra}
    return form(client, f"/regions/{code}/map/import", data, content_type="multipart/form-data")


def counts() -> tuple[int, int]:
    return (
        db.session.scalar(select(func.count(Node.id))),
        db.session.scalar(select(func.count(Edge.id))),
    )


def comparable(data: dict) -> dict:
    keep_e = ("label", "kind", "type", "sector", "tags")
    keep_c = ("from", "to", "type", "direction", "strength", "since", "source")
    return {
        "elements": sorted(({k: e[k] for k in keep_e} for e in data["elements"]), key=str),
        "connections": sorted(({k: c[k] for k in keep_c} for c in data["connections"]), key=str),
    }


def test_a_csv_import_round_trips_through_csv_and_json_exports(client):
    login(client, make_weaver("MK18", "MK19", "MK17"))
    imported = upload(client, "MK18", GOOD_CSV, "kartta.csv")
    assert imported.status_code == 200
    assert counts() == (3, 2)
    exported_json = client.get("/regions/MK18/map/export.json")
    assert exported_json.headers["Content-Disposition"].startswith("attachment")
    original = json.loads(exported_json.text)
    assert upload(client, "MK19", exported_json.text, "kartta.json").status_code == 200
    again = client.get("/regions/MK19/map/export.json").get_json()
    assert comparable(again) == comparable(original)
    exported_csv = client.get("/regions/MK19/map/export.csv")
    assert exported_csv.mimetype == "text/csv"
    assert upload(client, "MK17", exported_csv.text, "kartta.csv").status_code == 200
    assert comparable(client.get("/regions/MK17/map/export.json").get_json()) == comparable(
        original
    )


def test_bad_rows_are_reported_by_line_and_nothing_is_imported(client):
    login(client, make_weaver("MK18"))
    refused = upload(client, "MK18", BAD_CSV, "kartta.csv")
    assert refused.status_code == 400
    assert "line 3" in refused.text or "rivi 3" in refused.text
    for line in ("3", "4", "5", "7"):
        assert f" {line}:" in refused.text
    assert " 2:" not in refused.text
    assert " 6:" not in refused.text
    assert " 8:" not in refused.text
    assert counts() == (0, 0)


def test_on_explicit_choice_only_the_good_rows_are_imported(client):
    login(client, make_weaver("MK18"))
    done = upload(client, "MK18", BAD_CSV, "kartta.csv", good_rows_only="1")
    assert done.status_code == 200
    assert counts() == (2, 1)
    labels = {e["label"] for e in client.get("/regions/MK18/map/data.json").get_json()["elements"]}
    assert labels == {"Hyvä toimija", "Toinen hyvä"}


def test_imports_clashing_with_the_map_or_malformed_are_refused(client):
    login(client, make_weaver("MK18"))
    assert upload(client, "MK18", GOOD_CSV, "kartta.csv").status_code == 200
    again = upload(client, "MK18", GOOD_CSV, "kartta.csv")
    assert again.status_code == 400  # every actor and relation is on the map already
    assert counts() == (3, 2)
    assert upload(client, "MK18", "{not json", "kartta.json").status_code == 400
    assert upload(client, "MK18", '{"elements": 3}', "kartta.json").status_code == 400
    assert upload(client, "MK18", "label,type\nX,developer\n", "kartta.csv").status_code == 400
    assert counts() == (3, 2)


def test_enormous_imports_are_refused_before_anything_is_read(client):
    login(client, make_weaver("MK18"))
    rows = "".join(
        f"element,Toimija {n},organisation,developer,,,,,,,,\n" for n in range(MAX_ROWS + 1)
    )
    big = upload(client, "MK18", GOOD_CSV.splitlines()[0] + "\n" + rows, "kartta.csv")
    assert big.status_code == 400
    elements = [{"label": f"T{n}", "type": "developer"} for n in range(MAX_ROWS + 1)]
    assert upload(client, "MK18", json.dumps({"elements": elements}), "k.json").status_code == 400
    assert counts() == (0, 0)


def test_another_regions_weaver_cannot_import(client):
    login(client, make_weaver("MK19"))
    assert upload(client, "MK18", GOOD_CSV, "kartta.csv").status_code == 403
    assert counts() == (0, 0)
