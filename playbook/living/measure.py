"""`playbook measure`: add one measurement to a KPI's file, keeping the file as it was written.

The value is read as measurement files write numbers, with a point for decimals and no
thousands separators, within ±10^15: `4,6` is refused as ambiguous, never read as 46.
The date is one the checker accepts (1900 to 2199; the command line checks it). A note
is one line. Under the writers' lock, the file is read as it is now: a date it already
holds is refused unless `replace` (which rewrites that row in place), a new date goes
in date order, and the file is written only when the checker's reader accepts the
result (`seriesfile`). The KPI's status before and after is returned so the command can
say what changed.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path

from playbook.check.checker import Result
from playbook.check.status import Plan, Status, kpi_status
from playbook.content import safe_yaml
from playbook.content.loader import is_text_name
from playbook.content.model import Entity
from playbook.living.commentary_file import MAX_TEXT, CommentaryFile, entry
from playbook.living.series_file import SeriesFile, series_file
from playbook.living.transaction import locked, replace_all

NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
"""A number as a measurement file writes it."""


class CheckinError(Exception):
    """A measurement `playbook measure` refuses as given; the message says why."""


@dataclass(frozen=True)
class Checkin:
    file: Path
    replaced: bool
    before: Status
    after: Status
    commented: Path | None = None  # the KPI's file, when a commentary went into it


def find_kpi(result: Result, ident: str) -> Entity:
    kpi = result.graph.get("kpi", ident.removeprefix("kpi:"))
    if kpi is None:
        close = get_close_matches(ident, [k.id for k in result.graph.of_kind("kpi")], n=1)
        raise CheckinError(f"unknown kpi '{ident}'" + (f" (did you mean '{close[0]}'?)" if close else ""))
    return kpi


def parse_value(text: str) -> float:
    written = text.strip()
    if "," in written and NUMBER.fullmatch(written.replace(",", "").replace(".", "", 1)):
        raise CheckinError(f"'{text}' is ambiguous: write the value with a point for decimals and no thousands "
                           "separators, as measurement files do (e.g. 4.6 or 1234.5)")
    if not NUMBER.fullmatch(written):
        raise CheckinError(f"'{text}' is not a number (write it as measurement files do, e.g. 1234.5)")
    value = float(written)
    if not abs(value) <= safe_yaml.MAX_NUMBER:
        raise CheckinError(f"'{text}' is not a number between -{safe_yaml.MAX_NUMBER:,.0f} and {safe_yaml.MAX_NUMBER:,.0f}")
    return value


@dataclass(frozen=True)
class Comment:
    """The owner's commentary given with a reading: why, what next, what help is needed, who says so."""
    why: str
    next: str = ""
    help: str = ""
    author: str = ""

    def refusal(self) -> str | None:
        parts = {"--comment": self.why, "--next": self.next, "--help-needed": self.help, "--author": self.author}
        if not self.why.strip():
            given = [name for name, text in parts.items() if text.strip()]
            return f"{', '.join(given)} needs --comment: say why the KPI stands where it stands" if given else \
                "--comment is empty: say why the KPI stands where it stands"
        for name, text in parts.items():
            if len(text) > MAX_TEXT:
                return f"{name} is {len(text):,} characters long; the most a commentary part holds is {MAX_TEXT:,}"
            if not is_text_name(text):
                return f"{name} is not UTF-8 text"
        if any(c in self.author for c in "\r\n"):
            return "--author is one line: a person's id or a name"
        return None


def record(result: Result, kpi: Entity, value: float, date: dt.date, note: str = "", replace: bool = False,
           comment: Comment | None = None) -> Checkin:
    """Write the measurement into the KPI's measurement file, and the comment (if any) into the
    KPI's own file; raises CheckinError for a measurement refused as given, WriteRefused when a
    file may not be written."""
    if comment is not None and comment.refusal():
        raise CheckinError(comment.refusal())
    if any(c in note for c in "\r\n"):
        raise CheckinError("a note is one line: write it without line breaks")
    if not is_text_name(note):
        raise CheckinError("the note is not UTF-8 text")
    root, day = result.content.root, date.isoformat()
    rel = series_file(result, kpi)
    with locked(root):
        file = SeriesFile.open(root, rel, kpi.id)
        before = list(file.points)
        held = file.find(day)
        if held is not None and not replace:
            raise CheckinError(f"{rel} already holds {day} (value {held.value:g}); give --replace to change it")
        file.put(day, value, note)
        changes = [file.judged()]
        if comment is not None:
            said = entry(day, comment.why, comment.next, comment.help, comment.author)
            changes.append(CommentaryFile.open(result, kpi).add(said))
        replace_all(changes)
    plan = Plan.from_kpi(kpi.data)
    return Checkin(file.path, held is not None, kpi_status(plan, before, result.as_of, result.config.thresholds),
                   kpi_status(plan, file.points, result.as_of, result.config.thresholds),
                   changes[1].path if comment is not None else None)
