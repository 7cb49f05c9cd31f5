"""The scorecard: every KPI's status under its goal, goals rolled up under their strategy.

Per KPI: status in words and colour, the owner's latest commentary in a line, the
latest value against what the plan expects on its date, the target, and a sparkline
with the target line. Per goal
and strategy: the worst status of what measures them (`playbook.check.status.roll_up`).
The page ends with the status method and the thresholds in force.
"""
from __future__ import annotations

from markupsafe import Markup

from playbook.check.forecast import HORIZON, MIN_POINTS, PERIODS, Forecast
from playbook.check.site_paths import SCORECARD_PATH
from playbook.check.status import STATUSES
from playbook.content.model import Entity
from playbook.i18n import _, percent
from playbook.i18n.terms import kind_word, kind_words, value_text
from playbook.site.render.actions import actions_text
from playbook.site.render.commentary import note_line
from playbook.site.render.context import Ctx
from playbook.site.render.formats import badge, date, kind_title, number, status_text
from playbook.site.render.html import el, lines, table, td, ul
from playbook.site.render.kpi import (
    expected_text,
    kpi_sparkline,
    no_forecast_text,
    plan_point,
    projected_text,
    target_text,
    unit,
)
from playbook.site.render.markdown_page import SitePage, heading, make_page
from playbook.site.render.view import title_key

COLUMNS = 7


def head() -> list[str]:
    return [_("{goal} and its {kpis}", goal=kind_title("goal"), kpis=kind_title("kpi", plural=True)), _("Status"), _("Latest"),
            _("Expected"), _("Target"), _("Forecast"), _("Trend")]


def method_heading() -> str:
    return _("How status is worked out")


def kpi_row(kpi: Entity, ctx: Ctx) -> list:
    status = ctx.view.status(kpi)
    action, note = actions_text(kpi, ctx), note_line(kpi, ctx)
    name = td(lines(ctx.link(kpi) + (Markup(" ") + note if note else Markup("")),
                    el("div", action, class_="pb-action") if action else None), class_="pb-kpi-cell")
    if status is None:
        return [name, el("span", _("not published in this edition"), class_="pb-muted"), "", "", target_text(kpi), "", ""]
    latest = status.latest
    spark = kpi_sparkline(kpi, ctx, status.status, width=140, height=36)
    return [name, badge(status.status),
            _("{value} ({date})", value=number(latest.value, unit(kpi)), date=date(latest.date)) if latest else "",
            expected_text(kpi, status) if status.expected is not None and latest else "",
            target_text(kpi), forecast_cell(kpi, ctx), Markup(spark)]


def forecast_cell(kpi: Entity, ctx: Ctx) -> Markup:
    """'on pace', or what the trend projects against the target, or why there is no forecast."""
    ahead = ctx.view.forecast(kpi)
    if not isinstance(ahead, Forecast):
        return el("span", no_forecast_text(kpi, ahead.why, short=True), class_="pb-muted") if ahead else Markup("")
    if ahead.reached:
        return el("span", _("on pace"), class_="pb-forecast-cell pb-forecast-cell--on-pace")
    return el("span", _("projected: {value} (target {target})", value=projected_text(kpi, ahead),
                        target=number(plan_point(kpi, "target")[1])),
              class_="pb-forecast-cell pb-forecast-cell--behind")


def goal_rows(goal: Entity, ctx: Ctx) -> list[list]:
    head = [td(ctx.link(goal), class_="pb-goal-cell"), td(badge(ctx.view.goal_status(goal)), colspan=COLUMNS - 1)]
    kpis = ctx.view.goal_kpis(goal)
    rows = [head] + [kpi_row(k, ctx) for k in kpis]
    if not kpis:
        rows.append([td(_("No {kpi} measures this {goal} yet.", **kind_words()), class_="pb-kpi-cell pb-empty", colspan=COLUMNS)])
    return rows


def goals_block(goals: list[Entity], ctx: Ctx, first: list[list] = ()) -> Markup:
    """The scorecard table: `first` rows (a strategy's own indicators), then each goal and its KPIs."""
    rows = list(first) + [row for goal in sorted(goals, key=title_key) for row in goal_rows(goal, ctx)]
    return table(head(), rows, sortable=False, class_="pb-scorecard", listing=True)


def strategy_block(strategy: Entity, ctx: Ctx) -> Markup:
    return ctx.view.part(("scorecard", ctx.path, strategy.key), lambda: _strategy_block(strategy, ctx))


def _strategy_block(strategy: Entity, ctx: Ctx) -> Markup:
    goals = ctx.view.related(strategy, "goals", "goal")
    title = el("h2", Markup("{} {}").format(ctx.link(strategy), badge(ctx.view.strategy_status(strategy))))
    indicators = ctx.view.strategy_kpis(strategy)
    own = [td(el("strong", _("{kind}-level indicators", kind=kind_title("strategy"))), class_="pb-goal-cell", colspan=COLUMNS)]
    rows = ([own] + [kpi_row(k, ctx) for k in indicators]) if indicators else []
    body = goals_block(goals, ctx, rows) if goals or rows else el("p", _("No {goal} supports this {strategy} yet.", **kind_words()), class_="pb-empty")
    return el("section", lines(title, body), class_="pb-strategy")


def method(ctx: Ctx) -> list:
    t = ctx.view.thresholds
    words = {**kind_words(), **{key.replace(" ", "_"): status_text(key) for key in STATUSES},
             "on_track_share": percent(t.on_track), "at_risk_share": percent(t.at_risk), "periods": number(t.stale_periods),
             "order": ", ".join(map(status_text, STATUSES[:-1])), "latest": number(PERIODS), "fewest": number(MIN_POINTS),
             "hold": value_text("hold"), "per_event": value_text("per-event")}
    items = [
        _("The plan is a straight line from the {kpi}'s baseline (value and date) to its target (value and date).", **words),
        _("The latest measurement on or before the as-of date is compared with the value the plan expects on that "
          "measurement's date.", **words),
        _("The shortfall is how far it lags the plan, as a share of the whole planned change (for '{hold}' {kpi_many}, of "
          "the target). Up to {on_track_share}: {on_track}; up to {at_risk_share}: {at_risk}; beyond: {off_track}. No "
          "measurement yet, or a date before the baseline: {no_data}.", **words),
        _("Once the target date has passed: {achieved} when the latest measurement meets the target, {missed} when it "
          "does not.", **words),
        _("A latest measurement older than {periods} cadence periods (on the as-of date, or on the target date once it "
          "has passed) makes the status {stale}: an old reading never stands for today. {kpi_many} measured on events "
          "(cadence '{per_event}') never go stale by time.", **words),
        _("A {goal} shows the worst status of the {kpi_many} that measure it, directly or through its {tactic_many} "
          "({order}, best first; {missed} counts as {off_track}); a {strategy} the worst of its {goal_many}. {kpi_many} "
          "with no data are left out of the roll-up.", **words),
        _("These thresholds are the organization's own, the same for the whole playbook."),
        _("Forecast: a least-squares straight line through the latest {latest} measurements, projected to the target "
          "date and held within the unit's natural bounds (a {kpi}'s own bounds, or from its unit: percentages 0 to "
          "100, scores and changes none, other units at least 0); '{on_pace}' when it meets the target by then, "
          "otherwise the projected value against the target.", on_pace=_("on pace"), **words),
        _("There is no forecast with fewer than {fewest} measurements, once the target date has passed, when the "
          "target date lies more than {horizon} times as far beyond the latest measurement as the measurements used "
          "span, or when the projection's standard error exceeds the plan's whole change (the measurements scatter "
          "too much for the trend to decide).", horizon=number(HORIZON), **words),
    ]
    return [heading(method_heading()), ul(items, class_="pb-method")]


def scorecard_page(ctx: Ctx) -> SitePage:
    ctx = ctx.at(SCORECARD_PATH)
    view = ctx.view
    blocks = [el("p", _("Status as of {date}. {goal_titles} roll up the worst status of their {kpi_many}; {strategy_many} "
                        "the worst of their {goal_many}.", date=date(view.as_of), goal_titles=kind_title("goal", plural=True),
                        **kind_words()), class_="pb-intro")]
    blocks += [strategy_block(s, ctx) for s in sorted(view.of_kind("strategy"), key=title_key)]
    loose = view.loose_goals()
    if loose:
        blocks += [heading(_("{kinds} without a {kind}", kinds=kind_title("goal", plural=True), kind=kind_word("strategy"))),
                   goals_block(loose, ctx)]
    blocks += method(ctx)
    return make_page(SCORECARD_PATH, _("Scorecard"), blocks,
                     description=_("Status of every {kpi}, rolled up per {goal} and {strategy}.", **kind_words()),
                     section=_("Overview"), in_nav=True, wide=True)
