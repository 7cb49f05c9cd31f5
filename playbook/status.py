"""KPI status as of a date, and its roll-up to goals and strategies.

The method (documented in the README):

* The plan is a straight line from the baseline (value, date) to the target
  (value, date). Before the baseline date nothing is expected yet; after the
  target date the target itself is expected.
* The latest measurement on or before the as-of date is compared with the value
  the plan expects on that measurement's date. The shortfall is how far it lags
  the plan, as a share of the whole planned change (|target - baseline|); for
  `hold` KPIs, as a share of the target (or of 1 when the target is 0).
* shortfall <= `on_track` (default 0.05): on track; <= `at_risk` (default 0.20):
  at risk; beyond: off track. No measurement on or before the date: no data.
* Data is stale when the latest measurement is older than the cadence allows
  (`stale_periods` cadence periods, default 2); the status is still computed
  from it, and marked stale.
* A goal's status is the worst status among the KPIs that measure it directly or
  through its tactics, ignoring KPIs with no data; a strategy's is the worst of
  its goals. With nothing measured, the roll-up is no data.

Pure functions of their inputs: the same inputs always give the same status.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .dates import CADENCE_DAYS, parse_date
from .model import Measurement

ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA = "on track", "at risk", "off track", "no data"
ORDER = {ON_TRACK: 0, AT_RISK: 1, OFF_TRACK: 2}


@dataclass(frozen=True)
class Thresholds:
    on_track: float = 0.05
    at_risk: float = 0.20
    stale_periods: int = 2


@dataclass(frozen=True)
class Plan:
    direction: str
    baseline: float
    baseline_date: dt.date
    target: float
    target_date: dt.date
    cadence: str = "monthly"

    @classmethod
    def from_kpi(cls, data: dict) -> "Plan | None":
        """The plan of a KPI's fields, or None when they are incomplete."""
        base, target = data.get("baseline"), data.get("target")
        if not (isinstance(base, dict) and isinstance(target, dict)):
            return None
        b_date, t_date = parse_date(base.get("date")), parse_date(target.get("date"))
        values = (base.get("value"), target.get("value"))
        if not (b_date and t_date and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)):
            return None
        return cls(data.get("direction") or "increase", float(values[0]), b_date,
                   float(values[1]), t_date, data.get("cadence") or "monthly")

    def expected(self, on: dt.date) -> float:
        if on <= self.baseline_date:
            return self.baseline
        if on >= self.target_date or self.target_date <= self.baseline_date:
            return self.target
        share = (on - self.baseline_date).days / (self.target_date - self.baseline_date).days
        return self.baseline + (self.target - self.baseline) * share


@dataclass(frozen=True)
class Status:
    status: str
    latest: Measurement | None = None
    expected: float | None = None
    shortfall: float | None = None
    stale: bool = False
    reason: str = ""


def kpi_status(plan: Plan | None, points: list[Measurement], as_of: dt.date,
               thresholds: Thresholds = Thresholds()) -> Status:
    if plan is None:
        return Status(NO_DATA, reason="baseline or target incomplete")
    if as_of < plan.baseline_date:
        return Status(NO_DATA, reason=f"before the baseline date {plan.baseline_date}")
    usable = [p for p in points if (parse_date(p.date) or as_of) <= as_of]
    if not usable:
        return Status(NO_DATA, reason=f"no measurement on or before {as_of}")
    latest = usable[-1]
    on = parse_date(latest.date)
    expected = plan.expected(on)
    shortfall = _shortfall(plan, latest.value, expected)
    if shortfall <= thresholds.on_track:
        status = ON_TRACK
    elif shortfall <= thresholds.at_risk:
        status = AT_RISK
    else:
        status = OFF_TRACK
    return Status(status, latest, expected, shortfall, is_stale(latest.date, plan.cadence, as_of, thresholds))


def _shortfall(plan: Plan, value: float, expected: float) -> float:
    if plan.direction == "hold":
        scale = abs(plan.target) or 1.0
        return abs(value - plan.target) / scale
    scale = abs(plan.target - plan.baseline) or abs(plan.target) or 1.0
    lag = expected - value if plan.direction == "increase" else value - expected
    return max(lag, 0.0) / scale


def is_stale(latest_date: str, cadence: str, as_of: dt.date, thresholds: Thresholds = Thresholds()) -> bool:
    on = parse_date(latest_date)
    return on is not None and (as_of - on).days > CADENCE_DAYS.get(cadence, 31) * thresholds.stale_periods


def roll_up(statuses: list[str]) -> str:
    """The worst of the given statuses, ignoring no data; no data if nothing is measured."""
    measured = [s for s in statuses if s in ORDER]
    return max(measured, key=ORDER.__getitem__) if measured else NO_DATA
