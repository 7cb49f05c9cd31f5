"""`playbook measure`: add one measurement to a KPI's file, keeping the file as it was written.

The value and date are checked as the checker checks rows (a finite number within the
bounds, a date in range); a date before the file's last row, or one the file already
holds, is refused unless `replace` (which rewrites that row in place). The new row is
written in the file's own line endings, with the note quoted only where CSV needs it,
and the file is replaced whole (a temporary file renamed over it). The KPI's status
before and after is returned so the command can say what changed.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path

from . import yamlsafe
from .checker import Result
from .model import MEASUREMENTS_FOLDER, Entity, Measurement
from .outguard import write_file
from .status import Plan, Status, kpi_status


BOM = b"\xef\xbb\xbf"


class CheckinError(Exception):
    """A measurement `playbook measure` refuses; the message says why."""


@dataclass(frozen=True)
class Checkin:
    file: Path
    replaced: bool
    before: Status
    after: Status


def find_kpi(result: Result, ident: str) -> Entity:
    kpi = result.graph.get("kpi", ident.removeprefix("kpi:"))
    if kpi is None:
        close = get_close_matches(ident, [k.id for k in result.graph.of_kind("kpi")], n=1)
        raise CheckinError(f"unknown kpi '{ident}'" + (f" (did you mean '{close[0]}'?)" if close else ""))
    return kpi


def parse_value(text: str) -> float:
    try:
        value = float(text.replace(",", "")) if text.strip() else float("nan")
    except ValueError:
        raise CheckinError(f"'{text}' is not a number") from None
    if not abs(value) <= yamlsafe.MAX_NUMBER:
        raise CheckinError(f"'{text}' is not a number between -{yamlsafe.MAX_NUMBER:,.0f} and {yamlsafe.MAX_NUMBER:,.0f}")
    return value


def measurement_file(result: Result, kpi: Entity) -> Path:
    series = result.graph.series.get(kpi.id)
    return result.content.root / (series.file if series else f"{MEASUREMENTS_FOLDER}/{kpi.id}.csv")


def number_text(value: float) -> str:
    """A measurement value as a CSV cell: whole numbers without a decimal point, others exactly."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _row(date: dt.date, value: float, note: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([date.isoformat(), number_text(value), note])
    return out.getvalue()


@dataclass
class CsvFile:
    """A measurement file as written: its byte-order mark, its line ending and its lines."""
    path: Path
    bom: bytes
    newline: str
    lines: list[str]

    @classmethod
    def read(cls, path: Path) -> "CsvFile":
        raw = path.read_bytes() if path.is_file() else b"date,value,note\n"
        bom = BOM if raw.startswith(BOM) else b""
        text = raw[len(bom):].decode("utf-8")
        return cls(path, bom, "\r\n" if "\r\n" in text else "\n", text.splitlines())

    def write(self) -> None:
        """Replace the file whole, in its own form."""
        write_file(self.path, self.bom + (self.newline.join(self.lines) + self.newline).encode("utf-8"))


def broken(result: Result, kpi: Entity) -> str | None:
    """The KPI's measurement file (relative) when the checker found errors in it."""
    rel = measurement_file(result, kpi).relative_to(result.content.root).as_posix()
    return rel if any(d.file == rel and d.severity == "error" for d in result.diagnostics) else None


def record(result: Result, kpi: Entity, value: float, date: dt.date, note: str = "", replace: bool = False) -> Checkin:
    """Write the measurement into the KPI's file; raises CheckinError when it is refused."""
    path = measurement_file(result, kpi)
    if broken(result, kpi):
        raise CheckinError(f"{path} has errors; run 'playbook validate' and fix them first")
    file = CsvFile.read(path)
    series = result.graph.series.get(kpi.id)
    points = list(series.points) if series else []
    at = next((i for i, p in enumerate(points) if p.date == date.isoformat()), None)
    if at is not None and not replace:
        raise CheckinError(f"{path.name} already holds {date} (value {points[at].value:g}); give --replace to change it")
    if at is None and points and date.isoformat() < points[-1].date:
        raise CheckinError(f"{date} is before the file's last row ({points[-1].date}); rows stay in date order")
    row = _row(date, value, note)
    if at is not None:
        file.lines[points[at].line - 1] = row
    else:
        file.lines.append(row)
    file.write()
    plan = Plan.from_kpi(kpi.data)
    new = [p for p in points if p.date != date.isoformat()] + [Measurement(date.isoformat(), value, note, 0)]
    new.sort(key=lambda p: p.date)
    before = kpi_status(plan, points, result.as_of, result.config.thresholds)
    after = kpi_status(plan, new, result.as_of, result.config.thresholds)
    return Checkin(path, at is not None, before, after)
