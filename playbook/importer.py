"""`playbook import`: analytics exports into KPI measurements, by each KPI's declared rule.

A KPI's `import` rule names the export files it reads (`match`), the date and value
columns, the filters that keep only the rows credited to its tactic, and how a cadence
period's rows add up (sum, mean, last, count). Each period (the week from Monday, the
month, the quarter, the year; each day for a `per-event` KPI) becomes one row, dated
the period's first day, in the KPI's measurement file:

* a period the file lacks is added, one whose value the export revises is updated (and
  reported as revised), one that is the same is left alone, so importing the same file
  twice changes nothing;
* the provenance of every imported row (export file name, SHA-256 of its content, import
  time) is kept beside the measurement file in `<file>.import.json`;
* the file keeps its own line endings and byte-order mark and the rows it already holds.

With `dry_run`, nothing is written and the changes are returned to be shown as a diff.
"""
from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import yamlsafe
from .checker import Result
from .checkin import CsvFile, broken, measurement_file, number_text
from .exports import ExportProblem, Table, date_parser, parse_number, read_table
from .model import Entity
from .outguard import write_file

PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "annual": 12, "biennial": 24}


@dataclass
class Change:
    date: str
    old: float | None
    new: float

    @property
    def text(self) -> str:
        if self.old is None:
            return f"+ {self.date},{number_text(self.new)}"
        return f"~ {self.date},{number_text(self.old)} -> {number_text(self.new)} (revised)"


@dataclass
class KpiImport:
    kpi: Entity
    file: Path
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0


def period_start(day: dt.date, cadence: str | None) -> dt.date:
    """The first day of the cadence period holding `day`."""
    if cadence == "weekly":
        return day - dt.timedelta(days=day.weekday())
    months = PERIOD_MONTHS.get(cadence)
    if months is None:
        return day  # per-event: each day on its own
    index = (day.year * 12 + day.month - 1) // months * months
    return dt.date(index // 12, index % 12 + 1, 1)


def rules_for(result: Result, export: Path, only: str | None) -> list[Entity]:
    kpis = [k for k in result.graph.of_kind("kpi") if isinstance(k.data.get("import"), dict)]
    if only:
        chosen = [k for k in kpis if k.id == only.removeprefix("kpi:")]
        if not chosen:
            raise ExportProblem(str(export), 1, 1, f"kpi '{only}' has no import rule (add 'import:' to it)")
        return chosen
    return [k for k in kpis if fnmatch.fnmatch(export.name, k.data["import"]["match"])]


def period_values(table: Table, rule: dict, cadence: str | None) -> dict[str, float]:
    """Period start (ISO date) -> the period's value, from the rows the filters keep."""
    date_col = table.column(rule["date"], "date")
    how = rule.get("aggregate", "sum")
    value_col = table.column(rule["value"], "value") if how != "count" else None
    tests = [(table.column(f["column"], "filter"), f) for f in rule.get("filters") or []]
    parse_date = date_parser(rule.get("date_format"))
    groups: dict[dt.date, list[float]] = {}
    for row_number, cells in table.rows:
        cell = cells[date_col] if date_col < len(cells) else ""
        day = parse_date(cell)
        if day is None:
            if _is_total(cells):
                continue
            raise ExportProblem(table.file, row_number, date_col + 1, f"'{cell}' is not a date"
                                + ("" if rule.get("date_format") else " (give the rule a date_format)"))
        if not all(_keeps(cells[i] if i < len(cells) else "", f) for i, f in tests):
            continue
        if value_col is None:
            groups.setdefault(period_start(day, cadence), []).append(1.0)
            continue
        raw = cells[value_col] if value_col < len(cells) else ""
        value = parse_number(raw, table.decimal_comma)
        if value is None or abs(value) > yamlsafe.MAX_NUMBER:
            raise ExportProblem(table.file, row_number, value_col + 1, f"'{raw}' is not a number")
        groups.setdefault(period_start(day, cadence), []).append(value)
    combine = {"sum": sum, "count": len, "last": lambda v: v[-1], "mean": lambda v: sum(v) / len(v)}[how]
    return {day.isoformat(): round(float(combine(values)), 6) for day, values in sorted(groups.items())}


def _is_total(cells) -> bool:
    """A totals row, or a row without a date that the tool adds below the data."""
    first = str(cells[0] if cells else "").strip().casefold()
    return first in ("", "total", "totals", "grand total", "sum", "(other)") or first.startswith("total")


def _keeps(cell, rule: dict) -> bool:
    text = str(cell).strip()
    if "equals" in rule and text.casefold() != str(rule["equals"]).strip().casefold():
        return False
    return "matches" not in rule or re.search(rule["matches"], text) is not None


def merge(result: Result, kpi: Entity, values: dict[str, float]) -> KpiImport:
    """The changes the period values make to the KPI's measurement file."""
    series = result.graph.series.get(kpi.id)
    held = {p.date: p.value for p in series.points} if series else {}
    done = KpiImport(kpi, measurement_file(result, kpi))
    for day, value in values.items():
        if held.get(day) == value:
            done.unchanged += 1
        else:
            done.changes.append(Change(day, held.get(day), value))
    return done


def write(done: KpiImport, export: Path, digest: str, now: dt.datetime) -> None:
    """Write the changed rows (in date order, others untouched) and their provenance."""
    file = CsvFile.read(done.file)
    rows = {line.split(",", 1)[0]: line for line in file.lines[1:] if line.strip()}
    notes = {c.date: f"imported from {export.name}" for c in done.changes}
    for change in done.changes:
        old = rows.get(change.date, "")
        note = old.split(",", 2)[2] if old.count(",") >= 2 and change.old is not None else notes[change.date]
        rows[change.date] = f"{change.date},{number_text(change.new)},{note}"
    file.lines = [file.lines[0]] + [rows[day] for day in sorted(rows)]
    file.write()
    sidecar = done.file.with_name(done.file.name + ".import.json")
    record = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.is_file() else {}
    for change in done.changes:
        record[change.date] = {"source": export.name, "sha256": digest, "imported": now.isoformat(timespec="seconds"),
                               "value": change.new}
    write_file(sidecar, json.dumps(dict(sorted(record.items())), indent=2) + "\n")


def import_export(result: Result, export: Path, only: str | None = None, dry_run: bool = False,
                  now: dt.datetime | None = None) -> list[KpiImport]:
    """Apply every matching KPI's rule to the export; raises ExportProblem for a bad file."""
    kpis = rules_for(result, export, only)
    if not kpis:
        return []
    for kpi in kpis:
        rel = broken(result, kpi)
        if rel:
            raise ExportProblem(str(export), 1, 1, f"the measurement file of kpi '{kpi.id}' ({rel}) has errors; "
                                "run 'playbook validate' and fix them first")
    table = read_table(export)
    digest = hashlib.sha256(export.read_bytes()).hexdigest()
    done = [merge(result, kpi, period_values(table, kpi.data["import"], kpi.data.get("cadence"))) for kpi in kpis]
    if not dry_run:
        for item in done:
            if item.changes:
                write(item, export, digest, now or dt.datetime.now(dt.timezone.utc))
    return done
