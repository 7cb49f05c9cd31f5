"""A KPI's numbers for people: its plan in words, its status, chart and measurements.

Used by the KPI page, the scorecard and the alignment statements. Status values
come from `View.status`, which withholds them (with the measurements) from
editions below the KPI's `measurements_visibility`.
"""
from __future__ import annotations

import datetime as dt
import math

from markupsafe import Markup, escape

from playbook import i18n
from playbook.check.forecast import (
    FAR,
    FEW,
    HORIZON,
    MIN_POINTS,
    PASSED,
    PLAN,
    UNCERTAIN,
    Forecast,
)
from playbook.content.dates import parse_date
from playbook.content.model import Entity
from playbook.i18n import N_, _
from playbook.i18n.terms import kind_title, kind_word, value_text
from playbook.site.charts.kpi_chart import kpi_chart
from playbook.site.charts.scales import Point
from playbook.site.charts.sparkline import sparkline
from playbook.site.render.actions import actions_text
from playbook.site.render.context import Ctx
from playbook.site.render.formats import badge, date, decimals_of, number
from playbook.site.render.html import admonition, details, dl, el, svg, table, td
from playbook.site.render.markdown_page import heading

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
        change = _("{baseline} \u2192 {target} by {date}", baseline=number(base[1]), target=number(target[1]),
                   date=i18n.date(target[0]))
    elif target:
        change = _("target {value} by {date}", value=number(target[1]), date=i18n.date(target[0]))
    return "; ".join(part for part in (unit(kpi), change) if part)


def points(kpi: Entity, ctx: Ctx) -> list[Point]:
    return [Point(parse_date(m.date), m.value) for m in ctx.view.points(kpi) if parse_date(m.date)]


def kpi_sparkline(kpi: Entity, ctx: Ctx, status: str, width: int = 120, height: int = 32) -> Markup:
    """The KPI's measurements against its plan, small (drawn once per size: several pages show it)."""
    def draw() -> Markup:
        target, base = plan_point(kpi, "target"), plan_point(kpi, "baseline")
        return Markup(sparkline(points(kpi, ctx), target=target[1] if target else None,
                                baseline=base[1] if base else None, status=status, label=kpi.title,
                                show_status=False, width=width, height=height))
    return ctx.view.part(("sparkline", kpi.key, status, width, height), draw)


def target_text(kpi: Entity) -> Markup:
    target = plan_point(kpi, "target")
    if target is None:
        return Markup("")
    return _("{value} by {date}", value=number(target[1], unit(kpi)), date=date(target[0]))


def plan_values(kpi: Entity) -> list[float]:
    """The baseline and target values the KPI gives."""
    return [p[1] for p in (plan_point(kpi, "baseline"), plan_point(kpi, "target")) if p]


def worked_out(value: float, unit_of: Entity, values: list[float]) -> str:
    """A value worked out from the KPI's numbers (expected, projected): as precise as those numbers
    and never more than three significant digits' worth of decimals, so 73,473,980.309 reads
    73,473,980 and 0.1234 stays 0.123."""
    magnitude = math.floor(math.log10(abs(value))) if value and math.isfinite(value) else 0
    return number(value, unit(unit_of), max(0, min(decimals_of(values), 2 - magnitude)))


def expected_text(kpi: Entity, status) -> str:
    """What the plan expects, as precise as the KPI's own numbers and no more."""
    return worked_out(status.expected, kpi, [status.latest.value, *plan_values(kpi)])


def projected_text(kpi: Entity, ahead: Forecast) -> str:
    """The forecast's value on the target date, as precise as the KPI's plan."""
    return worked_out(ahead.projected, kpi, plan_values(kpi))


def chart(kpi: Entity, ctx: Ctx) -> str:
    """The KPI's chart: measurements, plan, status and, where there is one, the forecast
    (drawn once: the KPI's page and the print page show the same)."""
    return ctx.view.part(("kpi-chart", kpi.key), lambda: _chart(kpi, ctx))


def _chart(kpi: Entity, ctx: Ctx) -> str:
    ahead = ctx.view.forecast(kpi)
    return kpi_chart(points(kpi, ctx), baseline=plan_point(kpi, "baseline"), target=plan_point(kpi, "target"),
                     as_of=ctx.view.as_of, status=ctx.view.status(kpi).status, unit=unit(kpi), title=kpi.title,
                     projection=(ahead.start, ahead.end) if isinstance(ahead, Forecast) else None,
                     projection_text=forecast_text(kpi, ctx).striptags())


NO_FORECAST = {  # why there is no forecast: (on the KPI page, in the scorecard's column)
    FEW: (N_("Not enough measurements for a forecast (it needs {count} on or before the as-of date)."),
          N_("too few measurements")),
    PLAN: (N_("No forecast: the baseline or target is incomplete."), N_("no plan")),
    PASSED: (N_("No forecast: the target date has passed; the status tells whether the target was met."),
             N_("target date passed")),
    FAR: (N_("No forecast: the target date ({date}) lies more than {horizon} times as far beyond the latest "
             "measurement as the measurements the trend is fitted to span."), N_("too far ahead")),
    UNCERTAIN: (N_("No forecast: the measurements scatter too much around their trend to project it to {date}."),
                N_("trend too uncertain")),
}


def no_forecast_text(kpi: Entity, why: str, short: bool = False) -> str:
    target = plan_point(kpi, "target")
    words = {"count": number(MIN_POINTS), "date": date(target[0]) if target else "", "horizon": number(HORIZON)}
    return _(NO_FORECAST[why][1 if short else 0], **words)


def forecast_text(kpi: Entity, ctx: Ctx) -> Markup:
    """What the recent trend says about the target, or why it says nothing."""
    ahead = ctx.view.forecast(kpi)
    if not isinstance(ahead, Forecast):
        return escape(no_forecast_text(kpi, ahead.why)) if ahead else Markup("")
    names = {"value": projected_text(kpi, ahead), "date": date(ahead.target_date),
             "when": date(ahead.when) if ahead.when else ""}
    if ahead.limited:
        if not ahead.reached:
            return _("At this pace it reaches {value}, the unit's limit, before {date}: the target is not reached.", **names)
        return _("At this pace it reaches {value}, the unit's limit, before {date}: the target is reached, first on {when}.",
                 **names) if ahead.when else \
            _("At this pace it reaches {value}, the unit's limit, before {date}: the target is reached.", **names)
    if ahead.reached:
        return _("At this pace {value} by {date}: the target is reached, first on {when}.", **names) if ahead.when \
            else _("At this pace {value} by {date}: the target is reached.", **names)
    return _("At this pace {value} by {date}: the target is not reached (at this pace it would be on {when}).", **names) \
        if ahead.when else _("At this pace {value} by {date}: the target is not reached.", **names)


def status_facts(kpi: Entity, ctx: Ctx) -> Markup:
    status = ctx.view.status(kpi)
    latest = status.latest
    return dl([
        (_("Status"), badge(status.status)),
        (_("Why"), reason_text(status, kpi)),
        (_("Latest"), _("{value} on {date}", value=number(latest.value, unit(kpi)), date=date(latest.date)) if latest else None),
        (_("Expected then"), expected_text(kpi, status) if status.expected is not None else None),
        (_("Target"), target_text(kpi)),
        (_("Forecast"), forecast_text(kpi, ctx)),
        (_("Corrective action"), actions_text(kpi, ctx)),
        (_("As of"), date(ctx.view.as_of)),
    ], class_="pb-facts")


def reason_text(status, kpi: Entity) -> str:
    """Why the status is what it is, in the site's language (`Status.why` names the message)."""
    if not status.why:
        return ""
    args = {key: i18n.date(v) if isinstance(v, dt.date) else value_text(v) for key, v in status.why_args}
    return _(status.why, **args)


def kpi_blocks(kpi: Entity, ctx: Ctx, thresholds_href: str) -> list:
    """The status, chart and measurements sections of a KPI page."""
    if not ctx.view.measurements_shown(kpi):
        return [heading(_("Status")), admonition("info", _("Measurements not published"), el(
            "p", _("This edition shows how the {kind} is defined; its measurements and status are not published here.",
                   kind=kind_word("kpi"))))]
    status = ctx.view.status(kpi)
    blocks = [heading(_("Status")), status_facts(kpi, ctx)]
    if status.stale:
        blocks.append(admonition("warning", _("Stale data"), el("p", _(
            "The latest measurement ({date}) is older than the {cadence} cadence allows, so it cannot show where the "
            "{kind} stands now; on its own it would read {reading}.", date=date(status.latest.date),
            cadence=value_text(kpi.data.get("cadence") or "monthly"), kind=kind_word("kpi"),
            reading=badge(status.reading)))))
    blocks.append(el("p", _("How the status is worked out: see {method}.", method=el(
        "a", _("{kind} status method", kind=kind_title("kpi")), href=thresholds_href)), class_="pb-note"))
    blocks += [svg(chart(kpi, ctx), class_="pb-figure"), heading(_("Measurements")), measurements(kpi, ctx)]
    return blocks


def measurements(kpi: Entity, ctx: Ctx) -> Markup:
    """Every measurement, newest first. Search reads a row only where its note says something:
    dates and figures found on every KPI's page would match any query for a month or a number,
    and the latest stands in the status above. A table without a note is left out whole."""
    points = list(reversed(ctx.view.points(kpi)))
    if not points:
        return el("p", _("No measurements yet."), class_="pb-empty")
    rows = [[td(date(m.date), sort=m.date), td(number(m.value), sort=repr(m.value)), m.note] for m in points]
    noted = any(m.note for m in points)
    value = _("Value ({unit})", unit=unit(kpi)) if unit(kpi) else _("Value")
    out = table([_("Date"), value, _("Note")], rows, listing=not noted,
                unsearched=[not m.note for m in points] if noted else None)
    if len(rows) > LONG_TABLE:
        return details(_("All {count} measurements, newest first", count=number(len(rows))), out)
    return out
