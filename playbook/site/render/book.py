"""The briefing book's parts after its cover, shared by `playbook report` and the site's print page.

In reading order: the contents; the answer on one page (a tile per strategy with its status
and the KPI that holds it back, a table of every KPI with its movement since the last
report, the overdue decisions, what changed); what needs attention (each KPI with owner,
chart, latest note, forecast and corrective action); each strategy with its goals, where a KPI already shown
refers back to its chart instead of printing it again; the roadmap picture, the next
quarter's milestones, action items and reviews, each initiative's action items and the cost
per strategy; the risks that are not closed (grid and register); and the status
method. Every part is made from one
edition's view, so it holds nothing that edition hides.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from playbook.check.risks import state
from playbook.check.status import AT_RISK, MISSED, NO_DATA, OFF_TRACK, ORDER, STALE
from playbook.content.dates import parse_date
from playbook.content.model import Entity
from playbook.i18n import _
from playbook.i18n.terms import kind_word, kind_words
from playbook.site.charts.roadmap_chart import roadmap
from playbook.site.render.actions import actions_text
from playbook.site.render.context import Ctx
from playbook.site.render.due_page import WHAT, owner_text
from playbook.site.render.fields import value
from playbook.site.render.formats import (
    badge,
    date,
    kind_title,
    label,
    number,
    status_text,
)
from playbook.site.render.html import el, lines, svg, table, ul
from playbook.site.render.kpi import (
    chart,
    expected_text,
    forecast_text,
    kpi_sparkline,
    plan_point,
    target_text,
    unit,
)
from playbook.site.render.risk_register import grid, register_table
from playbook.site.render.risk_register import order as risk_order
from playbook.site.render.roadmap_page import bar, span, steps_and_costs
from playbook.site.render.scorecard import forecast_cell, method, method_heading
from playbook.site.render.view import View, title_key

ATTENTION = (MISSED, OFF_TRACK, STALE, AT_RISK)
QUARTER = dt.timedelta(days=92)


@dataclass
class Since:
    """The last report: its day, and the playbook as it stood then (from history, or the
    current content seen as of that day when there is no history)."""
    day: dt.date
    before: View
    label: str = ""  # how the book names it; the day when empty


@dataclass
class Printed:
    """Where each KPI's chart was first printed, so a later mention refers back to it."""
    charts: dict[str, str] = field(default_factory=dict)  # kpi id -> title of the part that shows it


def _worst(view: View, kpis: list[Entity]) -> Entity | None:
    judged = [k for k in kpis if view.status_word(k) not in (None, NO_DATA)]
    return max(judged, key=lambda k: (ORDER[view.status_word(k)], [-ord(c) for c in k.title.casefold()]),
               default=None)


def strategy_kpis(view: View, strategy: Entity) -> list[Entity]:
    kpis = {k.key: k for g in view.related(strategy, "goals", "goal") for k in view.goal_kpis(g)}
    kpis.update({k.key: k for k in view.strategy_kpis(strategy)})
    return sorted(kpis.values(), key=title_key)


def reason(view: View, strategy: Entity) -> str:
    """One sentence: why the strategy stands where it does, naming the KPI that holds it back."""
    kpis = strategy_kpis(view, strategy)
    worst = _worst(view, kpis)
    if worst is None:
        return _("No {kpi} of it has a measurement yet.", **kind_words())
    status = view.status(worst)
    if ORDER[status.status] <= ORDER["on track"]:
        return _("Every measured {kpi} is on track or better.", **kind_words())
    words = {"kpi_title": worst.title, "status": status_text(status.status)}
    if status.status == STALE:
        return _("Held back by \u2018{kpi_title}\u2019: its latest reading is out of date.", **words)
    latest = number(status.latest.value, unit(worst))
    if status.status == MISSED:
        return _("Held back by \u2018{kpi_title}\u2019 ({status}): {latest} against the target of {target}.",
                 latest=latest, target=number(plan_point(worst, "target")[1], unit(worst)), **words)
    return _("Held back by \u2018{kpi_title}\u2019 ({status}): {latest} where the plan expects {expected}.",
             latest=latest, expected=expected_text(worst, status), **words)


def _tiles(view: View) -> Markup:
    tiles = [el("div", lines(el("p", el("strong", s.title), " ", badge(view.strategy_status(s)), class_="pb-tile-title"),
                             el("p", reason(view, s))), class_="pb-tile")
             for s in sorted(view.of_kind("strategy"), key=lambda s: (-ORDER.get(view.strategy_status(s), -1), title_key(s)))]
    return el("div", lines(tiles), class_="pb-tiles") if tiles else el("p", _("No {strategy} yet.", **kind_words()),
                                                                        class_="pb-empty")


def movement(kpi: Entity, ctx: Ctx, since: dt.date) -> str:
    """How far the latest reading moved since the last report, in the KPI's unit."""
    readings = [(parse_date(m.date), m.value) for m in ctx.view.points(kpi)]
    readings = [(d, v) for d, v in readings if d and d <= ctx.view.as_of]
    then = [v for d, v in readings if d <= since]
    if not readings or readings[-1][0] <= since:
        return _("no new reading")
    if not then:
        return _("first reading")
    change = readings[-1][1] - then[-1]
    shown = number(abs(change), unit(kpi))
    return _("up {change}", change=shown) if change > 0 else _("down {change}", change=shown) if change < 0 \
        else _("unchanged")


def _kpi_table(view: View, ctx: Ctx, since: Since) -> Markup:
    rows = []
    for kpi in sorted(view.of_kind("kpi"), key=lambda k: (-ORDER.get(view.status_word(k) or NO_DATA, -1), title_key(k))):
        status = view.status(kpi)
        if status is None:
            rows.append([kpi.title, el("span", _("not published in this edition"), class_="pb-muted"), "", "",
                         target_text(kpi), "", ""])
            continue
        rows.append(view.part(("book-kpi-row", ctx.path, kpi.key, since.day), lambda: _kpi_row(kpi, ctx, status, since.day)))
    head = [kind_title("kpi"), label("status"), _("Trend"), _("Latest"), _("Target"), _("Forecast"),
            _("Since {date}", date=date(since.day))]
    return table(head, rows, sortable=False, class_="pb-kpi-table") if rows else Markup("")


def _kpi_row(kpi: Entity, ctx: Ctx, status, since: dt.date) -> list:
    spark = kpi_sparkline(kpi, ctx, status.status, width=90, height=24)
    latest = number(status.latest.value, unit(kpi)) if status.latest else ""
    return [kpi.title, badge(status.status), Markup(spark), latest, target_text(kpi),
            forecast_cell(kpi, ctx), movement(kpi, ctx, since)]


def _overdue(view: View, ctx: Ctx) -> Markup:
    return view.part(("book-overdue", ctx.path), lambda: _overdue_part(view, ctx))


def _due(view: View) -> list:
    """What falls due among the initiatives and policies: the roadmap's and the overdue list's, worked out once."""
    return view.part(("book-due",), lambda: view.due_among(view.of_kind("initiative") + view.of_kind("policy")))


def _overdue_part(view: View, ctx: Ctx) -> Markup:
    items = [i for i in _due(view) if i.overdue(view.as_of)]
    if not items:
        return el("p", _("Nothing is overdue."), class_="pb-empty")
    return ul([Markup("{} \u2014 {} ({})").format(_what(i), owner_text(i, ctx), date(i.date)) for i in items],
              class_="pb-compact")


def status_changes(view: View, before: View) -> list[Markup]:
    """Each goal and KPI whose status differs from the last report's, as 'title: was → now'."""
    changes = []
    for kind, status_of in (("goal", lambda v, e: v.goal_status(e)), ("kpi", lambda v, e: v.status_word(e))):
        for entity in sorted(view.of_kind(kind), key=title_key):
            old = before.graph.get(kind, entity.id)
            was = status_of(before, old) if old is not None and before.shows(old) else None
            now = status_of(view, entity)
            if was is not None and now is not None and was != now:
                changes.append(Markup("{}: {} \u2192 {}").format(entity.title, badge(was), badge(now)))
    return changes


def _changes(view: View, since: Since) -> Markup:
    before = since.before
    changes = status_changes(view, before)
    added = [g.title for g in view.of_kind("goal") if before.graph.get("goal", g.id) is None]
    retired = [g.title for g in before.of_kind("goal") if view.get("goal", g.id) is None]
    return lines(ul(changes, class_="pb-compact") if changes
                 else el("p", _("No {goal} or {kpi} changed status.", **kind_words()), class_="pb-empty"),
                 el("p", _("{kinds} added: {added}. {kinds} retired: {retired}.", kinds=kind_title("goal", plural=True),
                           added=", ".join(added) or _("none"), retired=", ".join(retired) or _("none"))))


def _since_text(since: Since) -> Markup:
    return escape(since.label) if since.label else date(since.day)


def _at_a_glance(ctx: Ctx, since: Since) -> Markup:
    view = ctx.view
    return lines(el("h2", _("At a glance"), id="at-a-glance"),
                 _tiles(view),
                 el("h3", _("Every {kpi}", **kind_words())), _kpi_table(view, ctx, since),
                 el("h3", _("Overdue decisions")), _overdue(view, ctx),
                 el("h3", _("What changed since {since}", since=_since_text(since))), _changes(view, since))


def _kpi_item(kpi: Entity, ctx: Ctx, printed: Printed, part: str, level: str = "h4") -> Markup:
    status = ctx.view.status(kpi)
    if status is None:  # the edition withholds its measurements
        return el("div", lines(el(level, kpi.title), el("p", _("Measurements not published in this edition."))),
                  class_="pb-item")
    if kpi.id in printed.charts:
        return el("p", Markup("{} {} \u2014 {}").format(el("strong", kpi.title), badge(status.status),
                                                       _("its chart is under \u2018{part}\u2019.", part=printed.charts[kpi.id])),
                  class_="pb-item pb-item--seen")
    printed.charts[kpi.id] = part
    return ctx.view.part(("book-kpi", ctx.path, kpi.key, level), lambda: _kpi_facts(kpi, ctx, status, level))


def _kpi_facts(kpi: Entity, ctx: Ctx, status, level: str) -> Markup:
    latest = status.latest
    owner = kpi.data.get("owner")
    owner_shown = value(kpi, owner, {}, ("owner",), ctx) if owner else escape(_("not named"))
    latest_text = _("{value} on {date}", value=number(latest.value, unit(kpi)), date=date(latest.date)) if latest else ""
    if latest and latest.note:
        latest_text = Markup("{} ({})").format(latest_text, latest.note)
    facts = [_("{label}: {value}", label=label("status"), value=badge(status.status)),
             _("{label}: {value}", label=label("owner"), value=owner_shown),
             _("{label}: {value}", label=_("Latest"), value=latest_text) if latest else _("No measurement yet"),
             forecast_text(kpi, ctx),
             _("{label}: {value}", label=_("Corrective action"),
               value=actions_text(kpi, ctx) or el("span", _("none named"), class_="pb-empty"))]
    return el("div", lines(el(level, kpi.title), ul(facts), svg(chart(kpi, ctx), class_="pb-figure pb-book-chart")),
              class_="pb-item")


def _attention(ctx: Ctx, printed: Printed) -> Markup:
    view = ctx.view
    part = _("Needs attention")
    kpis = [k for k in view.of_kind("kpi") if view.status_word(k) in ATTENTION]
    kpis.sort(key=lambda k: (ATTENTION.index(view.status_word(k)), title_key(k)))
    body = [_kpi_item(k, ctx, printed, part, "h3") for k in kpis] or [el("p", _("Nothing needs attention."), class_="pb-empty")]
    return lines(el("h2", part, id="needs-attention"), *body)


def _strategies(ctx: Ctx, printed: Printed) -> list[Markup]:
    """A part per strategy; each is made once for what it reads and where its KPIs' charts
    were printed before it (a change elsewhere leaves it as it was)."""
    view = ctx.view
    parts = []
    for strategy in sorted(view.of_kind("strategy"), key=title_key):
        goals = sorted(view.related(strategy, "goals", "goal"), key=title_key)
        kpis = [k for goal in goals for k in view.goal_kpis(goal)]
        before = tuple((k.id, printed.charts.get(k.id)) for k in kpis)
        parts.append(view.part(("book-strategy", ctx.path, strategy.key, before),
                               lambda strategy=strategy, goals=goals, before=before:
                               _strategy(ctx, strategy, goals, Printed({k: p for k, p in before if p is not None}))))
        for kpi in kpis:
            if kpi.id not in printed.charts and view.status(kpi) is not None:
                printed.charts[kpi.id] = strategy.title  # as `_kpi_item` notes it
    return parts


def _strategy(ctx: Ctx, strategy: Entity, goals: list[Entity], printed: Printed) -> Markup:
    view = ctx.view
    items = [lines(el("h3", Markup("{} {}").format(goal.title, badge(view.goal_status(goal)))),
                   *[_kpi_item(k, ctx, printed, strategy.title) for k in view.goal_kpis(goal)]) for goal in goals]
    return el("section", lines(el("h2", Markup("{} {}").format(strategy.title, badge(view.strategy_status(strategy))),
                                  id=f"strategy-{strategy.id}"),
                               el("p", str(strategy.data.get("statement") or "")), reason_line(view, strategy),
                               *items), class_="pb-part")


def reason_line(view: View, strategy: Entity) -> Markup:
    return el("p", el("strong", reason(view, strategy)))


def _roadmap(ctx: Ctx) -> Markup:
    return ctx.view.part(("book-roadmap", ctx.path), lambda: _roadmap_part(ctx))


def _roadmap_part(ctx: Ctx) -> Markup:
    view = ctx.view
    items = [e for e in view.of_kind("initiative") if span(e)]
    picture = svg(roadmap([bar(e, ctx) for e in sorted(items, key=lambda e: (span(e), title_key(e)))], today=view.as_of,
                          title=_("Roadmap")), class_="pb-figure pb-book-roadmap") if items else None
    due = [i for i in _due(view) if i.date <= view.as_of + QUARTER]
    rows = [[date(i.date), _("overdue") if i.overdue(view.as_of) else "", _what(i), owner_text(i, ctx)] for i in due]
    return lines(el("h2", _("Roadmap and the next quarter"), id="roadmap"), picture,
                 el("h3", _("Milestones, action items and {policy} reviews", **kind_words())),
                 table([_("Date"), _("State"), _("What"), label("owner")], rows, sortable=False) if rows
                 else el("p", _("Nothing falls due."), class_="pb-empty"),
                 *steps_and_costs(items, ctx, lambda text: el("h3", text)))


def _what(item) -> str:
    what = _("{what} of {kind} \u2018{title}\u2019", what=_(WHAT[item.what]), kind=kind_word(item.entity.kind),
             title=item.entity.title)
    return f"{what}: {item.detail}" if item.detail else what


def _risks(view: View, ctx: Ctx) -> list[Markup]:
    """The risk register's grid and table, when the edition shows any risk that is not closed."""
    risks = sorted((r for r in view.of_kind("risk") if state(r) != "closed"), key=risk_order)
    if not risks:
        return []
    return [el("section", lines(el("h2", kind_title("risk", plural=True), id="risks"), svg(grid(risks), class_="pb-figure"),
                                register_table(risks, ctx)), class_="pb-part")]


def contents(view: View) -> Markup:
    """The book's parts, each a link to where it starts."""
    parts = [(f"#{ident}", text) for ident, text in (
        ("at-a-glance", _("At a glance")), ("needs-attention", _("Needs attention")))]
    parts += [(f"#strategy-{s.id}", s.title) for s in sorted(view.of_kind("strategy"), key=title_key)]
    if any(state(r) != "closed" for r in view.of_kind("risk")):
        parts.append(("#risks", kind_title("risk", plural=True)))
    parts += [("#roadmap", _("Roadmap and the next quarter")), ("#method", _("Appendix: {method}", method=method_heading()))]
    return el("nav", lines(el("h2", _("Contents")), el("ol", lines([el("li", el("a", text, href=href))
                                                                   for href, text in parts]))),
              class_="pb-contents", aria_label=_("Contents"))


def default_since(view: View, day: dt.date | None = None) -> Since:
    """Thirty days back, seen in the current content, when nothing better is known."""
    day = day or view.as_of - dt.timedelta(days=30)
    return Since(day, View(view.result, view.edition, day))


def book_blocks(ctx: Ctx, since: Since | None = None) -> list[Markup]:
    """The book's parts after its cover (which holds the `contents`), for the report and the
    site's print page."""
    view = ctx.view
    since = since or default_since(view)
    printed = Printed()
    return [el("section", _at_a_glance(ctx, since), class_="pb-part pb-glance"),
            el("section", _attention(ctx, printed), class_="pb-part"),
            *_strategies(ctx, printed),
            *_risks(view, ctx),
            el("section", _roadmap(ctx), class_="pb-part"),
            el("section", lines(el("h2", _("Appendix: {method}", method=method_heading()), id="method"), *method(ctx)[1:]),
               class_="pb-part")]
