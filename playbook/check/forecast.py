"""Where a KPI is heading: its recent trend projected to the target date, or why it says nothing.

The method (documented in the README and on the scorecard): a least-squares straight
line through the latest `PERIODS` measurements on or before the as-of date (value
against the day), needing at least `MIN_POINTS` of them on at least two dates.

The line says nothing (a `NoForecast` naming the reason) rather than something absurd:

* `FEW`: fewer measurements than that; `PLAN`: the baseline or target is incomplete;
  `PASSED`: the target date lies before the as-of date (the status tells whether it was met);
* `FAR`: the target date lies more than `HORIZON` times the span of the measurements
  used beyond the latest of them (six weeks of data say nothing about next year);
* `UNCERTAIN`: the projection's standard error on the target date (from the scatter
  of the measurements around the line) exceeds the plan's whole change, the same
  scale the status method measures a shortfall on (|target - baseline|; for `hold`,
  the target): the noise would decide the verdict, not the trend.

Otherwise the projection is the line's value on the target date, held within the
unit's natural bounds (`bounds`): the KPI's own `bounds: {min, max}`, or else the
bounds `UNIT_BOUNDS` infers from its unit (percentages 0-100; signed scales such as
scores, changes or degrees none; any other unit, a count, duration or amount, at least
0), widened to take in the KPI's own baseline, target and measurements. A line that
reaches a bound before the target date ends there (`limited`), and the projection is
that bound. The target is reached at this pace when the projection meets it (at or
above it to increase, at or below to decrease, within the on-track share of it to
hold). `when` is the first day after the as-of date on which the line meets the
target, stated only within the calendar, within the same horizon and never in the
past. Pure: the same inputs always give the same forecast.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from playbook.check.status import Plan, Thresholds
from playbook.content.dates import FIRST_DATE, LAST_DATE, parse_date
from playbook.content.model import Measurement

PERIODS = 6
"""How many of the latest measurements the trend is fitted to."""
MIN_POINTS = 3
HORIZON = 4
"""The trend is projected at most this many times the span of its measurements beyond the latest one."""

FEW, PLAN, PASSED, FAR, UNCERTAIN = "few", "plan", "passed", "far", "uncertain"
"""Why there is no forecast."""

Bounds = tuple[float | None, float | None]
UNIT_BOUNDS: tuple[tuple[frozenset[str], Bounds], ...] = (
    (frozenset({"score", "nps", "net", "change", "growth", "delta", "difference", "balance", "points", "pp",
                "index", "sentiment", "temperature", "degrees", "°", "°c", "°f"}), (None, None)),
    (frozenset({"%", "percent", "percentage", "pct"}), (0.0, 100.0)),
)
"""Unit words and the bounds they imply: the first row holding one of the unit's words
decides; a unit matching no row counts, times or sums money, and is never below 0."""
COUNT_BOUNDS: Bounds = (0.0, None)
_UNIT_WORDS = re.compile(r"°[cf]?|%|[^\W\d_]+")


@dataclass(frozen=True)
class Forecast:
    start: tuple[dt.date, float]  # the fitted line at the first measurement used
    end: tuple[dt.date, float]  # where the drawn line ends: the target date, or the day it reaches a bound
    projected: float  # the value on the target date, within the unit's bounds
    target_date: dt.date
    reached: bool  # at this pace, the target is met by its date
    when: dt.date | None  # the first day after the as-of date the line meets the target (None: already, or not stated)
    limited: bool = False  # the line reaches the unit's bound before the target date: `projected` is that bound


@dataclass(frozen=True)
class NoForecast:
    why: str  # FEW, PLAN, PASSED, FAR or UNCERTAIN


def unit_bounds(unit: object) -> Bounds:
    """The natural bounds of a unit, from `UNIT_BOUNDS`; none for a KPI without a unit."""
    words = set(_UNIT_WORDS.findall(str(unit).casefold())) if isinstance(unit, str) else set()
    if not words:
        return None, None
    return next((bounds for names, bounds in UNIT_BOUNDS if words & names), COUNT_BOUNDS)


def kpi_bounds(data: dict, values: list[float]) -> Bounds:
    """The KPI's declared `bounds`, or its unit's widened to take in `values` (its own numbers)."""
    declared = data.get("bounds")
    if isinstance(declared, dict):
        return _number(declared.get("min")), _number(declared.get("max"))
    low, high = unit_bounds(data.get("unit"))
    numbers = [v for v in values if math.isfinite(v)]
    if numbers and low is not None:
        low = min(low, *numbers)
    if numbers and high is not None:
        high = max(high, *numbers)
    return low, high


def _number(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) else None


def kpi_forecast(data: dict, points: list[Measurement], as_of: dt.date,
                 thresholds: Thresholds = Thresholds()) -> Forecast | NoForecast:
    """The forecast of a KPI's fields and measurements, within its bounds."""
    plan = Plan.from_kpi(data)
    values = [p.value for p in points] + ([plan.baseline, plan.target] if plan else [])
    return forecast(plan, points, as_of, thresholds, kpi_bounds(data, values))


def forecast(plan: Plan | None, points: list[Measurement], as_of: dt.date,
             thresholds: Thresholds = Thresholds(), bounds: Bounds = (None, None)) -> Forecast | NoForecast:
    """The projection of the recent trend to the target date, or why there is none."""
    usable = [(day, p.value) for p in points if (day := parse_date(p.date)) and day <= as_of and math.isfinite(p.value)]
    recent = usable[-PERIODS:]
    if len(recent) < MIN_POINTS or len({d for d, _ in recent}) < 2:
        return NoForecast(FEW)
    if plan is None:
        return NoForecast(PLAN)
    if plan.target_date < as_of:
        return NoForecast(PASSED)
    last = recent[-1][0]
    span, ahead = (last - recent[0][0]).days, (plan.target_date - last).days
    if ahead > HORIZON * span:
        return NoForecast(FAR)
    fit = Fit([(d - last).days for d, _ in recent], [v for _, v in recent])
    if not fit.sound or fit.error(ahead) > _scale(plan):
        return NoForecast(UNCERTAIN)
    bound = _crossed(fit.at(ahead), *bounds)
    end_day = ahead if bound is None else min(ahead, max(fit.days_to(bound) or 0.0, 0.0))
    projected = fit.at(ahead) if bound is None else bound
    start = (recent[0][0], _within(fit.at(fit.xs[0]), bounds))
    end = (last + dt.timedelta(days=math.floor(end_day)), _within(fit.at(end_day), bounds))
    return Forecast(start, end, projected, plan.target_date, _meets(plan, projected, thresholds),
                    _when(plan, fit, last, as_of, span, bounds, thresholds), bound is not None)


class Fit:
    """The least-squares line through (day, value) points; days counted from the latest point."""

    def __init__(self, xs: list[int], ys: list[float]):
        self.xs, n = xs, len(xs)
        mean_x, mean_y = sum(xs) / n, sum(ys) / n
        self.n, self.mean_x = n, mean_x
        self.sxx = sum((x - mean_x) ** 2 for x in xs)
        self.slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / self.sxx
        self.level = mean_y - self.slope * mean_x  # the line on the latest day
        residuals = sum((y - self.at(x)) ** 2 for x, y in zip(xs, ys))
        self.scatter = math.sqrt(residuals / (n - 2))  # the residual standard deviation
        self.sound = all(map(math.isfinite, (self.slope, self.level, self.scatter)))

    def at(self, day: float) -> float:
        return self.level + self.slope * day

    def error(self, day: float) -> float:
        """The standard error of the line's value on `day`."""
        return self.scatter * math.sqrt(1 / self.n + (day - self.mean_x) ** 2 / self.sxx)

    def days_to(self, value: float) -> float | None:
        """The day the line takes `value`; None for a flat line or one that never does in finite time."""
        if self.slope == 0:
            return None
        day = (value - self.level) / self.slope
        return day if math.isfinite(day) else None


def _scale(plan: Plan) -> float:
    """The plan's whole change, as the status method measures a shortfall on it."""
    if plan.direction == "hold":
        return abs(plan.target) or 1.0
    return abs(plan.target - plan.baseline) or abs(plan.target) or 1.0


def _crossed(value: float, low: float | None, high: float | None) -> float | None:
    """The bound `value` lies beyond, if any."""
    if low is not None and value < low:
        return low
    if high is not None and value > high:
        return high
    return None


def _within(value: float, bounds: Bounds) -> float:
    low, high = bounds
    value = value if low is None else max(value, low)
    return value if high is None else min(value, high)


def _meets(plan: Plan, value: float, thresholds: Thresholds) -> bool:
    if plan.direction == "hold":
        return abs(value - plan.target) <= thresholds.on_track * (abs(plan.target) or 1.0)
    return value >= plan.target if plan.direction == "increase" else value <= plan.target


def _when(plan: Plan, fit: Fit, last: dt.date, as_of: dt.date, span: int, bounds: Bounds,
          thresholds: Thresholds) -> dt.date | None:
    """The first day after the as-of date on which the line meets the target, when that
    can be said: not for `hold`, not when it meets it already, not for a target beyond the
    unit's bounds, and not beyond the calendar or the horizon the data allow."""
    today = (as_of - last).days
    if plan.direction == "hold" or _meets(plan, fit.at(today), thresholds) or _crossed(plan.target, *bounds) is not None:
        return None
    day = fit.days_to(plan.target)
    if day is None or day <= today or day > HORIZON * span:
        return None  # moving away from the target, or too far beyond the data to say
    ordinal = last.toordinal() + math.ceil(day)
    if not FIRST_DATE.toordinal() <= ordinal <= LAST_DATE.toordinal():
        return None
    return dt.date.fromordinal(ordinal)
