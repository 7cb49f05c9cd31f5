"""The report log: `reports.yml` at the root of the content folder, the board reports issued.

    - date: 2026-10-31
      meeting: Board meeting, October
      review: monthly-report

`playbook report --record` adds an entry (`--review ID` names the review whose record it is);
an editor may write one too. An entry that names a review is a record of that review
(`check.review_rhythm`), as a date under its `held` would be. The briefing
book's "changes since" compares with the latest entry before its as-of date. The loader
reads the log with the other content, so a malformed entry is reported (PB225) with its
line and column like any other content problem.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from playbook.content.diagnostics import Diagnostic
from playbook.content.safe_yaml import YamlProblem, read_yaml

REPORT_LOG = "reports.yml"
FIELDS = ("date", "meeting", "review")


@dataclass(frozen=True)
class Report:
    day: dt.date
    meeting: str = ""
    review: str = ""  # the id of the review this report is a record of
    at: tuple[int, int] = field(default=(1, 1), compare=False)  # line and column of the review's id


def parse_report_log(text: str) -> tuple[list[Report], list[Diagnostic]]:
    """The log's entries in date order, and a PB225 problem for each entry it cannot read."""
    try:
        doc = read_yaml(text)
    except YamlProblem as exc:
        return [], [_problem(exc.line, exc.column, f"the report log is not valid YAML: {exc.message}")]
    if doc.value is None:
        return [], []
    if not isinstance(doc.value, list):
        return [], [_problem(*doc.loc(()), "the report log is a list of reports, each with a date")]
    reports, diags = [], []
    for index, entry in enumerate(doc.value):
        try:
            reports.append(_report(entry, doc.loc((index, "review"))))
        except ValueError as exc:
            diags.append(_problem(*doc.loc((index, *exc.args[1:])), f"report {index + 1}: {exc.args[0]}"))
    return sorted(reports, key=lambda r: r.day), diags


def _report(entry, at: tuple[int, int]) -> Report:
    if not isinstance(entry, dict):
        raise ValueError("a report is a mapping with a date and an optional meeting")
    unknown = [k for k in entry if k not in FIELDS]
    if unknown:
        raise ValueError(f"unknown field '{unknown[0]}' (a report has: {', '.join(FIELDS)})", unknown[0])
    try:
        day = dt.date.fromisoformat(entry.get("date") if isinstance(entry.get("date"), str) else "")
    except ValueError:
        raise ValueError("the date must be a real YYYY-MM-DD date", "date") from None
    meeting = entry.get("meeting", "")
    if not isinstance(meeting, str):
        raise ValueError("the meeting is text", "meeting")
    review = entry.get("review", "")
    if not isinstance(review, str):
        raise ValueError("the review is the id of a review in reviews/", "review")
    return Report(day, meeting, review, at)


def _problem(line: int, column: int, message: str) -> Diagnostic:
    return Diagnostic(REPORT_LOG, line, column, "error", "PB225", message)


def last_report(reports: list[Report], before: dt.date) -> Report | None:
    """The latest report dated before `before`."""
    return max((r for r in reports if r.day < before), key=lambda r: r.day, default=None)


def log_line(day: dt.date, meeting: str = "", review: str = "") -> str:
    """One entry of the log as YAML text, the meeting and review quoted so that any text stays text."""
    text = f"- date: {day.isoformat()}\n"
    text += f"  meeting: {json.dumps(meeting, ensure_ascii=False)}\n" if meeting else ""
    return text + (f"  review: {json.dumps(review, ensure_ascii=False)}\n" if review else "")

