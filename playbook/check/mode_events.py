"""The events of the operating modes, and what follows each: per-event KPIs and reviews.

An event is a dated record in `exercises/` (a drill, or a real activation logged the same
way) for the modes it names. A KPI or review with cadence `per-event` follows the events of
the modes it names in `modes`; one that names none follows none. Each event asks for a
follow-up (a measurement, a record of the review) dated on or after it; it falls due
playbook.yml's `readiness.follow_up_days` after the event. A KPI follows only the events on
or after its baseline date, a review those from its `starts` to its `ends` date, so history
older than either asks for nothing.

`living.deadlines` lists the follow-ups still open; `review_rhythm` reports (PB244) a per-event
review whose latest follow-up is overdue.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from playbook.check.graph import Graph, values_at
from playbook.content.dates import LAST_DATE, parse_date
from playbook.content.model import Entity


@dataclass(frozen=True)
class FollowUp:
    event: Entity  # the exercise record
    on: dt.date  # the event's day
    due: dt.date  # the day the follow-up falls due


def modes_of(entity: Entity) -> set[str]:
    return {mode for __, mode in values_at(entity.data, ("modes",)) if isinstance(mode, str)}


def events(graph: Graph, modes: set[str], since: dt.date | None = None,
           until: dt.date | None = None) -> list[tuple[dt.date, Entity]]:
    """(day, record) of every event of `modes` from `since` to `until`, in date order."""
    found = [(on, e) for e in graph.of_kind("exercise")
             if (on := parse_date(e.data.get("date"))) and (since or on) <= on <= (until or on) and modes_of(e) & modes]
    return sorted(found, key=lambda pair: (pair[0], pair[1].id))


def open_follow_ups(graph: Graph, entity: Entity, done: list[dt.date], days: float,
                    since: dt.date | None = None, until: dt.date | None = None) -> list[FollowUp]:
    """The events `entity` follows (from `since` to `until`) with nothing in `done` dated on or after them."""
    if entity.data.get("cadence") != "per-event":
        return []
    latest = max(done, default=None)
    return [FollowUp(event, on, min(on + dt.timedelta(days=int(days)), LAST_DATE))
            for on, event in events(graph, modes_of(entity), since, until) if latest is None or latest < on]


def review_follow_ups(graph: Graph, review: Entity, done: list[dt.date], days: float) -> list[FollowUp]:
    """The events a per-event review follows, between its `starts` and `ends` dates, with no record since."""
    span = (parse_date(review.data.get(name)) for name in ("starts", "ends"))
    return open_follow_ups(graph, review, done, days, *span)
