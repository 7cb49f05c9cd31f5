"""A KPI's numbers for people: its plan in words, its status, chart and measurements.

Used by the KPI page, the scorecard and the alignment statements. Status values
come from `View.status`, which withholds them (with the measurements) from
editions below the KPI's `measurements_visibility`.
"""
from __future__ import annotations

import datetime as dt

from markupsafe import Markup, escape

from ..charts.kpi_chart import kpi_chart
from ..charts.scales import Point
from ..dates import parse_date
from ..forecast import MIN_POINTS
from ..model import Entity
from .context import Ctx
from .formats import badge, date, date_text, decimals_of, number
from .html import admonition, details, dl, el, svg, table, td
from .page import heading

LONG_TABLE = 12  # measurement tables longer than this start collapsed


def unit(kpi: Entity) -> str:
    value = kpi.data.get("unit")
    return str(value) if value else ""


def plan_point(kpi: Entity, name: str) -> tuple[dt.date, float] | None:
    """(date, value) of the KPI's baseline or target, when both parts are there."""
    spec = kpi.data.get(name)
    if not isinstance(spec, dict):
        return None
    day, value = parse_date(spec.get("date")), spec.get("value")
    if day is None or not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    return day, float(value)


def plan_text(kpi: Entity) -> str:
    """'applications; 40 → 120 by 30 Jun 2027', with whatever parts the KPI has."""
    base, target = plan_point(kpi, "baseline"), plan_point(kpi, "target")
    change = ""
    if base and target:
        change = f"{number(base[1])} \u2192 {number(target[1])} by {date_text(target[0])}"
    elif target:
        change = f"target {number(target[1])} by {date_text(target[0])}"
    return "; ".join(part for part in (unit(kpi), change) if part)


def points(kpi: Entity, ctx: Ctx) -> list[Point]:
    return [Point(parse_date(m.date), m.value) for m in ctx.view.points(kpi) if parse_date(m.date)]


def target_text(kpi: Entity) -> Markup:
    target = plan_point(kpi, "target")
    if target is None:
        return Markup("")
    return Markup("{} by {}").format(number(target[1], unit(kpi)), date(target[0]))


def plan_values(kpi: Entity) -> list[float]:
    """The baseline and target values the KPI gives."""
    return [p[1] for p in (plan_point(kpi, "baseline"), plan_point(kpi, "target")) if p]


def expected_text(kpi: Entity, status) -> str:
    """What the plan expects, as precise as the KPI's own numbers and no more."""
    return number(status.expected, unit(kpi), decimals_of([status.latest.value, *plan_values(kpi)]))


def projected_text(kpi: Entity, ahead) -> str:
    """The forecast's value on the target date, as precise as the KPI's plan."""
    return number(ahead.projected, unit(kpi), decimals_of(plan_values(kpi)))


def chart(kpi: Entity, ctx: Ctx) -> str:
    """The KPI's chart: measurements, plan, status and, where there is one, the forecast."""
    ahead = ctx.view.forecast(kpi)
    return kpi_chart(points(kpi, ctx), baseline=plan_point(kpi, "baseline"), target=plan_point(kpi, "target"),
                     as_of=ctx.view.as_of, status=ctx.view.status(kpi).status, unit=unit(kpi), title=kpi.title,
                     projection=(ahead.start, (ahead.target_date, ahead.projected)) if ahead else None)


def forecast_text(kpi: Entity, ctx: Ctx) -> Markup:
    """What the recent trend says about the target, or that there is too little to say."""
    ahead = ctx.view.forecast(kpi)
    if ahead is None:
        return escape(f"Not enough measurements for a forecast (it needs {MIN_POINTS} on or before the as-of date).")
    value = projected_text(kpi, ahead)
    if ahead.reached:
        when = Markup(", first on {}").format(date(ahead.when)) if ahead.when else ""
        return Markup("At this pace {} by {}: the target is reached{}.").format(value, date(ahead.target_date), when)
    later = Markup(" (at this pace it would be on {})").format(date(ahead.when)) if ahead.when else ""
    return Markup("At this pace {} by {}: the target is not reached{}.").format(value, date(ahead.target_date), later)


def status_facts(kpi: Entity, ctx: Ctx) -> Markup:
    status = ctx.view.status(kpi)
    latest = status.latest
    return dl([
        ("Status", badge(status.status)),
        ("Why", status.reason),
        ("Latest", Markup("{} on {}").format(number(latest.value, unit(kpi)), date(latest.date)) if latest else None),
        ("Expected then", expected_text(kpi, status) if status.expected is not None else None),
        ("Target", target_text(kpi)),
        ("Forecast", forecast_text(kpi, ctx)),
        ("As of", date(ctx.view.as_of)),
    ], class_="pb-facts")


def kpi_blocks(kpi: Entity, ctx: Ctx, thresholds_href: str) -> list:
    """The status, chart and measurements sections of a KPI page."""
    if not ctx.view.measurements_shown(kpi):
        return [heading("Status"), admonition("info", "Measurements not published", el(
            "p", "This edition shows how the KPI is defined; its measurements and status are not published here."))]
    status = ctx.view.status(kpi)
    blocks = [heading("Status"), status_facts(kpi, ctx)]
    if status.stale:
        blocks.append(admonition("warning", "Stale data", el("p", Markup(
            "The latest measurement ({}) is older than the {} cadence allows, so it cannot show where the KPI "
            "stands now; on its own it would read {}.").format(
            date(status.latest.date), kpi.data.get("cadence") or "monthly", status.reading))))
    blocks.append(el("p", Markup("How the status is worked out: see {}.").format(
        el("a", "KPI status method", href=thresholds_href)), class_="pb-note"))
    blocks += [svg(chart(kpi, ctx), class_="pb-figure"), heading("Measurements"), measurements(kpi, ctx)]
    return blocks


def measurements(kpi: Entity, ctx: Ctx) -> Markup:
    rows = [[td(date(m.date), sort=m.date), td(number(m.value), sort=repr(m.value)), m.note]
            for m in reversed(ctx.view.points(kpi))]
    if not rows:
        return el("p", "No measurements yet.", class_="pb-empty")
    out = table(["Date", "Value" + (f" ({unit(kpi)})" if unit(kpi) else ""), "Note"], rows)
    if len(rows) > LONG_TABLE:
        return details(f"All {len(rows)} measurements, newest first", out)
    return out
