"""Reading a map from CSV or Kumu-style JSON and checking every row before anything is written.

CSV: one row per record, ``record`` being ``element`` or ``connection``; the columns are
``EXPORT_COLUMNS``. JSON: ``{"elements": [...], "connections": [...]}`` as Kumu exports it,
elements with ``label``, ``kind``, ``type``, ``sector``, ``tags``; connections with ``from``,
``to``, ``type``, ``direction``, ``strength``, ``since``, ``source``.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from forum.actions.errors import ActionError, ValidationError
from forum.http_input import parse_json
from forum.spreadsheet import neutralise, restore
from plugins.learning_communities.maps.checks import edge_values, node_values, split_themes
from plugins.learning_communities.maps.models import EcoMap

MAX_BYTES = 1_000_000
MAX_ROWS = 5_000
EXPORT_COLUMNS = (
    "record",
    "label",
    "kind",
    "type",
    "sector",
    "tags",
    "from",
    "to",
    "direction",
    "strength",
    "since",
    "source",
)


@dataclass
class Row:
    where: str
    data: dict[str, Any]


@dataclass
class Element:
    where: str
    values: dict[str, Any]

    @property
    def label(self) -> str:
        return self.values["label"]


@dataclass
class Connection:
    where: str
    source: str
    target: str
    values: dict[str, Any]


@dataclass
class ImportPlan:
    elements: list[Element] = field(default_factory=list)
    connections: list[Connection] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def good_rows(self) -> int:
        return len(self.elements) + len(self.connections)


class ImportRefused(ValidationError):
    """An import with bad rows: nothing was written. ``plan.errors`` lists each row's problem."""

    def __init__(self, plan: ImportPlan):
        super().__init__(_("The import has errors; nothing was imported."), field="file")
        self.plan = plan


def _too_big() -> ValidationError:
    return ValidationError(
        _(
            "An import has at most %(rows)d rows and %(size)d kB.",
            rows=MAX_ROWS,
            size=MAX_BYTES // 1000,
        ),
        field="file",
    )


def read_rows(raw: bytes, filename: str) -> tuple[list[Row], list[Row]]:
    """Elements and connections of a CSV or JSON file, each with where it stands."""
    if len(raw) > MAX_BYTES:
        raise _too_big()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The file is not UTF-8 text."), field="file") from None
    rows = _read_json(text) if filename.lower().endswith(".json") else _read_csv(text)
    if len(rows[0]) + len(rows[1]) > MAX_ROWS:
        raise _too_big()
    return rows


def _read_json(text: str) -> tuple[list[Row], list[Row]]:
    data = parse_json(text, max_bytes=MAX_BYTES, field="file")
    if not isinstance(data, dict) or not isinstance(data.get("elements", []), list):
        raise ValidationError(_("Expected elements and connections."), field="file")
    connections = data.get("connections", [])
    if not isinstance(connections, list):
        raise ValidationError(_("Expected elements and connections."), field="file")
    return (
        [Row(_("element %(n)d", n=i), e) for i, e in enumerate(data.get("elements", []), 1)],
        [Row(_("connection %(n)d", n=i), c) for i, c in enumerate(connections, 1)],
    )


def _read_csv(text: str) -> tuple[list[Row], list[Row]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "record" not in reader.fieldnames:
        raise ValidationError(_("The CSV needs a header row with a record column."), field="file")
    elements: list[Row] = []
    connections: list[Row] = []
    try:
        for record in reader:
            record = {
                key: restore(value) if isinstance(value, str) else value
                for key, value in record.items()
            }
            row = Row(_("line %(n)d", n=reader.line_num), record)
            kind = (record.get("record") or "").strip()
            if kind == "connection":
                connections.append(row)
            else:
                elements.append(row)
            if len(elements) + len(connections) > MAX_ROWS:
                raise _too_big()
    except csv.Error:
        raise ValidationError(
            _("The CSV cannot be read (line %(line)d).", line=reader.line_num), field="file"
        ) from None
    return elements, connections


def _tags(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return split_themes(str(value or ""))


def plan_import(eco_map: EcoMap | None, elements: list[Row], connections: list[Row]) -> ImportPlan:
    """Check every row against the map and the rest of the file; nothing is written here."""
    plan = ImportPlan()
    labels = {n.label for n in eco_map.nodes} if eco_map else set()
    for row in elements:
        data = row.data if isinstance(row.data, dict) else {}
        try:
            if row.data is not data or (data.get("record") or "element") != "element":
                raise ValidationError(_("A record is an element or a connection."))
            values = node_values(
                str(data.get("label") or ""),
                str(data.get("kind") or "organisation"),
                str(data.get("type") or ""),
                str(data.get("sector") or ""),
                _tags(data.get("tags")),
            )
            if values["label"] in labels:
                raise ValidationError(_("%(label)s is on the map already.", label=values["label"]))
        except ActionError as error:
            plan.errors.append((row.where, error.message))
            continue
        labels.add(values["label"])
        plan.elements.append(Element(row.where, values))
    pairs = {(e.source.label, e.target.label, e.kind) for e in eco_map.edges} if eco_map else set()
    for row in connections:
        data = row.data if isinstance(row.data, dict) else {}
        try:
            source, target = str(data.get("from") or ""), str(data.get("to") or "")
            for end in (source, target):
                if end not in labels:
                    raise ValidationError(_("No actor called %(label)s.", label=end or "-"))
            if source == target:
                raise ValidationError(_("A relation joins two different actors."))
            values = edge_values(
                str(data.get("type") or ""),
                str(data.get("direction") or "") == "directed",
                data.get("strength") or 1,
                data.get("since"),
                str(data.get("source") or ""),
            )
            key = (source, target, values["kind"])
            if key in pairs or (
                not values["directed"] and (target, source, values["kind"]) in pairs
            ):
                raise ValidationError(_("This relation is listed twice."))
        except ActionError as error:
            plan.errors.append((row.where, error.message))
            continue
        pairs.add(key)
        plan.connections.append(Connection(row.where, source, target, values))
    return plan


def to_csv(data: dict[str, Any]) -> str:
    """The map as CSV, every cell safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    rows = [
        {**element, "record": "element", "tags": "|".join(element["tags"])}
        for element in data["elements"]
    ] + [
        {**connection, "record": "connection", "since": connection["since"] or ""}
        for connection in data["connections"]
    ]
    for row in rows:
        writer.writerow({key: neutralise(value) for key, value in row.items()})
    return out.getvalue()


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
