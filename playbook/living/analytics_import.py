"""`playbook import`: analytics exports into KPI measurements, by each KPI's declared rule.

A KPI's `import` rule names the export files it reads (`match`), the date and value
columns, the filters that keep only the rows credited to its tactic, and how a cadence
period's rows add up (sum, mean, last, count). Each period (the week from Monday, the
month, the quarter, the year; each day for a `per-event` KPI) becomes one row, dated
the period's first day, in the KPI's measurement file:

* a period the file lacks is added, one whose value the export revises is updated (and
  reported as revised), one that is the same is left alone, so importing the same file
  twice changes nothing;
* a period the export covers only in part is skipped and reported, whether the file
  holds it or not (a partial month written once would later pass for a whole one),
  unless the rule says `partial: allow`. What the export covers is what it says in its
  `# Start date` and `# End date` lines (GA4 writes them), else its first to its last
  dated row;
* a value cell holding a placeholder (empty, `-`, `--`, `—`, `n/a`) is left out
  (`missing: skip`, the default), counted as 0 (`zero`) or refused (`error`), and
  reported; so are totals rows, and the rows after a blank row once they are not
  dated (a totals table or another section below the data), which end the data;
* the provenance of every imported row (export file name, SHA-256 of its content,
  import time) is kept beside the measurement file in `<file>.import.json`.

Everything is read and judged before anything is written: the rules (a rule the
checker reports is not run), the export, then under the writers' lock every
measurement file and provenance record; the new contents are replaced together or
not at all (`transaction`). With `dry_run`, the same is done up to the writing.
"""
from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from playbook.check.checker import Result
from playbook.check.import_rules import import_problems, pattern
from playbook.content import safe_yaml
from playbook.content.dates import date_problem, parse_date
from playbook.content.loader import MAX_FILE_BYTES, shown_name
from playbook.content.model import Entity
from playbook.living.analytics_files import (
    ExportProblem,
    NotANumber,
    Table,
    date_parser,
    parse_number,
    read_table,
)
from playbook.living.series_file import SeriesFile, number_text, series_file
from playbook.living.transaction import Change as FileChange
from playbook.living.transaction import (
    WriteRefused,
    locked,
    read_bytes,
    replace_all,
    target,
)

PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "annual": 12, "biennial": 24}
PLACEHOLDERS = frozenset({"", "-", "--", "---", "—", "–", "n/a", "n.a.", "na", "null"})
DECIMALS = {"point": ".", "comma": ","}
MAX_SIDECAR_BYTES = 8 * MAX_FILE_BYTES
"""A provenance record holds about a hundred bytes per imported row, a measurement file about twenty."""
SHOWN = 10
"""How many placeholder cells a summary names before it counts the rest."""


@dataclass
class Change:
    date: str
    old: float | None
    new: float
    partial: bool = False

    @property
    def text(self) -> str:
        also = " (a partial period, as the rule allows)" if self.partial else ""
        if self.old is None:
            return f"+ {self.date},{number_text(self.new)}{also}"
        return f"~ {self.date},{number_text(self.old)} -> {number_text(self.new)} (revised){also}"


@dataclass
class Skipped:
    """A period the export covers only in part, left as the file holds it."""
    date: str
    covered: tuple[dt.date, dt.date]
    old: float | None
    new: float

    @property
    def text(self) -> str:
        first, last = self.covered
        kept = "the file keeps " + number_text(self.old) if self.old is not None else "not added"
        return (f"! {self.date} skipped: the export covers only {first} to {last} of this period "
                f"({number_text(self.new)} there; {kept}; 'partial: allow' in the rule writes it)")


@dataclass
class KpiImport:
    kpi: Entity
    file: Path
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    placeholders: list[tuple[int, str]] = field(default_factory=list)  # (row, cell)
    ignored: list[str] = field(default_factory=list)  # rows below the data, in words
    missing: str = "skip"

    def summary(self, dry_run: bool) -> str:
        revised = sum(1 for c in self.changes if c.old is not None)
        extra = f", {_count(len(self.skipped), 'partial period')} skipped" if self.skipped else ""
        if self.placeholders:
            extra += f", {_count(len(self.placeholders), 'placeholder')} " + \
                     ("counted as 0" if self.missing == "zero" else "skipped")
        verb = "nothing to write in" if not self.changes else "would change" if dry_run else "changed"
        return (f"kpi '{self.kpi.id}': {len(self.changes) - revised} added, {revised} revised, {self.unchanged} unchanged"
                f"{extra} ({verb} {self.file})")

    def details(self, dry_run: bool) -> list[str]:
        """What the summary counts: additions (in a dry run), revisions, skipped periods, placeholders, ignored rows."""
        lines = [c.text for c in self.changes if dry_run or c.old is not None] + [s.text for s in self.skipped]
        if self.placeholders:
            shown = ", ".join(f"row {row} '{cell}'" for row, cell in self.placeholders[:SHOWN])
            more = f" and {len(self.placeholders) - SHOWN} more" if len(self.placeholders) > SHOWN else ""
            lines.append(f"  placeholders {'counted as 0' if self.missing == 'zero' else 'skipped'}: {shown}{more}")
        return lines + [f"  ignored {what}" for what in self.ignored]


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclass
class Reading:
    """What one rule makes of an export: each period's value, and what the export covers."""
    values: dict[dt.date, float]
    covered: tuple[dt.date, dt.date] | None
    placeholders: list[tuple[int, str]]
    ignored: list[str]


def period_start(day: dt.date, cadence: str | None) -> dt.date:
    """The first day of the cadence period holding `day`."""
    if cadence == "weekly":
        return day - dt.timedelta(days=day.weekday())
    months = PERIOD_MONTHS.get(cadence)
    if months is None:
        return day  # per-event: each day on its own
    index = (day.year * 12 + day.month - 1) // months * months
    return dt.date(index // 12, index % 12 + 1, 1)


def period_end(start: dt.date, cadence: str | None) -> dt.date:
    """The last day of the cadence period that starts on `start`."""
    if cadence == "weekly":
        return start + dt.timedelta(days=6)
    months = PERIOD_MONTHS.get(cadence)
    if months is None:
        return start
    index = start.year * 12 + start.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1) - dt.timedelta(days=1)


def rules_for(result: Result, export: Path, only: str | None) -> list[Entity]:
    kpis = [k for k in result.graph.of_kind("kpi") if isinstance(k.data.get("import"), dict)]
    if only:
        chosen = [k for k in kpis if k.id == only.removeprefix("kpi:")]
        if not chosen:
            raise ExportProblem(str(export), 1, 1, f"kpi '{only}' has no import rule (add 'import:' to it)")
        return chosen
    return [k for k in kpis if isinstance(k.data["import"].get("match"), str)
            and fnmatch.fnmatch(export.name, k.data["import"]["match"])]


def read_rule(table: Table, rule: dict, cadence: str | None) -> Reading:
    """Each period's value from the rows the rule's filters keep, in one pass over the export."""
    date_col = table.column(rule["date"], "date")
    how = rule.get("aggregate", "sum")
    value_col = table.column(rule["value"], "value") if how != "count" else None
    tests = [(table.column(f["column"], "filter"), f) for f in rule.get("filters") or []]
    decimal = DECIMALS.get(rule.get("decimal"), table.decimal)
    reading = Reading({}, None, [], [])
    sums: dict[dt.date, list] = {}  # period start -> [rows, total, last value]
    for row, cells, day in _dated_rows(table, date_col, rule.get("date_format"), reading):
        if not all(_keeps(cells[i] if i < len(cells) else "", test) for i, test in tests):
            continue
        value = 1.0 if value_col is None else _value(table, row, value_col, cells, rule, decimal, reading)
        if value is not None:
            total = sums.setdefault(period_start(day, cadence), [0, 0.0, 0.0])
            total[0], total[1], total[2] = total[0] + 1, total[1] + value, value
    reading.values = {start: _combine(how, *total) for start, total in sorted(sums.items())}
    for start, value in reading.values.items():
        if not abs(value) <= safe_yaml.MAX_NUMBER:
            raise table.problem(table.header_row, date_col if value_col is None else value_col,
                                f"the {how} for the period from {start} is beyond ±{safe_yaml.MAX_NUMBER:,.0f}, "
                                "more than a measurement may hold")
    if reading.covered:
        (first, last), (said_first, said_last) = reading.covered, table.covers
        reading.covered = (min(said_first or first, first), max(said_last or last, last))
    return reading


def _dated_rows(table: Table, date_col: int, date_format: str | None, reading: Reading):
    """(row, cells, date) of the data rows; totals rows and what follows the data are noted in
    `reading`, and the first and last dates kept as what the rows cover."""
    read_date = date_parser(date_format)
    after_blank = False
    for row, cells in table.rows():
        if not cells:
            after_blank = True
            continue
        cell = cells[date_col] if date_col < len(cells) else ""
        day = read_date(cell)
        if day is None and after_blank:
            reading.ignored.append(f"row {row} ('{_text(cells[0])[:40]}') and every row below it: "
                                   "not dated, after a blank row")
            return
        if day is None and _is_total(cells):
            reading.ignored.append(f"row {row} ('{_text(cells[0])[:40]}'): a totals row")
            continue
        if day is None:
            raise table.problem(row, date_col, f"'{cell}' is not a date"
                                + ("" if date_format else " (give the rule a date_format)"))
        if parse_date(day) is None:
            raise table.problem(row, date_col, date_problem(day.isoformat()))
        after_blank = False
        first, last = reading.covered or (day, day)
        reading.covered = (min(first, day), max(last, day))
        yield row, cells, day


def _value(table: Table, row: int, col: int, cells: list, rule: dict, decimal: str | None, reading: Reading):
    """The row's value, None for a placeholder the rule skips."""
    raw = cells[col] if col < len(cells) else ""
    text = "" if raw is None else str(raw).strip()
    if not isinstance(raw, (int, float)) and text.casefold() in PLACEHOLDERS:
        missing = rule.get("missing", "skip")
        if missing == "error":
            raise table.problem(row, col, f"'{text}' is a placeholder, not a number (the rule says missing: error)")
        reading.placeholders.append((row, text))
        return 0.0 if missing == "zero" else None
    try:
        return parse_number(raw, decimal)
    except NotANumber as exc:
        raise table.problem(row, col, str(exc)) from None


def _combine(how: str, rows: int, total: float, last: float) -> float:
    value = {"sum": total, "count": rows, "last": last, "mean": total / rows}[how]
    return round(float(value), 6)


def _is_total(cells) -> bool:
    """A totals row, or a row without a date that the tool adds below the data."""
    first = str(cells[0] if cells and cells[0] is not None else "").strip().casefold()
    return first in ("", "total", "totals", "grand total", "sum", "(other)") or first.startswith("total")


def _text(cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell if cell is not None else "").strip()


def _keeps(cell, test: dict) -> bool:
    text = _text(cell)
    if "equals" in test and text.casefold() != str(test["equals"]).strip().casefold():
        return False
    return "matches" not in test or pattern(test["matches"]).search(text) is not None


def merge(file: SeriesFile, reading: Reading, kpi: Entity, note: str) -> KpiImport:
    """Put the periods' values into the file, as the rule allows; returns what changed."""
    rule, cadence = kpi.data["import"], kpi.data.get("cadence")
    done = KpiImport(kpi, file.path, placeholders=reading.placeholders, ignored=reading.ignored,
                     missing=rule.get("missing", "skip"))
    for start, value in reading.values.items():
        day = start.isoformat()
        held = file.find(day)
        if held is not None and held.value == value:
            done.unchanged += 1
            continue
        first, last = reading.covered
        partial = first > start or last < period_end(start, cadence)
        old = held.value if held is not None else None
        if partial and rule.get("partial", "skip") != "allow":
            done.skipped.append(Skipped(day, (max(first, start), min(last, period_end(start, cadence))), old, value))
            continue
        done.changes.append(Change(day, old, value, partial))
        file.put(day, value, held.note if held is not None else note)
    return done


def provenance(root: Path, csv: SeriesFile, changes: list[Change], source: str, digest: str,
               now: dt.datetime) -> FileChange:
    """The new provenance record beside the measurement file; WriteRefused when the one there is not one."""
    path = target(root, f"{csv.rel}.import.json")
    old = read_bytes(path, MAX_SIDECAR_BYTES)
    record = {} if old is None else _record(path, old)
    stamp = now.isoformat(timespec="seconds")
    for change in changes:
        record[change.date] = {"source": source, "sha256": digest, "imported": stamp, "value": change.new}
    new = (json.dumps(dict(sorted(record.items())), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    if len(new) > MAX_SIDECAR_BYTES:
        raise WriteRefused(path, 1, 1, f"would grow beyond {MAX_SIDECAR_BYTES:,} bytes; nothing was written")
    return FileChange(path, new, old)


def _record(path: Path, old: bytes) -> dict:
    """The provenance record as written; WriteRefused when it is not one."""
    afresh = "fix it, or remove it to start the provenance record afresh (nothing was written)"
    if len(old) > MAX_SIDECAR_BYTES:
        raise WriteRefused(path, 1, 1, f"is larger than {MAX_SIDECAR_BYTES:,} bytes; {afresh}")
    try:
        record = json.loads(old)
    except json.JSONDecodeError as exc:
        raise WriteRefused(path, exc.lineno, exc.colno, f"is not valid JSON ({exc.msg}); {afresh}") from None
    except (ValueError, RecursionError):  # not UTF-8, or nested beyond the parser's depth
        raise WriteRefused(path, 1, 1, f"is not readable JSON; {afresh}") from None
    if not isinstance(record, dict) or not all(isinstance(v, dict) for v in record.values()):
        raise WriteRefused(path, 1, 1, f"is not a provenance record (a JSON object of dates, each an object); {afresh}")
    return record


def import_export(result: Result, export: Path, only: str | None = None, dry_run: bool = False,
                  now: dt.datetime | None = None) -> list[KpiImport]:
    """Apply every matching KPI's rule to the export; raises ExportProblem for a bad export,
    WriteRefused when a file may not be written. Nothing is written unless everything can be."""
    kpis = rules_for(result, export, only)
    if not kpis:
        return []
    root = result.content.root
    files = _writable(result, kpis)
    table = read_table(export)
    readings = {kpi.id: read_rule(table, kpi.data["import"], kpi.data.get("cadence")) for kpi in kpis}
    digest = _digest(export)
    name = shown_name(export.name)  # a name that is not UTF-8 is written with U+FFFD
    note = "imported from " + " ".join(name.splitlines())
    done, writes = [], []
    with locked(root):
        for kpi in kpis:
            file = SeriesFile.open(root, files[kpi.id], kpi.id)
            item = merge(file, readings[kpi.id], kpi, note)
            if item.changes:
                writes += [file.judged(), provenance(root, file, item.changes, name, digest,
                                                     now or dt.datetime.now(dt.timezone.utc))]
            done.append(item)
        if not dry_run:
            replace_all(writes)
    return done


def _writable(result: Result, kpis: list[Entity]) -> dict[str, str]:
    """Each KPI's measurement file, once its rule runs and the checker allows writing the file."""
    root = result.content.root
    for kpi in kpis:
        problems = import_problems(kpi, result.diagnostics)
        if problems:
            raise WriteRefused.of(root, problems[0], f"kpi '{kpi.id}' has a broken import rule; nothing was imported")
    files = {kpi.id: series_file(result, kpi) for kpi in kpis}
    for kpi in kpis:
        sharing = [k.id for k in kpis if files[k.id] == files[kpi.id]]
        if len(sharing) > 1:
            raise WriteRefused(root / files[kpi.id], 1, 1, f"kpis {', '.join(sharing)} would all import into this file; "
                               "give --kpi to import one of them")
    return files


def _digest(export: Path) -> str:
    try:
        with open(export, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError as exc:
        raise ExportProblem(str(export), 1, 1, f"cannot read the export: {exc.strerror}") from None
