"""The playbook as a StratML Part 2 document (ISO 17469-2): a performance plan or report.

`PerformancePlanOrReport` (schema 2.2, 2016-02-16), Type `Performance_Plan` or
`Performance_Report`. The mapping:

* `Name`: the organization's name from playbook.yml (or the first strategy's title) and
  "playbook"; `Description`: the edition and as-of date it was made for.
* `OtherInformation`: the plan's own record from playbook.yml (version, prepared, approved
  and by whom, authors, next review), people named as the edition may show them.
* `Organization`: the profile's name and sector; each audience is a `Stakeholder`
  (a `Generic_Group` whose `Role` is `Beneficiary`).
* `Vision`, `Mission` and one `Value` per value: from the organization profile.
* Each strategy is a `Goal` (its statement, else summary, else title as the required
  `Description`); goals that support no visible strategy are gathered under one `Goal`
  named "Goals without a strategy".
* Each goal is an `Objective` of the strategies it supports.
* Each KPI that measures the goal (directly or through a tactic) is a
  `PerformanceIndicator` (`Quantitative`): `MeasurementDimension` its title,
  `UnitOfMeasurement` its unit, one `TargetResult` (target value, target date) and, in a
  report, one `ActualResult` per measurement (date, value, note) the edition may show.
* Each initiative is an `Objective` of the strategies it serves (through the goals and
  tactics it delivers), after their goals; initiatives that serve no visible strategy are
  gathered under one `Goal` named "Initiatives without a strategy". Its `Description` is
  its summary (else its phase and dates), `OtherInformation` its phase, start and end, and
  its owner is a `Stakeholder` (a `Person`, or a `Generic_Group` for a name that is not one
  of the playbook's people) whose `Role` is `Owner`, a `Performer`. Each owner of its
  action items is a `Stakeholder` too, its `Role` naming the items it owns.
* Each action item is a `PerformanceIndicator` (`Qualitative`) of its initiative's
  `Objective`: `SequenceIndicator` its number, `MeasurementDimension` its title,
  `UnitOfMeasurement` "action item", a `TargetResult` with its due date and owner and, in a
  report, an `ActualResult` saying so for one done or dropped; `OtherInformation` gives its
  state.
* `Identifier`s are stable: `strategy-<id>`, `goal-<id>-in-<strategy id>`,
  `kpi-<id>-for-<goal id>-in-<strategy id>`, `initiative-<id>-in-<strategy id>` and
  `action-<number>-of-<initiative id>-in-<strategy id>` (an element may appear under
  several parents, and XML IDs must be unique in the document).

Only what the edition shows is exported: hidden entities are left out, measurements
withheld from the edition give no `ActualResult`, and an owner the edition hides reads "a
restricted item". Costs are not exported. Characters that XML cannot hold (a
control character in a measurement note, U+FFFE in a title) are left out of the text.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from playbook.check.action_items import ActionItem, action_items
from playbook.check.alignment import strategies_of
from playbook.check.checker import Result
from playbook.check.edition import Withheld
from playbook.content.model import Entity
from playbook.site.render.view import View, title_key

NS = "urn:ISO:std:iso:17469:tech:xsd:PerformancePlanOrReport"
TYPES = {"plan": "Performance_Plan", "report": "Performance_Report"}


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot hold (control characters, lone surrogates, U+FFFE, U+FFFF)."""


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs) -> ET.Element:
    node = ET.SubElement(parent, f"{{{NS}}}{tag}", attrs)
    if text is not None:
        node.text = _NOT_XML.sub("", text)  # dropped: the document must stay well-formed
    return node


def _described(parent, tag: str, description: str) -> ET.Element:
    node = _el(parent, tag)
    _el(node, "Description", description)
    return node


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _indicator(parent, kpi: Entity, ident: str, view: View, kind: str) -> None:
    node = _el(parent, "PerformanceIndicator", PerformanceIndicatorType="Quantitative")
    _el(node, "MeasurementDimension", kpi.title)
    _el(node, "UnitOfMeasurement", str(kpi.data.get("unit") or ""))
    _el(node, "Identifier", ident)
    instance = _el(node, "MeasurementInstance")
    target = kpi.data.get("target") if isinstance(kpi.data.get("target"), dict) else {}
    if isinstance(target.get("value"), (int, float)) and not isinstance(target.get("value"), bool):
        result = _el(instance, "TargetResult")
        if target.get("date"):
            _el(result, "EndDate", str(target["date"]))
        _el(result, "NumberOfUnits", _number(target["value"]))
    if kind == "report":
        for point in view.points(kpi):
            result = _el(instance, "ActualResult")
            _el(result, "EndDate", point.date)
            _el(result, "NumberOfUnits", _number(point.value))
            if point.note:
                _el(result, "Description", point.note)


def _objective(parent, goal: Entity, parent_id: str, index: int, view: View, kind: str) -> None:
    node = _el(parent, "Objective")
    _el(node, "Name", goal.title)
    _el(node, "Description", str(goal.data.get("summary") or goal.data.get("target") or goal.title))
    ident = f"goal-{goal.id}-in-{parent_id}"
    _el(node, "Identifier", ident)
    _el(node, "SequenceIndicator", str(index))
    for kpi in view.goal_kpis(goal):
        _indicator(node, kpi, f"kpi-{kpi.id}-for-{goal.id}-in-{parent_id}", view, kind)


def _goal(core, name: str, description: str, ident: str, index: int, goals, view: View, kind: str,
          initiatives=()) -> None:
    node = _el(core, "Goal")
    _el(node, "Name", name)
    _el(node, "Description", description)
    _el(node, "Identifier", ident)
    _el(node, "SequenceIndicator", str(index))
    goals = sorted(goals, key=title_key)
    for i, goal in enumerate(goals, 1):
        _objective(node, goal, ident, i, view, kind)
    for i, initiative in enumerate(sorted(initiatives, key=title_key), len(goals) + 1):
        _initiative(node, initiative, ident, i, view, kind)


def _initiative(parent, initiative: Entity, parent_id: str, index: int, view: View, kind: str) -> None:
    """The initiative as an `Objective`: its owner and its items' owners as stakeholders, each
    action item a qualitative indicator."""
    data = initiative.data
    node = _el(parent, "Objective")
    _el(node, "Name", initiative.title)
    when = f"{data.get('phase') or 'Initiative'}, {data.get('start') or '?'} to {data.get('end') or '?'}"
    _el(node, "Description", " ".join(str(data.get("summary") or when).split()))
    ident = f"initiative-{initiative.id}-in-{parent_id}"
    _el(node, "Identifier", ident)
    _el(node, "SequenceIndicator", str(index))
    items = action_items(initiative)
    if data.get("owner"):
        _stakeholder(node, data["owner"], "Owner", view)
    owners: dict[str, list[str]] = {}
    for item in items:
        if isinstance(item.owner, str) and item.owner:
            owners.setdefault(item.owner, []).append(str(item.number))
    for owner, numbers in owners.items():
        _stakeholder(node, owner, f"Owner of action item{'s' if len(numbers) > 1 else ''} {', '.join(numbers)}", view)
    _el(node, "OtherInformation", f"Initiative. Phase: {when}.")
    for item in items:
        _action_item(node, item, ident, view, kind)


def _stakeholder(parent, owner: str, role_name: str, view: View) -> None:
    person = None if isinstance(owner, Withheld) else view.graph.get("person", owner.removeprefix("person:"))
    holder = _el(parent, "Stakeholder", StakeholderTypeType="Person" if person is not None else "Generic_Group")
    _el(holder, "Name", _names((owner,), view))
    role = _el(holder, "Role")
    _el(role, "Name", role_name)
    _el(role, "RoleType", "Performer")


def _action_item(parent, item: ActionItem, parent_id: str, view: View, kind: str) -> None:
    node = _el(parent, "PerformanceIndicator", PerformanceIndicatorType="Qualitative")
    _el(node, "SequenceIndicator", str(item.number))
    _el(node, "MeasurementDimension", item.title)
    _el(node, "UnitOfMeasurement", "action item")
    _el(node, "Identifier", f"action-{item.number}-of-{parent_id.removeprefix('initiative-')}")
    instance = _el(node, "MeasurementInstance")
    target = _el(instance, "TargetResult")
    if item.due is not None:
        _el(target, "EndDate", item.due.isoformat())
    owner = _names((item.owner,), view) if isinstance(item.owner, str) and item.owner else "not named"
    _el(target, "Description", f"Action item {item.number}, owner: {owner}.")
    if kind == "report" and item.state in ("done", "dropped"):
        _el(_el(instance, "ActualResult"), "Description", item.state.capitalize() + ".")
    _el(node, "OtherInformation", f"State: {item.state}.")


def _organization(core, view: View, profile: dict) -> None:
    node = _el(core, "Organization")
    if profile.get("name"):
        _el(node, "Name", profile["name"])
    if profile.get("sector"):
        _el(node, "Description", profile["sector"])
    for audience in sorted(view.of_kind("audience"), key=title_key):
        holder = _el(node, "Stakeholder", StakeholderTypeType="Generic_Group")
        _el(holder, "Name", audience.title)
        if audience.data.get("summary"):
            _el(holder, "Description", str(audience.data["summary"]))
        role = _el(holder, "Role")
        _el(role, "Name", "Audience")
        _el(role, "RoleType", "Beneficiary")


def _initiatives_by_strategy(view: View) -> dict:
    """(kind, id) of each strategy the edition shows -> the initiatives that serve it; None -> those serving none."""
    shown = {s.key for s in view.of_kind("strategy")}
    found: dict = {}
    for initiative in view.of_kind("initiative"):
        keys = [s.key for s in strategies_of(view.graph, initiative) if s.key in shown] or [None]
        for key in keys:
            found.setdefault(key, []).append(initiative)
    return found


def _names(names: tuple[str, ...], view: View) -> str:
    """People as the edition shows them: a person's name for their id, a name as written."""
    people = [view.graph.get("person", n.removeprefix("person:")) if not isinstance(n, Withheld) else None for n in names]
    return ", ".join(p.title if p is not None else str(n) for p, n in zip(people, names))


def _plan_record(view: View) -> str:
    """The plan's record as one line of text, or "" when playbook.yml gives none."""
    plan = view.config.plan
    parts = [plan.version and f"Plan version {plan.version}.", plan.prepared and f"Prepared {plan.prepared.isoformat()}.",
             plan.approved and f"Approved {plan.approved.isoformat()}.",
             plan.approved_by and f"Approved by {_names(plan.approved_by, view)}.",
             plan.authors and f"Authors: {_names(plan.authors, view)}.",
             plan.review_due and f"Next review {plan.review_due.isoformat()}."]
    return " ".join(p for p in parts if p)


def stratml(result: Result, edition: str, kind: str = "report") -> bytes:
    """The document, UTF-8 encoded with its XML declaration."""
    view = View(result, edition, result.as_of)
    profile = result.config.organization
    strategies = sorted(view.of_kind("strategy"), key=title_key)
    root = ET.Element(f"{{{NS}}}PerformancePlanOrReport", Type=TYPES[kind])
    _el(root, "Name", f"{profile.get('name') or (strategies[0].title if strategies else 'Strategy')} playbook")
    _el(root, "Description", f"Exported from the playbook: the {edition} edition as of {result.as_of.isoformat()}.")
    record = _plan_record(view)
    if record:
        _el(root, "OtherInformation", record)
    core = _el(root, "StrategicPlanCore")
    _organization(core, view, profile)
    for tag, key in (("Vision", "vision"), ("Mission", "mission")):
        if profile.get(key):
            _described(core, tag, profile[key])
    for value in profile.get("values") or []:
        _el(_el(core, "Value"), "Name", value)
    work = _initiatives_by_strategy(view)
    for i, strategy in enumerate(strategies, 1):
        text = strategy.data.get("statement") or strategy.data.get("summary") or strategy.title
        _goal(core, strategy.title, " ".join(str(text).split()), f"strategy-{strategy.id}", i,
              view.related(strategy, "goals", "goal"), view, kind, work.get(strategy.key, []))
    loose = view.loose_goals()
    if loose or not strategies:  # the schema asks for at least one Goal
        _goal(core, "Goals without a strategy", "Goals this edition shows that support none of its strategies.",
              "goals-without-a-strategy", len(strategies) + 1, loose, view, kind)
    if work.get(None):
        _goal(core, "Initiatives without a strategy", "Initiatives this edition shows that serve none of its strategies.",
              "initiatives-without-a-strategy", len(strategies) + 2, [], view, kind, work[None])
    admin = _el(root, "AdministrativeInformation")
    spans = [s.data.get("horizon") for s in strategies if isinstance(s.data.get("horizon"), dict)]
    starts = sorted(str(h["start"]) for h in spans if h.get("start"))
    ends = sorted(str(h["end"]) for h in spans if h.get("end"))
    if starts:
        _el(admin, "StartDate", starts[0])
    if ends:
        _el(admin, "EndDate", ends[-1])
    _el(admin, "PublicationDate", result.as_of.isoformat())
    ET.register_namespace("", NS)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
