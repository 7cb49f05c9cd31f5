"""A KPI's measurement file as its editors wrote it, changed row by row and judged by the checker's reader.

`measure` and `import` change measurement files only through here:

* `series_file(result, kpi)` names the KPI's file (its `data` path or
  measurements/<id>.csv) once the checker's findings allow writing it: no error in the
  file itself, none at the `data` field of a KPI that reads it (PB021, PB024, a wrong
  type), no path leaving the content folder; a `data` file that does not exist yet may
  be made;
* `SeriesFile.open` reads it under the writers' lock and parses it with the checker's
  own parser, so a file that changed since the check is judged as it is now;
* `put` adds a row in date order or replaces one in place; every other byte stays as
  written (the byte-order mark, each line's ending, the other rows);
* `judged` is the new content once the checker's reader accepts it: it must read with
  no diagnostic at all, within the checker's limits, and give back exactly the
  measurements meant, or the writer refuses and writes nothing.

A note is kept as written, stripped of the spaces around it (which the reader drops);
it is quoted where it holds a comma, a quote or a character other programs take for a
line break (U+2028 and the like). A note that starts with `=`, `+`, `-` or `@` is kept as
well: the file is the playbook's own data, and the writers never start a cell so
themselves.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from playbook.check.checker import Result
from playbook.content.diagnostics import ContentError
from playbook.content.loader import MAX_FILE_BYTES, decode, parse_series, resolve_inside
from playbook.content.model import MEASUREMENTS_FOLDER, Entity, Measurement
from playbook.living.transaction import Change, WriteRefused, read_bytes, target

BOM = b"\xef\xbb\xbf"
HEADER = "date,value,note\n"
LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
OTHER_BREAKS = frozenset("\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
"""Characters `str.splitlines` and many editors take for line breaks, which CSV does not."""


def number_text(value: float) -> str:
    """A measurement value as a CSV cell: whole numbers without a decimal point, others exactly."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def note_cell(note: str) -> str:
    """The note as a CSV cell, quoted where a reader could mistake it."""
    if any(c in ',"' or c in OTHER_BREAKS for c in note):
        return '"' + note.replace('"', '""') + '"'
    return note


def series_file(result: Result, kpi: Entity) -> str:
    """The KPI's measurement file, relative to the content folder; WriteRefused when the
    checker's findings say it may not be written."""
    root = result.content.root
    rel = _data_path(root, kpi)
    if rel is None:
        line, col = kpi.loc("data")
        raise WriteRefused(root / kpi.file, line, col, f"kpi '{kpi.id}' has no usable data path; run 'playbook validate'")
    readers = [k for k in result.graph.of_kind("kpi") if k.data.get("data") is not None and _data_path(root, k) == rel]
    missing = not (root / rel).exists()
    for diag in result.errors:
        if diag.file == rel:
            raise WriteRefused.of(root, diag, "measure and import write only into files the checker accepts; "
                                  "run 'playbook validate'")
        reader = next((k for k in readers if diag.file == k.file and (diag.line, diag.column) == k.loc("data")), None)
        if reader is not None and not (diag.code == "PB021" and missing):  # a data file not made yet may be made
            raise WriteRefused.of(root, diag, f"kpi '{reader.id}' reads {rel}, so nothing is written into it")
    return rel


def _data_path(root: Path, kpi: Entity) -> str | None:
    """The file the checker reads for the KPI, named as the checker names it; None when it has none."""
    data = kpi.data.get("data")
    if data is None:
        return f"{MEASUREMENTS_FOLDER}/{kpi.id}.csv"
    path = resolve_inside(root, data) if isinstance(data, str) else None
    return None if path is None else path.relative_to(root).as_posix()


@dataclass
class SeriesFile:
    root: Path
    rel: str
    kpi: str
    path: Path
    old: bytes | None  # as read under the lock; None when there is no file yet
    bom: bytes
    lines: list[str]  # each with its own line ending (the last may have none)
    points: list[Measurement] = field(default_factory=list)  # by date, as they must read back

    @classmethod
    def open(cls, root: Path, rel: str, kpi: str) -> "SeriesFile":
        """The file as it is now (read under the writers' lock), refused when the checker's reader finds a problem."""
        path = target(root, rel)
        old = read_bytes(path, MAX_FILE_BYTES)
        raw = HEADER.encode() if old is None else old
        series = _read(root, rel, kpi, raw, "fix the file first (playbook validate)")
        bom = BOM if raw.startswith(BOM) else b""
        lines = LINE.findall(raw[len(bom):].decode("utf-8"))
        return cls(root, rel, kpi, path, old, bom, lines, list(series.points))

    @property
    def newline(self) -> str:
        first = self.lines[0] if self.lines else "\n"
        return "\r\n" if first.endswith("\r\n") else "\r" if first.endswith("\r") else "\n"

    def find(self, date: str) -> Measurement | None:
        return next((p for p in self.points if p.date == date), None)

    def put(self, date: str, value: float, note: str) -> None:
        """Write the row for `date`: in place of the row it holds, else in date order."""
        note = note.strip()  # the reader drops the spaces around a note
        row = f"{date},{number_text(value)},{note_cell(note)}"
        old = self.find(date)
        if old is not None:
            line = self.lines[old.line - 1]
            self.lines[old.line - 1] = row + line[len(line.rstrip("\r\n")):]
            self.points[self.points.index(old)] = Measurement(date, value, note, old.line)
            return
        before = [p for p in self.points if p.date < date]
        at = before[-1].line if before else 1  # after the row before it, or the header
        if at == len(self.lines) and not self.lines[-1].endswith(("\n", "\r")):
            self.lines[-1] += self.newline
        self.lines.insert(at, row + self.newline)
        self.points = [p if p.line <= at else replace(p, line=p.line + 1) for p in self.points]
        self.points.insert(len(before), Measurement(date, value, note, at + 1))

    def judged(self) -> Change:
        """The new content as a change to write, once the checker's reader gives back exactly
        the measurements meant; WriteRefused otherwise."""
        new = self.bom + "".join(self.lines).encode("utf-8")
        series = _read(self.root, self.rel, self.kpi, new, "nothing was written")
        got = [(p.date, p.value, p.note) for p in series.points]
        meant = [(p.date, p.value, p.note) for p in self.points]
        if got != meant:
            wrong = next((p for p, g in zip(self.points, got) if (p.date, p.value, p.note) != g), None)
            raise WriteRefused(self.path, wrong.line if wrong else 1, 1, "the file would not read back as written"
                               + (f" at {wrong.date}" if wrong else "") + " (nothing was written)")
        return Change(self.path, new, self.old)


def _read(root: Path, rel: str, kpi: str, raw: bytes, why: str):
    """The series the checker's reader makes of `raw`; WriteRefused at its first problem."""
    try:
        series, diags = parse_series(decode(raw, rel), rel, kpi)
    except ContentError as fail:
        diags = [fail.diagnostic]
    if diags:
        raise WriteRefused.of(root, diags[0], why)
    return series
