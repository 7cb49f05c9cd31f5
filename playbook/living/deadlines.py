"""What falls due, for whom: measurements by cadence, policy reviews, milestones and account
access reviews, from the checked graph as of a date.

* A KPI's next measurement is due one cadence period after its latest one (after its
  baseline date when it has none). A `per-event` KPI falls due `readiness.follow_up_days`
  after each event of its modes that no measurement dated on or after it follows
  (`check.mode_events`).
* A policy's review falls due on its review date (or its effective date plus the cycle);
  retired policies never.
* An initiative's milestones fall due on their dates until they are done or dropped; one
  whose state is unknown (`check.milestones`) is listed on its date but never overdue.
  Its action items fall due the same way on their due dates (`check.action_items`), each
  owned by its own owner, else the initiative's.
* An active account's access review falls due `accounts.review_days` after the last one.
* A recurring review's next occurrence falls due: the first after its latest record that has
  none (`check.review_rhythm`); a per-event review falls due after each event of its modes, as
  a per-event KPI does, until a record dated on or after the event.
* The plan's own review falls due on the date its record in playbook.yml gives or implies
  (`plan_record.PlanRecord.review_due`); its first author owns it.

Each item names its owner: the entity's `owner` (the account's custodian for an access
review), resolved to the person's name where it is a person of the playbook. The list is
ordered by date. Made from an edition's copy of the graph (`playbook.check.edition.project`), it
holds only what that edition shows: an owner it hides reads "a restricted item", and a KPI
whose measurements it withholds falls due never (the date would tell when they were taken).
Pure: the same inputs give the same list.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from playbook.check.action_items import OPEN as OPEN_ITEMS
from playbook.check.action_items import action_items
from playbook.check.alignment import review_due
from playbook.check.config import Config
from playbook.check.edition import Withheld
from playbook.check.github_handles import valid_handles
from playbook.check.graph import Graph
from playbook.check.milestones import OPEN, milestone_state
from playbook.check.mode_events import FollowUp, open_follow_ups, review_follow_ups
from playbook.check.operations import accounts
from playbook.check.review_rhythm import next_occurrence, records
from playbook.content.dates import CADENCE_DAYS, parse_date
from playbook.content.model import Entity


@dataclass(frozen=True)
class DueItem:
    date: dt.date
    what: str  # measurement, review, milestone, action item, access review, occurrence, follow-up
    entity: Entity | None  # the KPI, policy, initiative or channel it belongs to; None: the plan itself
    detail: str  # e.g. the milestone's title or the account's handle
    owner: str  # the owner's name as written, or the person's title
    owner_id: str | None  # the person's id, where the owner is a person
    uid: str  # stable across runs, so a subscribed calendar updates the event
    can_be_late: bool = True  # False for a milestone of unknown state: listed, never overdue
    owner_login: str = ""  # the owner's GitHub login, where the edition shows the person's contact

    def overdue(self, as_of: dt.date) -> bool:
        return self.can_be_late and self.date < as_of

    @property
    def label(self) -> str:
        detail = f": {self.detail}" if self.detail else ""
        if self.entity is None:
            return f"{self.what} of the plan{detail}"
        return f"{self.what} of {self.entity.kind} '{self.entity.title}'{detail}"


def _owner(graph: Graph, value) -> tuple[str, str | None]:
    if isinstance(value, list):
        value = value[0] if value else None
    if not isinstance(value, str):
        return "", None
    if isinstance(value, Withheld):
        return value, None
    person = graph.get("person", value.removeprefix("person:"))
    return (person.title, person.id) if person else (value, None)


def _measurements(graph: Graph, kpi: Entity, config: Config) -> list[DueItem]:
    days = CADENCE_DAYS.get(kpi.data.get("cadence"))
    if kpi.id in graph.withheld_series:
        return []  # its date would tell when the withheld measurements were taken
    series = graph.series.get(kpi.id)
    taken = [day for p in series.points if (day := parse_date(p.date))] if series else []
    last = max(taken, default=None)
    base = kpi.data.get("baseline") if isinstance(kpi.data.get("baseline"), dict) else {}
    start = last or parse_date(base.get("date"))
    owner = _owner(graph, kpi.data.get("owner"))
    follow_ups = open_follow_ups(graph, kpi, taken, config.readiness.follow_up_days, parse_date(base.get("date")))
    if follow_ups:
        return [_follow_up(kpi, f, "measurement", owner) for f in follow_ups]
    if days is None or start is None:
        return []
    return [DueItem(start + dt.timedelta(days=days), "measurement", kpi, "", *owner, f"measurement-kpi-{kpi.id}")]


def _review(graph: Graph, policy: Entity) -> list[DueItem]:
    due = review_due(policy.data)
    if due is None or policy.data.get("status") == "retired":
        return []
    return [DueItem(due, "review", policy, "", *_owner(graph, policy.data.get("owner")), f"review-policy-{policy.id}")]


def _milestones(graph: Graph, initiative: Entity) -> list[DueItem]:
    owner = _owner(graph, initiative.data.get("owner"))
    return [DueItem(parse_date(m["date"]), "milestone", initiative, str(m.get("title") or ""), *owner,
                    f"milestone-initiative-{initiative.id}-{i}", milestone_state(m) != "unknown")
            for i, m in enumerate(initiative.data.get("milestones") or [])
            if isinstance(m, dict) and milestone_state(m) in OPEN and parse_date(m.get("date"))]


def _action_items(graph: Graph, initiative: Entity) -> list[DueItem]:
    owner = initiative.data.get("owner")
    return [DueItem(item.due, "action item", initiative, f"{item.number}. {item.title}",
                    *_owner(graph, item.owner or owner), f"action-item-initiative-{initiative.id}-{item.number}",
                    item.state != "unknown")
            for item in action_items(initiative) if item.state in OPEN_ITEMS and item.due is not None]


def _access_reviews(graph: Graph, channel: Entity, config: Config) -> list[DueItem]:
    items = []
    for i, account in accounts(channel):
        last = parse_date(account.get("access_reviewed"))
        if last is not None and account.get("status", "active") == "active":
            items.append(DueItem(last + dt.timedelta(days=int(config.accounts.review_days)), "access review", channel,
                                 str(account.get("handle") or ""), *_owner(graph, account.get("custodian")),
                                 f"access-review-channel-{channel.id}-{i}"))
    return items


def _occurrence(graph: Graph, review: Entity, config: Config) -> list[DueItem]:
    owner = _owner(graph, review.data.get("owner"))
    held = records(review, graph.reports)
    follow_ups = review_follow_ups(graph, review, held, config.readiness.follow_up_days)
    if follow_ups:
        return [_follow_up(review, f, "occurrence", owner) for f in follow_ups]
    due = next_occurrence(review, graph.reports)
    if due is None:
        return []
    return [DueItem(due, "occurrence", review, "", *owner, f"occurrence-review-{review.id}")]


def _follow_up(entity: Entity, follow_up: FollowUp, what: str, owner: tuple[str, str | None]) -> DueItem:
    """What is due after one event: the KPI's measurement or the review's occurrence; its detail
    is the event's title."""
    event = follow_up.event
    return DueItem(follow_up.due, what, entity, event.title, *owner, f"{what}-{entity.kind}-{entity.id}-after-{event.kind}-{event.id}")


def _plan_review(graph: Graph, config: Config) -> list[DueItem]:
    plan = config.plan
    if plan.review_due is None:
        return []
    return [DueItem(plan.review_due, "review", None, "", *_owner(graph, list(plan.authors)), "review-plan")]


def due_items(graph: Graph, config: Config, entities=None) -> list[DueItem]:
    """Everything that falls due among `entities` (default: all, and the plan's own review), earliest first."""
    makers = {"kpi": lambda e: _measurements(graph, e, config), "policy": lambda e: _review(graph, e),
              "initiative": lambda e: _milestones(graph, e) + _action_items(graph, e),
              "channel": lambda e: _access_reviews(graph, e, config),
              "review": lambda e: _occurrence(graph, e, config)}
    pool = graph.entities.values() if entities is None else entities
    items = [item for e in pool if e.kind in makers for item in makers[e.kind](e)]
    items += _plan_review(graph, config) if entities is None else []
    items = [_with_login(graph, item) for item in items]
    return sorted(items, key=lambda item: (item.date, item.uid))


def _with_login(graph: Graph, item: DueItem) -> DueItem:
    person = graph.get("person", item.owner_id) if item.owner_id else None
    logins = valid_handles(person) if person else []
    return replace(item, owner_login=logins[0]) if logins else item


def select(items: list[DueItem], as_of: dt.date, within: int | None = None, owner: str | None = None) -> list[DueItem]:
    """Overdue items and those due within `within` days of `as_of` (all when None), of one owner
    (by person id or name, letter case ignored) when given."""
    wanted = owner.casefold() if owner else None
    return [i for i in items
            if (within is None or i.date <= as_of + dt.timedelta(days=within))
            and (wanted is None or wanted in (i.owner.casefold(), (i.owner_id or "").casefold()))]
