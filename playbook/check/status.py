"""KPI status as of a date, and its roll-up to goals and strategies.

The method (documented in the README and on the scorecard):

* The plan is a straight line from the baseline (value, date) to the target
  (value, date). Before the baseline date nothing is expected yet; after the
  target date the target itself is expected.
* No baseline or target, an as-of date before the baseline, or no measurement on
  or before the as-of date: no data.
* Stale: the latest measurement is older than the cadence allows
  (`stale_periods` cadence periods, default 2) on the as-of date, or, once the
  target date has passed, on the target date. A stale KPI's status is "stale",
  never the status of its old reading (which `Status.reading` keeps for the page).
  An event-driven KPI (cadence `per-event`) is measured when something happens: it is
  judged on its latest event and never goes stale by time.
* Up to the target date, the latest measurement is compared with the value the
  plan expects on that measurement's date. The shortfall is how far it lags the
  plan, as a share of the whole planned change (|target - baseline|); for `hold`
  KPIs, as a share of the target (or of 1 when the target is 0). shortfall <=
  `on_track` (default 0.05): on track; <= `at_risk` (default 0.20): at risk;
  beyond: off track.
* After the target date: achieved when the latest measurement meets the target
  (at or above it to increase, at or below it to decrease, within `on_track` of
  it to hold), missed when it does not.
* A goal's status is the worst status among the KPIs that measure it directly or
  through its tactics, ignoring KPIs with no data, in the order achieved, on
  track, at risk, stale, off track, missed; a missed KPI rolls up as off track. A
  strategy's is the worst of its goals. With nothing measured: no data.

Pure functions of their inputs: the same inputs always give the same status.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from playbook.content.dates import CADENCE_DAYS, parse_date
from playbook.content.model import Measurement
from playbook.i18n import N_

ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA = "on track", "at risk", "off track", "no data"
STALE, ACHIEVED, MISSED = "stale", "achieved", "missed"
STATUSES = (ACHIEVED, ON_TRACK, AT_RISK, STALE, OFF_TRACK, MISSED, NO_DATA)
"""Every status, best first; no data last."""
ORDER = {status: rank for rank, status in enumerate(STATUSES[:-1])}
ROLLED_UP_AS = {MISSED: OFF_TRACK}


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
    why: str = ""  # the reason as a catalogue message with named placeholders (see `reason`)
    why_args: tuple = ()  # (name, value) pairs for its placeholders: dates and cadences
    reading: str | None = None  # what the latest measurement alone says, when the status is stale

    @property
    def reason(self) -> str:
        """The reason in English, e.g. for exports."""
        return self.why.format(**{k: v.isoformat() if isinstance(v, dt.date) else v for k, v in self.why_args})


def kpi_status(plan: Plan | None, points: list[Measurement], as_of: dt.date,
               thresholds: Thresholds = Thresholds()) -> Status:
    if plan is None:
        return Status(NO_DATA, why=N_("baseline or target incomplete"))
    if as_of < plan.baseline_date:
        return Status(NO_DATA, why=N_("before the baseline date {date}"), why_args=(("date", plan.baseline_date),))
    usable = [p for p in points if (parse_date(p.date) or as_of) <= as_of]
    if not usable:
        return Status(NO_DATA, why=N_("no measurement on or before {date}"), why_args=(("date", as_of),))
    latest = usable[-1]
    on = parse_date(latest.date)
    expected = plan.expected(on)
    shortfall = _shortfall(plan, latest.value, expected)
    ended = as_of > plan.target_date
    reading = _final(plan, latest.value, thresholds) if ended else _judged(shortfall, thresholds)
    judged_on = min(as_of, plan.target_date)
    if is_stale(latest.date, plan.cadence, judged_on, thresholds):
        why = N_("the latest measurement, of {latest}, is older than the {cadence} cadence allows on the target "
                 "date {date}") if ended else \
            N_("the latest measurement, of {latest}, is older than the {cadence} cadence allows on {date}")
        args = (("latest", parse_date(latest.date)), ("cadence", plan.cadence), ("date", judged_on))
        return Status(STALE, latest, expected, shortfall, True, why, args, reading)
    if ended:
        return Status(reading, latest, expected, shortfall, False, N_("target date {date} has passed"),
                      (("date", plan.target_date),))
    return Status(reading, latest, expected, shortfall, False)


def _judged(shortfall: float, thresholds: Thresholds) -> str:
    if shortfall <= thresholds.on_track:
        return ON_TRACK
    return AT_RISK if shortfall <= thresholds.at_risk else OFF_TRACK


def _final(plan: Plan, value: float, thresholds: Thresholds) -> str:
    """Achieved or missed, once the target date has passed."""
    if plan.direction == "hold":
        met = abs(value - plan.target) / (abs(plan.target) or 1.0) <= thresholds.on_track
    else:
        met = value >= plan.target if plan.direction == "increase" else value <= plan.target
    return ACHIEVED if met else MISSED


def _shortfall(plan: Plan, value: float, expected: float) -> float:
    if plan.direction == "hold":
        scale = abs(plan.target) or 1.0
        return abs(value - plan.target) / scale
    scale = abs(plan.target - plan.baseline) or abs(plan.target) or 1.0
    lag = expected - value if plan.direction == "increase" else value - expected
    return max(lag, 0.0) / scale


def is_stale(latest_date: str, cadence: str, as_of: dt.date, thresholds: Thresholds = Thresholds()) -> bool:
    """Whether a measurement of `latest_date` is older than the cadence allows on `as_of`.
    Event-driven and unknown cadences never go stale by time."""
    on = parse_date(latest_date)
    days = CADENCE_DAYS.get(cadence)
    return on is not None and days is not None and (as_of - on).days > days * thresholds.stale_periods


def roll_up(statuses: list[str]) -> str:
    """The worst of the given statuses, ignoring no data (missed counts as off track);
    no data if nothing is measured."""
    measured = [s for s in statuses if s in ORDER]
    worst = max(measured, key=ORDER.__getitem__) if measured else NO_DATA
    return ROLLED_UP_AS.get(worst, worst)
