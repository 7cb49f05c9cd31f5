"""Where a KPI is heading: its recent trend projected to the target date.

The method (documented in the README and on the scorecard): a least-squares straight
line through the latest `PERIODS` measurements on or before the as-of date (value
against the day number), needing at least `MIN_POINTS` of them on at least two dates.
The projection is that line's value on the target date. The target is reached at this
pace when the projection meets it (at or above it to increase, at or below to decrease,
within the on-track share of it to hold); the day the line first meets the target is
when. Without enough measurements there is no forecast: it is never invented. Pure: the
same inputs always give the same forecast.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from .dates import FIRST_DATE, LAST_DATE, parse_date
from .model import Measurement
from .status import Plan, Thresholds

PERIODS = 6
"""How many of the latest measurements the trend is fitted to."""
MIN_POINTS = 3


@dataclass(frozen=True)
class Forecast:
    start: tuple[dt.date, float]  # the fitted line at the first measurement used
    projected: float  # the line's value on the target date
    target_date: dt.date
    reached: bool  # at this pace, the target is met by its date
    when: dt.date | None  # the day the line first meets the target (None: never, at this pace)


def forecast(plan: Plan | None, points: list[Measurement], as_of: dt.date,
             thresholds: Thresholds = Thresholds()) -> Forecast | None:
    """The projection, or None without a plan or with fewer than MIN_POINTS measurements."""
    usable = [(parse_date(p.date), p.value) for p in points if parse_date(p.date) and parse_date(p.date) <= as_of]
    recent = usable[-PERIODS:]
    if plan is None or len(recent) < MIN_POINTS or len({d for d, _ in recent}) < 2:
        return None
    xs = [d.toordinal() for d, _ in recent]
    ys = [v for _, v in recent]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sum((x - mean_x) ** 2 for x in xs)
    intercept = mean_y - slope * mean_x

    def line(day: dt.date) -> float:
        return intercept + slope * day.toordinal()

    projected = line(plan.target_date)
    if not math.isfinite(projected):
        return None
    return Forecast((recent[0][0], line(recent[0][0])), projected, plan.target_date,
                    _meets(plan, projected, thresholds), _when(plan, slope, intercept, recent[-1][0], thresholds))


def _meets(plan: Plan, value: float, thresholds: Thresholds) -> bool:
    if plan.direction == "hold":
        return abs(value - plan.target) <= thresholds.on_track * (abs(plan.target) or 1.0)
    return value >= plan.target if plan.direction == "increase" else value <= plan.target


def _when(plan: Plan, slope: float, intercept: float, after: dt.date, thresholds: Thresholds) -> dt.date | None:
    """The first day from the latest measurement on which the line meets the target."""
    if _meets(plan, intercept + slope * after.toordinal(), thresholds):
        return after
    if slope == 0 or plan.direction == "hold":
        return None
    day = math.ceil((plan.target - intercept) / slope)
    if day < after.toordinal() or not FIRST_DATE.toordinal() <= day <= LAST_DATE.toordinal():
        return None  # moving away from the target, or not within the calendar a playbook uses
    return dt.date.fromordinal(day)
