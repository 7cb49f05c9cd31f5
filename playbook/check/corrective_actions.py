"""Corrective actions: the initiatives and milestones that name, in `addresses`, the KPIs or
goals they are meant to put right, and the rule that an off-track KPI has one.

An action addresses a KPI when it names the KPI, or a goal the KPI measures (directly or
through a tactic). Its state:

* an initiative is `planned` before its start, `under way` until its end, then `ended`;
* a milestone has its state (`milestones.milestone_state`): planned, done, dropped, blocked
  or unknown.

An action is open unless it is ended, done or dropped. PB241 reports a KPI that is off track
or missed on the as-of date and was already so `actions.grace_days` days before, with no open
action; a KPI whose plan ends before it starts (PB209) has nothing to fall behind. The pages ask `actions_for` of the edition's graph, so they list only what it shows.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from playbook.check.alignment import goal_kpis
from playbook.check.graph import Graph, Resolver, parse_ref, values_at
from playbook.check.milestones import STATE_WORDS as MILESTONE_WORDS
from playbook.check.milestones import milestone_state
from playbook.check.status import MISSED, OFF_TRACK, Plan, Thresholds, kpi_status
from playbook.content.dates import parse_date
from playbook.content.diagnostics import Diagnostic
from playbook.content.model import Entity
from playbook.i18n import N_

TARGETS = ("kpi", "goal")
CLOSED = frozenset({"ended", "done", "dropped"})
STATE_WORDS = {**MILESTONE_WORDS, "under way": N_("under way"), "ended": N_("ended")}
"""Every state an action can be in, as a catalogue message."""


@dataclass(frozen=True)
class Action:
    initiative: Entity
    milestone: str | None  # the milestone's title; None: the initiative as a whole
    state: str

    @property
    def open(self) -> bool:
        return self.state not in CLOSED


def initiative_state(initiative: Entity, as_of: dt.date) -> str:
    start, end = parse_date(initiative.data.get("start")), parse_date(initiative.data.get("end"))
    if end is not None and end < as_of:
        return "ended"
    return "planned" if start is not None and as_of < start else "under way"


@dataclass(frozen=True)
class Addressed:
    """What every action addresses, worked out once for a graph."""
    actions: dict[tuple[str, str], list[Action]]  # (kind, id) of a KPI or goal -> the actions that name it, in file order
    goals: dict[tuple[str, str], list[Entity]]  # (kind, id) of a KPI -> the goals it measures, by id


def all_actions(graph: Graph, as_of: dt.date) -> Addressed:
    """The actions that name each KPI or goal, and the goals each KPI measures."""
    resolver = Resolver(graph.entities)
    found: dict[tuple[str, str], list[Action]] = {}

    def add(texts, action: Action) -> None:
        for __, text in texts:
            ref = parse_ref(text, 0, 0)
            target = resolver.resolve(ref, TARGETS)[0] if ref else None
            if target is not None and action not in found.setdefault(target.key, []):
                found[target.key].append(action)

    for initiative in graph.of_kind("initiative"):
        add(values_at(initiative.data, ("addresses",)), Action(initiative, None, initiative_state(initiative, as_of)))
        for milestone in initiative.data.get("milestones") or []:
            if isinstance(milestone, dict):
                action = Action(initiative, str(milestone.get("title") or ""), milestone_state(milestone))
                add(values_at(milestone, ("addresses",)), action)
    return Addressed(found, measured_goals(graph))


def measured_goals(graph: Graph) -> dict[tuple[str, str], list[Entity]]:
    """(kind, id) of each KPI -> the goals it measures, directly or through a tactic, by id."""
    goals: dict[tuple[str, str], list[Entity]] = {}
    for goal in graph.of_kind("goal"):
        for kpi in goal_kpis(graph, goal):
            goals.setdefault(kpi.key, []).append(goal)
    return goals


def actions_for(graph: Graph, kpi: Entity, as_of: dt.date, found: Addressed | None = None) -> list[Action]:
    """The actions that address the KPI or a goal it measures, open ones first."""
    found = all_actions(graph, as_of) if found is None else found
    out: list[Action] = []
    for key in [kpi.key, *(g.key for g in found.goals.get(kpi.key, []))]:
        out += [a for a in found.actions.get(key, []) if a not in out]
    return sorted(out, key=lambda a: not a.open)


def check_unaddressed(graph: Graph, as_of: dt.date, grace_days: int, thresholds: Thresholds) -> list[Diagnostic]:
    """PB241: a KPI off track or missed now and `grace_days` ago, with no open action."""
    found = all_actions(graph, as_of)
    before = as_of - dt.timedelta(days=grace_days)
    diags = []
    for kpi in graph.of_kind("kpi"):
        plan, series = Plan.from_kpi(kpi.data), graph.series.get(kpi.id)
        if plan is None or plan.target_date <= plan.baseline_date:
            continue  # no plan to fall behind (PB205), or one PB209 reports as inconsistent
        points = series.points if series else []
        now = kpi_status(plan, points, as_of, thresholds).status
        if now not in (OFF_TRACK, MISSED) or kpi_status(plan, points, before, thresholds).status not in (OFF_TRACK, MISSED):
            continue
        if any(a.open for a in actions_for(graph, kpi, as_of, found)):
            continue
        diags.append(Diagnostic(kpi.file, *kpi.loc("title"), "warning", "PB241",
                                f"kpi '{kpi.id}' has been {now} since at least {before.isoformat()} "
                                f"({grace_days} days, actions: grace_days) and no open initiative or milestone addresses "
                                "it or a goal it measures: name it in an initiative's or milestone's 'addresses'"))
    return diags
