"""Alignment rules: the chain strategy -> department -> goal -> tactic -> KPI holds.

A goal that supports no strategy, a tactic that serves no goal, a goal nothing
measures: these are noise, not progress. Also the housekeeping that keeps a
strategy honest: KPIs complete, policies reviewed, roadmap dates consistent,
data fresh.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

from playbook.check.graph import Graph
from playbook.check.status import (
    MISSED,
    OFF_TRACK,
    Plan,
    Thresholds,
    is_stale,
    kpi_status,
)
from playbook.content import commentary
from playbook.content.dates import parse_date
from playbook.content.diagnostics import Diagnostic
from playbook.content.model import Entity

VAGUE = re.compile(
    r"\b(build|raise|grow|increase|improve|boost)\s+(brand\s+)?(awareness|engagement|presence|visibility|buzz)\b"
    r"|\bbe (more )?social\b|\bgo viral\b|\bthought leadership\b", re.I)
KPI_ESSENTIALS = ("unit", "direction", "baseline", "target", "source", "cadence")
ROADMAP_SLACK_DAYS = 90


def goal_kpis(graph: Graph, goal: Entity) -> list[Entity]:
    """KPIs that measure the goal directly or through one of its tactics."""
    direct = graph.related(goal, "measured_by", "kpi")
    via = [k for t in graph.related(goal, "tactics", "tactic") for k in graph.related(t, "measured_by", "kpi")]
    return list({k.key: k for k in direct + via}.values())


def strategies_of(graph: Graph, entity: Entity) -> list[Entity]:
    """The strategies the entity's work serves, through goals (and, for an initiative, tactics)."""
    goals = graph.related(entity, "serves", "goal") if entity.kind == "tactic" else []
    for item in graph.related(entity, "delivers"):
        goals += [item] if item.kind == "goal" else graph.related(item, "serves", "goal")
    found = {s.key: s for goal in goals for s in graph.related(goal, "supports", "strategy")}
    return sorted(found.values(), key=lambda s: (s.title.casefold(), s.id))


def _diag(entity: Entity, code: str, message: str, *path, severity: str = "error") -> Diagnostic:
    line, col = entity.loc(*path)
    return Diagnostic(entity.file, line, col, severity, code, message)


def check_goals(graph: Graph) -> list[Diagnostic]:
    diags = []
    for goal in graph.of_kind("goal"):
        if not graph.related(goal, "supports", "strategy") and not _has(goal, "supports"):
            diags.append(_diag(goal, "PB201", f"goal '{goal.id}' supports no strategy (add 'supports: <strategy id>')"))
        kpis = goal_kpis(graph, goal)
        if not kpis:
            diags.append(_diag(goal, "PB202", f"goal '{goal.id}' is measured by no KPI, directly or through its tactics"))
        if VAGUE.search(goal.title) and not any(isinstance(k.data.get("target"), dict) for k in kpis):
            diags.append(_diag(goal, "PB206", f"goal '{goal.title}' is vague and no KPI gives it a target: "
                               "name a tangible result (e.g. 'collect 300 qualified leads') and measure it", "title",
                               severity="warning"))
    return diags


def _field(entity: Entity, *path):
    """A nested field's value, or None where any step is missing or not a mapping."""
    value = entity.data
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _has(entity: Entity, field: str) -> bool:
    """The field holds something (its references are checked elsewhere)."""
    return bool(entity.data.get(field))


def check_tactics(graph: Graph) -> list[Diagnostic]:
    diags = []
    for tactic in graph.of_kind("tactic"):
        if not _has(tactic, "serves"):
            diags.append(_diag(tactic, "PB203", f"tactic '{tactic.id}' serves no goal (add 'serves: <goal id>')"))
        cta = tactic.data.get("call_to_action")
        if tactic.data.get("type", "act") != "act":
            continue  # share, listen and respond tactics ask for no action
        if isinstance(cta, list) and len(cta) > 1:
            diags.append(_diag(tactic, "PB204", f"tactic '{tactic.id}' has {len(cta)} calls to action; "
                               "a tactic asks for exactly one (split it into several tactics)", "call_to_action"))
        elif not cta:
            diags.append(_diag(tactic, "PB204", f"tactic '{tactic.id}' has no call to action "
                               "(add 'call_to_action: Apply on the jobs tab')"))
    return diags


def check_kpis(graph: Graph, as_of: dt.date, thresholds: Thresholds) -> list[Diagnostic]:
    diags = []
    for kpi in graph.of_kind("kpi"):
        missing = [f for f in KPI_ESSENTIALS if f not in kpi.data]
        if missing:
            diags.append(_diag(kpi, "PB205", f"kpi '{kpi.id}' lacks {', '.join(missing)}"))
        if not _has(kpi, "measures"):
            diags.append(_diag(kpi, "PB215", f"kpi '{kpi.id}' measures nothing (add 'measures: <goal, tactic or strategy id>')",
                               severity="warning"))
        diags += _bounds(kpi)
        base, target = (parse_date(_field(kpi, k, "date")) for k in ("baseline", "target"))
        if base and target and target <= base:
            diags.append(_diag(kpi, "PB209", f"kpi '{kpi.id}' target date {target} is not after its baseline date {base}",
                               "target", "date"))
        series = graph.series.get(kpi.id)
        if series is None or not series.points:
            diags.append(_diag(kpi, "PB212", f"kpi '{kpi.id}' has no measurements "
                               f"(add {series.file if series else 'measurements/' + kpi.id + '.csv'} with 'date,value,note')",
                               severity="warning"))
            continue
        past = [p for p in series.points if p.date <= as_of.isoformat()]
        cadence = kpi.data.get("cadence")  # a misspelt or event-driven cadence never goes stale by time
        plan = Plan.from_kpi(kpi.data)
        judged_on = min(as_of, plan.target_date) if plan else as_of  # after the target date, its data counts
        if past and is_stale(past[-1].date, cadence, judged_on, thresholds):
            diags.append(_diag(kpi, "PB211", f"kpi '{kpi.id}' was last measured on {past[-1].date}; "
                               f"with a {cadence} cadence it is stale as of {judged_on}", severity="warning"))
        diags += _unexplained(kpi, plan, series.points, as_of, thresholds)
    return diags


def _unexplained(kpi: Entity, plan: Plan | None, points, as_of: dt.date, thresholds: Thresholds) -> list[Diagnostic]:
    """PB221 for an off-track or missed KPI whose owner has said nothing since its latest reading."""
    if plan is None or plan.target_date <= plan.baseline_date:
        return []  # no status to explain while the plan itself is wrong (PB209)
    status = kpi_status(plan, points, as_of, thresholds)
    if status.status not in (OFF_TRACK, MISSED) or status.latest is None:
        return []
    note = commentary.latest(kpi.data)
    if note and parse_date(note["date"]) >= parse_date(status.latest.date):
        return []
    said = f"its latest commentary ({note['date']}) is older than" if note else "it has no commentary to explain"
    return [_diag(kpi, "PB221", f"kpi '{kpi.id}' is {status.status} as of {as_of} and {said} its latest measurement "
                  f"({status.latest.date}): add a 'commentary' entry saying why, what happens next and what help is "
                  "needed (or give 'playbook measure --comment')",
                  *(("commentary",) if note else ()), severity="warning")]


def _bounds(kpi: Entity) -> list[Diagnostic]:
    """PB015 for declared bounds that hold nothing, or leave out the KPI's own baseline or target."""
    low, high = (_number(_field(kpi, "bounds", end)) for end in ("min", "max"))
    if low is not None and high is not None and low >= high:
        return [_diag(kpi, "PB015", f"kpi field 'bounds': min ({low:g}) is not below max ({high:g})", "bounds", "min")]
    diags = []
    for name in ("baseline", "target"):
        value = _number(_field(kpi, name, "value"))
        if value is None:
            continue
        if low is not None and value < low:
            diags.append(_diag(kpi, "PB015", f"kpi field '{name}.value': {value:g} is below its bounds' min {low:g}",
                               name, "value"))
        elif high is not None and value > high:
            diags.append(_diag(kpi, "PB015", f"kpi field '{name}.value': {value:g} is above its bounds' max {high:g}",
                               name, "value"))
    return diags


def _number(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def check_policies(graph: Graph, as_of: dt.date) -> list[Diagnostic]:
    diags = []
    for policy in graph.of_kind("policy"):
        if policy.data.get("status") == "retired":
            continue
        if not policy.data.get("owner"):
            diags.append(_diag(policy, "PB207", f"policy '{policy.id}' has no owner"))
        due = review_due(policy.data)
        if due is None:
            diags.append(_diag(policy, "PB207", f"policy '{policy.id}' has neither a review_date nor a "
                               "review_cycle_months with an effective date"))
        elif due < as_of:
            path = ("review_date",) if "review_date" in policy.data else ("review_cycle_months",)
            days = (as_of - due).days
            diags.append(_diag(policy, "PB208", f"policy '{policy.id}' was due for review on {due} "
                               f"({days} day{'s' * (days != 1)} ago)", *path, severity="warning"))
    return diags


def review_due(data: dict) -> dt.date | None:
    """The next review date of a policy: explicit, or effective date plus the cycle."""
    explicit = parse_date(data.get("review_date"))
    if explicit:
        return explicit
    effective, months = parse_date(data.get("effective")), data.get("review_cycle_months")
    if effective and isinstance(months, int) and not isinstance(months, bool) and months > 0:
        month = effective.month - 1 + months
        year, month = effective.year + month // 12, month % 12 + 1
        return effective.replace(year=year, month=month, day=min(effective.day, calendar.monthrange(year, month)[1]))
    return None


def check_roadmap(graph: Graph) -> list[Diagnostic]:
    diags, spans = [], []
    for item in graph.of_kind("initiative"):
        start, end = parse_date(item.data.get("start")), parse_date(item.data.get("end"))
        if start and end and end < start:
            diags.append(_diag(item, "PB209", f"initiative '{item.id}' ends ({end}) before it starts ({start})", "end"))
            continue
        if start and end:
            spans.append((start, end))
        for i, stone in enumerate(item.data.get("milestones") or []):
            when = parse_date(stone.get("date")) if isinstance(stone, dict) else None
            if when and start and end and not start <= when <= end:
                diags.append(_diag(item, "PB209", f"milestone '{stone.get('title')}' on {when} is outside "
                                   f"initiative '{item.id}' ({start} to {end})", "milestones", i, "date"))
    return diags + _horizon(graph, spans)


def _horizon(graph: Graph, spans) -> list[Diagnostic]:
    diags = []
    slack = dt.timedelta(days=ROADMAP_SLACK_DAYS)
    first, last = (min(s for s, _ in spans), max(e for _, e in spans)) if spans else (None, None)
    for strategy in graph.of_kind("strategy"):
        start, end = (parse_date(_field(strategy, "horizon", k)) for k in ("start", "end"))
        if not (start and end):
            continue
        if not spans:
            diags.append(_diag(strategy, "PB210", f"strategy '{strategy.id}' has no roadmap: add initiatives "
                               f"from {start} to {end}", "horizon", severity="warning"))
            continue
        if first > start + slack or last < end - slack:
            diags.append(_diag(strategy, "PB210", f"the roadmap runs {first} to {last} but strategy '{strategy.id}' "
                               f"spans {start} to {end}", "horizon", severity="warning"))
    return diags


def check_departments(graph: Graph) -> list[Diagnostic]:
    diags = []
    for dept in graph.of_kind("department"):
        social = dept.data.get("social_media")
        if not isinstance(social, dict) or not (social.get("role") or social.get("none_because")):
            diags.append(_diag(dept, "PB213", f"department '{dept.id}' states neither what social media does for it "
                               "(social_media.role) nor why it uses none (social_media.none_because)"))
    return diags


def check_maturity(graph: Graph, as_of: dt.date) -> list[Diagnostic]:
    diags = []
    for dim in graph.of_kind("maturity"):
        diags += _maturity_late(dim, as_of)
        stages = dim.data.get("stages")
        count = len(stages) if isinstance(stages, list) else 0
        current, target = dim.data.get("current"), dim.data.get("target")
        for name, value in (("current", current), ("target", target)):
            if isinstance(value, int) and count and not 1 <= value <= count:
                diags.append(_diag(dim, "PB214", f"maturity '{dim.id}' {name} stage {value} is outside stages 1 to {count}", name))
        if isinstance(current, int) and isinstance(target, int) and current > target:
            diags.append(_diag(dim, "PB214", f"maturity '{dim.id}' current stage {current} is above its target {target}", "current"))
    return diags


def _maturity_late(dim: Entity, as_of: dt.date) -> list[Diagnostic]:
    """PB248: the target date has passed and the dimension is still below its target stage."""
    due, current, target = parse_date(dim.data.get("target_date")), dim.data.get("current"), dim.data.get("target")
    if due is None or due >= as_of or not isinstance(current, int) or not isinstance(target, int) or current >= target:
        return []
    return [_diag(dim, "PB248", f"maturity '{dim.id}' was to reach stage {target} by {due.isoformat()} and is at stage "
                  f"{current}: move the target_date, or record the stage reached", "target_date", severity="warning")]


def check_alignment(graph: Graph, as_of: dt.date, thresholds: Thresholds) -> list[Diagnostic]:
    return (check_goals(graph) + check_tactics(graph) + check_kpis(graph, as_of, thresholds)
            + check_policies(graph, as_of) + check_roadmap(graph) + check_departments(graph)
            + check_maturity(graph, as_of))
