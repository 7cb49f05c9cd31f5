"""The review rhythm: when each recurring review falls, and the rule that its last occurrence
has a record.

A review is held from its `starts` date by its cadence: weekly on the same weekday, monthly,
quarterly or annually on the same day of the month (the month's last day where it is
shorter), until its `ends` date. A `per-event` review follows the events of its modes
(`mode_events`) and has no calendar. Its record is its `held` list, and the entries of the
report log (`reports.yml`) that name it (`playbook report --record --review ID`). A record
counts for an occurrence when it lies within half a period of it (`WINDOW_DAYS`), so a meeting
moved by a few days still counts; for an event, when it is dated on or after it.

PB244 reports a review whose last occurrence before the as-of date has no record, and a
per-event review whose latest follow-up has fallen due without one. PB249 reports an entry of
the report log that names no review, or one that produces no report.
`playbook due` (`living.deadlines`) lists the first occurrence after the last recorded one.
"""
from __future__ import annotations

import bisect
import calendar
import datetime as dt
from collections.abc import Iterator

from playbook.check.graph import Graph
from playbook.check.mode_events import review_follow_ups
from playbook.content.dates import LAST_DATE, parse_date
from playbook.content.diagnostics import Diagnostic
from playbook.content.model import Entity
from playbook.content.report_log import REPORT_LOG

MONTHS = {"monthly": 1, "quarterly": 3, "annual": 12}
WINDOW_DAYS = {"weekly": 3, "monthly": 15, "quarterly": 45, "annual": 182}
"""How far from an occurrence a record may lie and still count for it: half a period."""


def _add_months(day: dt.date, months: int) -> dt.date | None:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if year > LAST_DATE.year:
        return None
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _nth(start: dt.date, cadence: str, n: int) -> dt.date | None:
    if cadence == "weekly":
        day = start + dt.timedelta(days=7 * n)
        return day if day <= LAST_DATE else None
    return _add_months(start, MONTHS[cadence] * n)


def occurrences(review: Entity) -> Iterator[dt.date]:
    """Its occurrences in order, from `starts` up to `ends` (or the calendar's end)."""
    cadence, start = review.data.get("cadence"), parse_date(review.data.get("starts"))
    if cadence not in WINDOW_DAYS or start is None:
        return
    end = parse_date(review.data.get("ends")) or LAST_DATE
    n = 0
    while (day := _nth(start, cadence, n)) is not None and day <= end:
        yield day
        n += 1


def records(review: Entity, reports=()) -> list[dt.date]:
    """The days of its record: its `held` dates and the reports logged for it, in order."""
    held = review.data.get("held")
    found = [parse_date(h.get("date")) for h in held if isinstance(h, dict)] if isinstance(held, list) else []
    found += [r.day for r in reports if r.review == review.id]
    return sorted(day for day in found if day is not None)


def recorded(review: Entity, occurrence: dt.date, held: list[dt.date]) -> bool:
    """Whether a record of `held` (sorted) lies within the window around the occurrence."""
    window = dt.timedelta(days=WINDOW_DAYS[review.data["cadence"]])
    i = bisect.bisect_left(held, occurrence - window)
    return i < len(held) and held[i] <= occurrence + window


def last_occurrence(review: Entity, as_of: dt.date) -> dt.date | None:
    """Its latest occurrence before the as-of date, or None when it has had none."""
    last = None
    for day in occurrences(review):
        if day >= as_of:
            break
        last = day
    return last


def next_occurrence(review: Entity, reports=()) -> dt.date | None:
    """The first occurrence after its latest record that has none: the one due next."""
    held = records(review, reports)
    for day in occurrences(review):
        if (not held or day > held[-1]) and not recorded(review, day, held):
            return day
    return None


def check_reviews(graph: Graph, as_of: dt.date, follow_up_days: float) -> list[Diagnostic]:
    diags = []
    for review in graph.of_kind("review"):
        field = "held" if "held" in review.data else "cadence"
        held = records(review, graph.reports)
        last = last_occurrence(review, as_of)
        if last is not None and not recorded(review, last, held):
            diags.append(Diagnostic(review.file, *review.loc(field), "warning", "PB244",
                                    f"review '{review.id}' was due to be held on {last.isoformat()} ({review.data['cadence']}) "
                                    "and has no record of it: add it under 'held' with its date and a note"))
        late = [f for f in review_follow_ups(graph, review, held, follow_up_days) if f.due < as_of]
        if late:
            diags.append(Diagnostic(review.file, *review.loc(field), "warning", "PB244",
                                    f"review '{review.id}' was due by {late[-1].due.isoformat()} after {late[-1].event.kind} "
                                    f"'{late[-1].event.id}' of {late[-1].on.isoformat()} (per-event) and has no record "
                                    "dated on or after it: add it under 'held' with its date and a note"))
    return diags + check_report_reviews(graph)


def check_report_reviews(graph: Graph) -> list[Diagnostic]:
    """PB249: a report log entry names a review that is not there, or one whose output is not a report."""
    diags = []
    for report in graph.reports:
        review = graph.get("review", report.review)
        if review is None or review.data.get("output") != "report":
            why = "there is no such review" if review is None else "it does not produce a report (set its output: report)"
            diags.append(Diagnostic(REPORT_LOG, *report.at, "warning", "PB249",
                                    f"the report of {report.day.isoformat()} is logged as a record of review "
                                    f"'{report.review}', but {why}"))
    return diags
