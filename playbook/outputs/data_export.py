"""Export the checked graph as JSON or CSV, for spreadsheets, scripts and other tools.

The result exported is one edition's copy (`playbook export --edition`, default
internal): it holds only what that edition shows, and a KPI whose measurements it
withholds has no status.

JSON holds every entity (kind, id, title, file, visibility, its fields and Markdown
text), its relations in both directions (outgoing by field name, incoming by inverse
name), each KPI's status as of a date, the list of relations and the diagnostics.
CSV writes two files: `entities.csv` (one row per entity, nested fields flattened
into dotted columns such as `target.value`, lists joined with "; ", lists of
mappings as JSON) and `relations.csv` (one row per reference).
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from playbook.check.checker import Result, kpi_statuses
from playbook.check.graph import Graph
from playbook.check.status import Status
from playbook.content.model import KINDS, Entity
from playbook.outputs.output_guard import write_file

ENTITY_COLUMNS = ["kind", "id", "title", "file", "visibility"]
STATUS_COLUMNS = ["status", "status.latest_date", "status.latest_value", "status.expected", "status.stale"]
RELATION_COLUMNS = ["source_kind", "source_id", "field", "target_kind", "target_id", "inverse"]
LIST_SEPARATOR = "; "


def status_record(status: Status) -> dict:
    latest = status.latest
    return {"status": status.status, "latest_date": latest.date if latest else None,
            "latest_value": latest.value if latest else None, "expected": status.expected,
            "shortfall": status.shortfall, "stale": status.stale, "reason": status.reason}


def ordered_entities(graph: Graph) -> list[Entity]:
    return [e for kind in KINDS for e in graph.of_kind(kind)]


def _ref(entity: Entity) -> dict:
    return {"kind": entity.kind, "id": entity.id}


def export_graph(result: Result) -> dict:
    """The checked graph as plain JSON-ready values."""
    graph, statuses = result.graph, kpi_statuses(result)
    entities = []
    for e in ordered_entities(graph):
        record = {"kind": e.kind, "id": e.id, "title": e.title, "file": e.file, "visibility": e.visibility,
                  "fields": e.data, "body": e.body,
                  "outgoing": {name: [_ref(t) for t in targets] for name, targets in graph.outgoing(e).items()},
                  "incoming": {name: [_ref(s) for s in sources] for name, sources in graph.incoming(e).items()}}
        if e.kind == "kpi" and e.id not in graph.withheld_series:
            record["status"] = status_record(statuses[e.id])
        entities.append(record)
    relations = [{"source": _ref(edge.source), "field": edge.field.name, "target": _ref(edge.target),
                  "inverse": edge.field.inverse} for edge in graph.edges]
    return {"as_of": result.as_of.isoformat(), "entities": entities, "relations": relations,
            "diagnostics": [d.as_dict() for d in result.diagnostics]}


def to_json(result: Result) -> str:
    return json.dumps(export_graph(result), indent=2, ensure_ascii=False)


def _flatten(value, prefix: str, row: dict) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}" if prefix else str(key), row)
    elif isinstance(value, list):
        nested = any(isinstance(item, (dict, list)) for item in value)
        row[prefix] = json.dumps(value, ensure_ascii=False) if nested else LIST_SEPARATOR.join(map(_cell, value))
    else:
        row[prefix] = _cell(value)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet reads a cell starting with one of these as a formula (CSV injection)."""


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # shown as the text written, never run as a formula
    return str(value)


def entity_rows(exported: dict) -> tuple[list[str], list[dict]]:
    """(columns, rows) of entities.csv; field columns in order of first appearance."""
    rows, fields = [], {}
    for record in exported["entities"]:
        row = {k: _cell(record[k]) for k in ENTITY_COLUMNS}
        if "status" in record:
            row.update({column: _cell(record["status"][column.removeprefix("status.")]) for column in STATUS_COLUMNS})
        flat: dict = {}
        _flatten(record["fields"], "", flat)
        for name in flat:
            fields.setdefault(f"fields.{name}", None)
        row.update({f"fields.{name}": value for name, value in flat.items()})
        rows.append(row)
    return ENTITY_COLUMNS + STATUS_COLUMNS + list(fields), rows


def relation_rows(exported: dict) -> list[dict]:
    return [{"source_kind": r["source"]["kind"], "source_id": r["source"]["id"], "field": r["field"],
             "target_kind": r["target"]["kind"], "target_id": r["target"]["id"], "inverse": r["inverse"]}
            for r in exported["relations"]]


def csv_paths(out: Path) -> tuple[Path, Path]:
    """`x.csv` -> (x.csv, x-relations.csv); a folder -> (folder/entities.csv, folder/relations.csv)."""
    if out.suffix.lower() == ".csv":
        return out, out.with_name(f"{out.stem}-relations.csv")
    return out / "entities.csv", out / "relations.csv"


def write_csv(result: Result, out: Path) -> list[Path]:
    exported = export_graph(result)
    entities_path, relations_path = csv_paths(out)
    columns, rows = entity_rows(exported)
    for path, names, data in ((entities_path, columns, rows),
                              (relations_path, RELATION_COLUMNS, relation_rows(exported))):
        text = io.StringIO(newline="")
        writer = csv.DictWriter(text, fieldnames=names, restval="")
        writer.writeheader()
        writer.writerows(data)
        write_file(path, text.getvalue())
    return [entities_path, relations_path]
