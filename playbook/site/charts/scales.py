"""Measurements over time and the scales that place them on a chart.

`Linear` maps values to pixels, `Timeline` maps dates to pixels; `nice_ticks`
and `date_ticks` choose round tick positions (1, 2 or 5 times a power of ten;
whole months, quarters or years) so axis labels read naturally.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from playbook import i18n


@dataclass(frozen=True)
class Point:
    """One measurement."""

    date: dt.date
    value: float


def real(value: object) -> float | None:
    """The value as a float when it is a finite number, else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def finite(points: list[Point]) -> list[Point]:
    """The points with a real value, in date order."""
    return sorted((p for p in points if real(p.value) is not None), key=lambda p: p.date)


@dataclass(frozen=True)
class Linear:
    lo: float
    hi: float
    start: float  # pixel of lo
    end: float  # pixel of hi

    def __call__(self, value: float) -> float:
        if self.hi == self.lo:
            return (self.start + self.end) / 2
        return self.start + (value - self.lo) / (self.hi - self.lo) * (self.end - self.start)


@dataclass(frozen=True)
class Timeline:
    first: dt.date
    last: dt.date
    start: float
    end: float

    def __call__(self, day: dt.date) -> float:
        span = (self.last - self.first).days
        if span <= 0:
            return (self.start + self.end) / 2
        return self.start + (day - self.first).days / span * (self.end - self.start)

    def contains(self, day: dt.date) -> bool:
        return self.first <= day <= self.last


VALUE_LIMIT = 1e300
"""Values beyond this magnitude are placed at it, so a range's span stays a finite number."""


def padded(lo: float, hi: float) -> tuple[float, float]:
    """A value range that is never empty and never overflows."""
    lo, hi = (max(-VALUE_LIMIT, min(VALUE_LIMIT, v)) for v in (lo, hi))
    if hi > lo:
        return lo, hi
    pad = abs(lo) * 0.1 or 1.0
    return lo - pad, hi + pad


def nice_step(span: float, count: int) -> float:
    raw = span / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    factor = next((f for f in (1, 2, 2.5, 5) if raw <= f * power), 10)
    return round(factor * power, 12) or factor * power  # trim float noise, but keep a tiny step


def decimals_of(step: float) -> int:
    """How many decimals print a multiple of step exactly."""
    decimals = 0
    while decimals < 12 and abs(round(step, decimals) - step) > step * 1e-9:
        decimals += 1
    return decimals


def nice_ticks(lo: float, hi: float, count: int = 5) -> tuple[list[float], int]:
    """Round tick values covering [lo, hi], and the decimals their labels need."""
    lo, hi = padded(lo, hi)
    step = nice_step(hi - lo, count)
    first, last = math.floor(lo / step + 1e-9), math.ceil(hi / step - 1e-9)
    return [i * step for i in range(first, last + 1)], decimals_of(step)


def add_months(day: dt.date, months: int) -> dt.date:
    """The first of the month, `months` after day's month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_ticks(first: dt.date, last: dt.date, step: int) -> list[dt.date]:
    """Month starts in [first, last] whose month index is a multiple of step
    (so quarters start in January, April, July and October)."""
    day = first if first.day == 1 else add_months(first, 1)
    day = add_months(day, -(day.year * 12 + day.month - 1) % step)
    ticks = []
    while day <= last:
        ticks.append(day)
        day = add_months(day, step)
    return ticks


def date_ticks(first: dt.date, last: dt.date, max_ticks: int) -> list[tuple[dt.date, str]]:
    """Dates with labels between first and last: whole months, quarters or years
    when the span allows, else evenly spaced days."""
    max_ticks = max(max_ticks, 2)
    months = (last.year - first.year) * 12 + last.month - first.month
    for step in (1, 2, 3, 6, 12, 24, 60, 120, 600, 1200):
        if months / step > max_ticks + 1:
            continue
        ticks = month_ticks(first, last, step)
        if len(ticks) > max_ticks:
            continue
        if len(ticks) < 2:
            break
        return [(day, str(day.year) if step % 12 == 0 else i18n.month(day))
                for day in ticks]
    days = max((last - first).days, 0)
    every = max(1, math.ceil(days / (max_ticks - 1)))
    return [(day, i18n.day_month(day))
            for day in (first + dt.timedelta(days=i) for i in range(0, days + 1, every))]
