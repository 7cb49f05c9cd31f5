"""The scorecard: every KPI's status under its goal, goals rolled up under their strategy.

Per KPI: status in words and colour, the latest value against what the plan
expects on its date, the target, and a sparkline with the target line. Per goal
and strategy: the worst status of what measures them (`playbook.status.roll_up`).
The page ends with the status method and the thresholds in force.
"""
from __future__ import annotations

from markupsafe import Markup

from ..charts.sparkline import sparkline
from ..model import Entity
from ..forecast import MIN_POINTS, PERIODS
from ..status import ACHIEVED, AT_RISK, MISSED, NO_DATA, OFF_TRACK, ON_TRACK, STALE, STATUSES
from .context import Ctx
from .formats import badge, date, number
from .html import el, lines, table, td, ul
from .kpi import expected_text, plan_point, points, projected_text, target_text, unit
from .page import SitePage, heading, make_page
from .view import title_key

HEAD = ["Goal and its KPIs", "Status", "Latest", "Expected", "Target", "Forecast", "Trend"]


def kpi_row(kpi: Entity, ctx: Ctx) -> list:
    status = ctx.view.status(kpi)
    name = td(ctx.link(kpi), class_="pb-kpi-cell")
    if status is None:
        return [name, el("span", "not published in this edition", class_="pb-muted"), "", "", target_text(kpi), "", ""]
    latest = status.latest
    target = plan_point(kpi, "target")
    base = plan_point(kpi, "baseline")
    spark = sparkline(points(kpi, ctx), target=target[1] if target else None, baseline=base[1] if base else None,
                      status=status.status, label=kpi.title, show_status=False)
    return [name, badge(status.status),
            Markup("{} ({})").format(number(latest.value, unit(kpi)), date(latest.date)) if latest else "",
            expected_text(kpi, status) if status.expected is not None and latest else "",
            target_text(kpi), forecast_cell(kpi, ctx), Markup(spark)]


def forecast_cell(kpi: Entity, ctx: Ctx) -> Markup:
    """'on pace', or the shortfall the trend projects, or too little data."""
    ahead = ctx.view.forecast(kpi)
    if ahead is None:
        return el("span", "too few measurements", class_="pb-muted")
    if ahead.reached:
        return el("span", "on pace", class_="pb-state pb-state--active")
    return Markup("{} {}").format(el("span", "short:", class_="pb-state pb-state--overdue"), projected_text(kpi, ahead))


def goal_rows(goal: Entity, ctx: Ctx) -> list[list]:
    head = [td(ctx.link(goal), class_="pb-goal-cell"), td(badge(ctx.view.goal_status(goal)), colspan=len(HEAD) - 1)]
    kpis = ctx.view.goal_kpis(goal)
    rows = [head] + [kpi_row(k, ctx) for k in kpis]
    if not kpis:
        rows.append([td("No KPI measures this goal yet.", class_="pb-kpi-cell pb-empty", colspan=len(HEAD))])
    return rows


def goals_block(goals: list[Entity], ctx: Ctx, first: list[list] = ()) -> Markup:
    """The scorecard table: `first` rows (a strategy's own indicators), then each goal and its KPIs."""
    rows = list(first) + [row for goal in sorted(goals, key=title_key) for row in goal_rows(goal, ctx)]
    return table(HEAD, rows, sortable=False, class_="pb-scorecard")


def strategy_block(strategy: Entity, ctx: Ctx) -> Markup:
    goals = ctx.view.related(strategy, "goals", "goal")
    title = el("h2", Markup("{} {}").format(ctx.link(strategy), badge(ctx.view.strategy_status(strategy))))
    indicators = ctx.view.strategy_kpis(strategy)
    own = [td(el("strong", "Strategy-level indicators"), class_="pb-goal-cell", colspan=len(HEAD))]
    rows = ([own] + [kpi_row(k, ctx) for k in indicators]) if indicators else []
    body = goals_block(goals, ctx, rows) if goals or rows else el("p", "No goal supports this strategy yet.", class_="pb-empty")
    return el("section", lines(title, body), class_="pb-strategy")


def method(ctx: Ctx) -> list:
    t = ctx.view.thresholds
    items = [
        "The plan is a straight line from the KPI's baseline (value and date) to its target (value and date).",
        "The latest measurement on or before the as-of date is compared with the value the plan expects on that measurement's date.",
        f"The shortfall is how far it lags the plan, as a share of the whole planned change (for 'hold' KPIs, of the target). "
        f"Up to {t.on_track:.0%}: {ON_TRACK}; up to {t.at_risk:.0%}: {AT_RISK}; beyond: {OFF_TRACK}. "
        f"No measurement yet, or a date before the baseline: {NO_DATA}.",
        f"Once the target date has passed: {ACHIEVED} when the latest measurement meets the target, {MISSED} when it does not.",
        f"A latest measurement older than {t.stale_periods} cadence periods (on the as-of date, or on the target date once it "
        f"has passed) makes the status {STALE}: an old reading never stands for today. KPIs measured on events "
        "(cadence 'per-event') never go stale by time.",
        f"A goal shows the worst status of the KPIs that measure it, directly or through its tactics ({', '.join(STATUSES[:-1])}, "
        f"best first; {MISSED} counts as {OFF_TRACK}); a strategy the worst of its goals. KPIs with no data are left out of the roll-up.",
        "The thresholds are set in the content folder's playbook.yml (status: on_track, at_risk, stale_periods).",
        f"Forecast: a least-squares straight line through the latest {PERIODS} measurements, projected to the target "
        f"date; 'on pace' when it meets the target by then. With fewer than {MIN_POINTS} measurements there is no forecast.",
    ]
    return [heading("How status is worked out"), ul(items, class_="pb-method")]


def scorecard_page(ctx: Ctx) -> SitePage:
    ctx = ctx.at("scorecard.md")
    view = ctx.view
    blocks = [el("p", Markup("Status as of {}. Goals roll up the worst status of their KPIs; strategies the worst of their goals.").format(
        date(view.as_of)), class_="pb-intro")]
    blocks += [strategy_block(s, ctx) for s in sorted(view.of_kind("strategy"), key=title_key)]
    loose = view.loose_goals()
    if loose:
        blocks += [heading("Goals without a strategy"), goals_block(loose, ctx)]
    blocks += method(ctx)
    return make_page("scorecard.md", "Scorecard", blocks, description="Status of every KPI, rolled up per goal and strategy.",
                     section="Overview", in_nav=True, wide=True)
