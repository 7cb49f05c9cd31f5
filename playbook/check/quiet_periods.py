"""Quiet periods: the dates on which planned posts are held back, and what is planned inside them.

* PB235: a theme that runs, or an `act` tactic that starts, inside a quiet period that has
  not ended as of the check's date, on a channel the period covers (a period without
  channels covers every channel; so does a theme or tactic without channels). Tactics that
  act only in other operating modes than the default (an emergency) and drafts are left
  alone: emergency information goes out whatever the calendar says.
* PB236: a quiet period that ends before it starts.

`runs_on` and `period_of` are the content calendar's too, so the page and the rule agree.
"""
from __future__ import annotations

import datetime as dt

from playbook.check.config import Config
from playbook.check.graph import Graph
from playbook.content.dates import parse_date
from playbook.content.diagnostics import Diagnostic
from playbook.content.model import Entity, is_draft


def period_of(entity: Entity) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a quiet period (or a theme that runs once); None without both."""
    start, end = parse_date(entity.data.get("start")), parse_date(entity.data.get("end"))
    return (start, end) if start and end and start <= end else None


def runs_on(theme: Entity, first: dt.date, last: dt.date) -> bool:
    """Whether the theme runs on any day from `first` to `last`: in the `months` it lists every
    year, or from its `start` to its `end` (either may be open), or all year."""
    months = theme.data.get("months")
    if isinstance(months, list) and months:
        return bool(set(months) & months_between(first, last))
    start, end = parse_date(theme.data.get("start")), parse_date(theme.data.get("end"))
    return (start is None or start <= last) and (end is None or end >= first)


def months_between(first: dt.date, last: dt.date) -> set[int]:
    """The month numbers of the days from `first` to `last` (all twelve after a year)."""
    if (last.year - first.year) * 12 + last.month - first.month >= 11:
        return set(range(1, 13))
    return {(first.month - 1 + i) % 12 + 1 for i in range((last.year - first.year) * 12 + last.month - first.month + 1)}


def check_quiet_periods(graph: Graph, config: Config, as_of: dt.date) -> list[Diagnostic]:
    diags = []
    for period in graph.of_kind("quiet"):
        start, end = parse_date(period.data.get("start")), parse_date(period.data.get("end"))
        if start and end and end < start:
            diags.append(Diagnostic(period.file, *period.loc("end"), "error", "PB236",
                                    f"quiet period '{period.id}' ends on {end}, before it starts on {start}"))
        elif start and end and end >= as_of:
            diags += planned_inside(graph, config, period, (start, end))
    return diags


def planned_inside(graph: Graph, config: Config, period: Entity, days: tuple[dt.date, dt.date]) -> list[Diagnostic]:
    first, last = days
    found = []
    for theme in graph.of_kind("theme"):
        if shares_channel(graph, period, theme) and runs_on(theme, first, last):
            where = next((k for k in ("months", "start", "end") if k in theme.data), None)
            found.append((theme, where, "runs"))
    for tactic in graph.of_kind("tactic"):
        start = parse_date(tactic.data.get("start"))
        if start and first <= start <= last and acts(tactic, config) and shares_channel(graph, period, tactic):
            found.append((tactic, "start", "starts"))
    return [Diagnostic(e.file, *(e.loc(where) if where else (1, 1)), "warning", "PB235",
                       f"{e.kind} '{e.id}' {verb} inside quiet period '{period.id}' ({first} to {last}); "
                       "move it, hold it back, or waive the finding with a reason")
            for e, where, verb in found]


def acts(tactic: Entity, config: Config) -> bool:
    """A tactic that asks people to act, in the default mode, and is no draft."""
    modes = tactic.data.get("modes")
    modes = [modes] if isinstance(modes, str) else modes if isinstance(modes, list) else []
    return (tactic.data.get("type") or "act") == "act" and not is_draft(tactic.data) \
        and (not modes or config.default_mode in modes)


def shares_channel(graph: Graph, period: Entity, planned: Entity) -> bool:
    """Whether the period covers a channel the theme or tactic is posted on (no channels: all)."""
    quiet, posted = ({c.key for c in graph.outgoing(e).get("channels", [])} for e in (period, planned))
    if "channels" not in period.data or "channels" not in planned.data:
        return True
    return bool(quiet & posted)
