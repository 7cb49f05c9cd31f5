"""The chart on a KPI page: measurements against the plan, and the status.

Date ticks along the bottom and value ticks on the left; the measurements as a
line with dots (each dot's tooltip reads "2026-03-01: 42 applications"); the
planned straight line from baseline to target, dashed; the target as a marked
point; a vertical line at the as-of date; and above the plot the status in
words, below it a legend.
"""
from __future__ import annotations

import datetime as dt

from playbook.i18n import _, date, number
from playbook.i18n.terms import status_text
from playbook.site import svg
from playbook.site.charts.scales import (
    Linear,
    Point,
    Timeline,
    date_ticks,
    finite,
    nice_ticks,
    real,
)
from playbook.site.charts.style import (
    ACCENT,
    FONT,
    GRID,
    INK,
    SMALL,
    SOFT_FILL,
    SOFT_LINE,
    status_class,
    status_colour,
)

TOP, BOTTOM, RIGHT = 44, 52, 24


def kpi_chart(points: list[Point], *, baseline: tuple[dt.date, float] | None,
              target: tuple[dt.date, float] | None, as_of: dt.date, status: str, unit: str,
              title: str, width: int = 720, height: int = 300,
              projection: tuple[tuple[dt.date, float], tuple[dt.date, float]] | None = None,
              projection_text: str = "") -> str:
    """`projection`: the forecast line, from its start to the target date (or to the day it
    reaches the unit's bound), drawn dotted; `projection_text` says what it means."""
    points, baseline, target = finite(points), _mark(baseline), _mark(target)
    projection = (_mark(projection[0]), _mark(projection[1])) if projection else None
    projection = projection if projection and all(projection) else None
    status = svg.clean(status) or "no data"  # the status id: its class and colour; people read status_text
    ident = svg.chart_id("kpi", title, tuple(points), baseline, target, as_of, status, unit)
    values = [p.value for p in points] + [v for __, v in filter(None, (baseline, target, *(projection or ())))]
    ticks, decimals = nice_ticks(min(values, default=0.0), max(values, default=1.0))
    labels = [number(t, decimals) for t in ticks]
    left = 30 + max(svg.text_width(text, SMALL) for text in labels)
    bottom = height - BOTTOM
    y = Linear(ticks[0], ticks[-1], bottom, TOP)
    x = _timeline(points, baseline, target, as_of, left, width - RIGHT)
    body = [_status_line(status, as_of, target, unit, width),
            *_value_axis(ticks, labels, y, left, width - RIGHT, unit),
            *_date_axis(x, bottom)]
    plan = _plan(baseline, target, x, y, unit)
    body += plan
    if projection:
        (d1, v1), (d2, v2) = projection
        text = projection_text or _("Forecast: {value} on {date} at the recent pace", value=svg.with_unit(v2, unit), date=date(d2))
        body.append(svg.el("line", svg.title(text),
                           x1=x(d1), y1=y(v1), x2=x(d2), y2=y(v2), stroke=ACCENT, stroke_width=1.5,
                           stroke_dasharray="1 4", stroke_linecap="round", class_="pb-forecast"))
    body.append(_as_of_line(as_of, x, TOP, bottom))
    body += _measurements(points, x, y, unit, status, as_of) if points else [
        svg.text((left + width - RIGHT) / 2, TOP + (bottom - TOP) / 3, _("No measurements yet"), text_anchor="middle",
                 font_size=FONT, **SOFT_FILL, class_="pb-empty")]
    later = any(p.date > as_of for p in points)
    body.append(_legend(bool(points), later, bool(plan), target is not None, height - 10, left, projection is not None))
    name = _("{title} (status: {status})", title=title, status=status_text(status))
    return svg.document(ident, name, _describe(points, baseline, target, as_of, status, unit),
                        width, height, body, class_="pb-kpi-chart")


def _mark(pair: tuple[dt.date, float] | None) -> tuple[dt.date, float] | None:
    """A (date, value) pair, or None when either part is unusable."""
    if not pair or not isinstance(pair[0], dt.date) or real(pair[1]) is None:
        return None
    return pair[0], float(pair[1])


def _timeline(points, baseline, target, as_of, start, end) -> Timeline:
    dates = [p.date for p in points] + [d for d, __ in filter(None, (baseline, target))] + [as_of]
    first, last = min(dates), max(dates)
    span = (last - first).days
    pad = dt.timedelta(days=max(3, span // 30, (60 - span) // 2))
    return Timeline(first - pad, last + pad, start, end)


def _status_line(status: str, as_of: dt.date, target, unit: str, width: float) -> str:
    rest = "\u00b7 " + _("as of {date}", date=date(as_of))
    if target:
        rest += " \u00b7 " + _("target {value} by {date}", value=svg.with_unit(target[1], unit), date=date(target[0]))
    lead = _("Status:")
    room = width - svg.text_width(f"{lead} {status_text(status)}", 13) * 1.1 - 6
    return svg.el("text", [
        svg.esc(lead) + " ",
        svg.el("tspan", svg.esc(status_text(status)), font_weight="bold", fill=status_colour(status),
               class_=f"pb-status {status_class(status)}"),
        svg.el("tspan", svg.esc(svg.truncate(rest, room, 13)), dx=6, **SOFT_FILL, class_="pb-muted"),
    ], x=0, y=16, font_size=13, fill=INK, class_="pb-status-line")


def _value_axis(ticks, labels, y: Linear, left, right, unit) -> list[str]:
    out = []
    for value, label in zip(ticks, labels):
        out.append(svg.el("line", None, x1=left, y1=y(value), x2=right, y2=y(value), stroke=GRID,
                          stroke_opacity=0.4, class_="pb-grid"))
        out.append(svg.text(left - 6, y(value) + SMALL * 0.35, label, text_anchor="end",
                            font_size=SMALL, fill=INK, class_="pb-tick"))
    if svg.clean(unit):
        middle = (y.start + y.end) / 2
        out.append(svg.text(12, middle, svg.truncate(unit, y.start - y.end, SMALL), text_anchor="middle",
                            font_size=SMALL, **SOFT_FILL, transform=f"rotate(-90 12 {svg.num(middle)})",
                            class_="pb-axis-title"))
    return out


def _date_axis(x: Timeline, bottom: float) -> list[str]:
    out = [svg.el("line", None, x1=x.start, y1=bottom, x2=x.end, y2=bottom, stroke=GRID, class_="pb-axis")]
    for day, label in date_ticks(x.first, x.last, int((x.end - x.start) // 90)):
        out.append(svg.el("line", None, x1=x(day), y1=bottom, x2=x(day), y2=bottom + 4, stroke=GRID,
                          class_="pb-axis"))
        out.append(svg.text(x(day), bottom + 17, label, text_anchor="middle", font_size=SMALL, fill=INK,
                            class_="pb-tick"))
    return out


def _plan(baseline, target, x: Timeline, y: Linear, unit: str) -> list[str]:
    """The plan line and the baseline and target marks (the status line above
    the plot names the target in words, so the marks need no labels)."""
    out = []
    if baseline and target:
        out.append(svg.el("line", svg.title(_("Plan: a straight line from baseline to target")),
                          x1=x(baseline[0]), y1=y(baseline[1]), x2=x(target[0]), y2=y(target[1]),
                          **SOFT_LINE, stroke_width=1.5, stroke_dasharray="6 4", class_="pb-plan"))
    if baseline:
        bx, by = x(baseline[0]), y(baseline[1])
        out.append(svg.el("rect", svg.title(_("Baseline: {value} on {date}", value=svg.with_unit(baseline[1], unit),
                                              date=date(baseline[0]))),
                          x=bx - 4, y=by - 4, width=8, height=8, fill="none", **SOFT_LINE, stroke_width=1.5,
                          class_="pb-baseline"))
    if target:
        tx, ty = x(target[0]), y(target[1])
        out.append(svg.el("g", [
            svg.title(_("Target: {value} by {date}", value=svg.with_unit(target[1], unit), date=date(target[0]))),
            svg.el("circle", None, cx=tx, cy=ty, r=7, fill="none", **SOFT_LINE, stroke_width=2),
            svg.el("circle", None, cx=tx, cy=ty, r=2.5, **SOFT_FILL),
        ], class_="pb-target"))
    return out


def _as_of_line(as_of: dt.date, x: Timeline, top: float, bottom: float) -> str:
    ax = x(as_of)
    right_half = ax > (x.start + x.end) / 2
    return svg.el("g", [
        svg.el("line", None, x1=ax, y1=top - 4, x2=ax, y2=bottom, stroke=INK, stroke_opacity=0.7,
               stroke_dasharray="2 3"),
        svg.text(ax + (-4 if right_half else 4), top - 8, _("As of {date}", date=date(as_of)),
                 text_anchor="end" if right_half else "start", font_size=SMALL, fill=INK),
    ], class_="pb-as-of")


def _measurements(points: list[Point], x: Timeline, y: Linear, unit: str, status: str,
                  as_of: dt.date) -> list[str]:
    """The line with a dot per measurement. The latest one on or before the
    as-of date (the one the status judges) is drawn in the status colour;
    later ones are hollow."""
    coords = " ".join(f"{svg.num(x(p.date))},{svg.num(y(p.value))}" for p in points)
    out = [svg.el("polyline", None, points=coords, fill="none", stroke=ACCENT, stroke_width=2,
                  stroke_linejoin="round", class_="pb-line")]
    known = [p for p in points if p.date <= as_of]
    latest = known[-1] if known else None
    for p in points:
        tip = f"{date(p.date)}: {svg.with_unit(p.value, unit)}"
        if p is latest:
            out.append(svg.el("circle", svg.title(_("{measurement} (latest as of {date}: {status})", measurement=tip, date=date(as_of), status=status_text(status))),
                              cx=x(p.date), cy=y(p.value), r=5, fill=status_colour(status), stroke=ACCENT,
                              stroke_width=1.5, class_=f"pb-dot pb-latest {status_class(status)}"))
        elif p.date > as_of:
            out.append(svg.el("circle", svg.title(_("{measurement} (after the as-of date)", measurement=tip)), cx=x(p.date), cy=y(p.value),
                              r=3, fill="none", stroke=ACCENT, stroke_width=1.5, class_="pb-dot pb-later"))
        else:
            out.append(svg.el("circle", svg.title(tip), cx=x(p.date), cy=y(p.value), r=3.5, fill=ACCENT,
                              class_="pb-dot"))
    return out


def _legend(measured: bool, later: bool, plan: bool, target: bool, baseline_y: float, left: float,
            projected: bool = False) -> str:
    items = []
    if measured:
        items.append((_("Measured"), [svg.el("line", None, x1=0, y1=-4, x2=22, y2=-4, stroke=ACCENT, stroke_width=2),
                                   svg.el("circle", None, cx=11, cy=-4, r=3.5, fill=ACCENT)]))
    if later:
        items.append((_("After the as-of date"), [svg.el("circle", None, cx=11, cy=-4, r=3, fill="none", stroke=ACCENT,
                                                      stroke_width=1.5)]))
    if plan:
        items.append((_("Plan (baseline to target)"), [svg.el("line", None, x1=0, y1=-4, x2=22, y2=-4, **SOFT_LINE,
                                                           stroke_width=1.5, stroke_dasharray="6 4")]))
    if target:
        items.append((_("Target"), [svg.el("circle", None, cx=11, cy=-4, r=6, fill="none", **SOFT_LINE,
                                        stroke_width=2),
                                 svg.el("circle", None, cx=11, cy=-4, r=2, **SOFT_FILL)]))
    if projected:
        items.append((_("Forecast"), [svg.el("line", None, x1=0, y1=-4, x2=22, y2=-4, stroke=ACCENT, stroke_width=1.5,
                                          stroke_dasharray="1 4", stroke_linecap="round")]))
    items.append((_("As-of date"), [svg.el("line", None, x1=11, y1=-12, x2=11, y2=4, stroke=INK,
                                        stroke_opacity=0.7, stroke_dasharray="2 3")]))
    out, at = [], left
    for label, swatch in items:
        out.append(svg.el("g", swatch + [svg.text(28, 0, label, font_size=SMALL, fill=INK)],
                          transform=f"translate({svg.num(at)} {svg.num(baseline_y)})"))
        at += 28 + svg.text_width(label, SMALL) + 18
    return svg.el("g", out, class_="pb-legend")


def _describe(points, baseline, target, as_of, status, unit) -> str:
    parts = []
    if points:
        last = points[-1]
        parts.append(_("{count} measurements from {first} to {last}; latest {value}", count=number(len(points)),
                       first=date(points[0].date), last=date(last.date), value=svg.with_unit(last.value, unit)))
    else:
        parts.append(_("No measurements yet"))
    if baseline:
        parts.append(_("baseline {value} on {date}", value=svg.with_unit(baseline[1], unit), date=date(baseline[0])))
    if target:
        parts.append(_("target {value} by {date}", value=svg.with_unit(target[1], unit), date=date(target[0])))
    parts.append(_("status {status} as of {date}", status=status_text(status), date=date(as_of)))
    return "; ".join(parts) + "."
