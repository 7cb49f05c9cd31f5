"""The briefing book's parts after its cover, shared by `playbook report` and the site's print page.

A summary (status counts by strategy, what changed since a revision or date, goals added
and retired), what needs attention (missed, off track, stale or at risk KPIs, each with
owner, chart, latest note, forecast and corrective action), each strategy with its goals and
KPI charts, the risks that are not closed (grid and register), the next quarter's milestones and policy reviews, and the status method. Every part is made
from one edition's view, so it holds nothing that edition hides.
"""
from __future__ import annotations

import datetime as dt

from markupsafe import Markup, escape

from playbook.check.risks import state
from playbook.check.status import AT_RISK, MISSED, OFF_TRACK, STALE, STATUSES
from playbook.i18n import _
from playbook.i18n.terms import kind_word, kind_words
from playbook.living.deadlines import due_items
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
from playbook.site.render.kpi import chart, forecast_text, unit
from playbook.site.render.risk_register import grid, register_table
from playbook.site.render.risk_register import order as risk_order
from playbook.site.render.scorecard import method, method_heading
from playbook.site.render.view import View, title_key

ATTENTION = (MISSED, OFF_TRACK, STALE, AT_RISK)


def _changes(view: View, before: View | None) -> Markup:
    if before is None:
        return el("p", _("Give --since REV or --since YYYY-MM-DD to list what changed."), class_="pb-empty")
    rows = []
    for kind, status_of in (("goal", lambda v, e: v.goal_status(e)), ("kpi", lambda v, e: v.status_word(e))):
        for entity in sorted(view.of_kind(kind), key=title_key):
            old = before.graph.get(kind, entity.id)
            was = status_of(before, old) if old is not None and before.shows(old) else None
            now = status_of(view, entity)
            if was is not None and now is not None and was != now:
                rows.append([kind_title(kind), entity.title, badge(was), badge(now)])
    added = [g.title for g in view.of_kind("goal") if before.graph.get("goal", g.id) is None]
    retired = [g.title for g in before.of_kind("goal") if view.graph.get("goal", g.id) is None]
    parts = [table([_("Kind"), label("title"), _("Was"), _("Now")], rows, sortable=False) if rows
             else el("p", _("No {goal} or {kpi} changed status.", **kind_words()), class_="pb-empty")]
    parts.append(el("p", _("{kinds} added: {added}. {kinds} retired: {retired}.", kinds=kind_title("goal", plural=True),
                           added=", ".join(added) or _("none"), retired=", ".join(retired) or _("none"))))
    return lines(parts)


def _summary(view: View, before: View | None, since: str | None) -> Markup:
    rows = []
    for strategy in sorted(view.of_kind("strategy"), key=title_key):
        counts = {s: 0 for s in STATUSES}
        for goal in view.related(strategy, "goals", "goal"):
            counts[view.goal_status(goal)] += 1
        rows.append([strategy.title, badge(view.strategy_status(strategy))]
                    + [number(counts[s]) for s in STATUSES])
    head = [kind_title("strategy"), label("status")] + [status_text(s) for s in STATUSES]
    return lines(el("h2", _("Summary")), table(head, rows, sortable=False),
                 el("h3", _("Changes since {since}", since=since) if since else _("Changes")), _changes(view, before))


def _kpi_item(kpi, ctx: Ctx) -> Markup:
    status = ctx.view.status(kpi)
    if status is None:  # the edition withholds its measurements
        return el("div", lines(el("h3", kpi.title), el("p", _("Measurements not published in this edition."))),
                  class_="pb-item")
    latest = status.latest
    owner = kpi.data.get("owner")
    owner_text = value(kpi, owner, {}, ("owner",), ctx) if owner else escape(_("not named"))
    latest_text = _("{value} on {date}", value=number(latest.value, unit(kpi)), date=date(latest.date)) if latest else ""
    if latest and latest.note:
        latest_text = Markup("{} ({})").format(latest_text, latest.note)
    facts = [_("{label}: {value}", label=label("status"), value=badge(status.status)),
             _("{label}: {value}", label=label("owner"), value=owner_text),
             _("{label}: {value}", label=_("Latest"), value=latest_text) if latest else _("No measurement yet"),
             forecast_text(kpi, ctx),
             _("{label}: {value}", label=_("Corrective action"),
               value=actions_text(kpi, ctx) or el("span", _("none named"), class_="pb-empty"))]
    return el("div", lines(el("h3", kpi.title), ul(facts), el("figure", Markup(chart(kpi, ctx)))), class_="pb-item")


def _attention(view: View, ctx: Ctx) -> Markup:
    kpis = [k for k in view.of_kind("kpi") if view.status_word(k) in ATTENTION]
    kpis.sort(key=lambda k: (ATTENTION.index(view.status_word(k)), title_key(k)))
    body = [_kpi_item(k, ctx) for k in kpis] or [el("p", _("Nothing needs attention."), class_="pb-empty")]
    return lines(el("h2", _("Needs attention")), *body)


def _strategies(view: View, ctx: Ctx) -> list[Markup]:
    parts = []
    for strategy in sorted(view.of_kind("strategy"), key=title_key):
        goals = sorted(view.related(strategy, "goals", "goal"), key=title_key)
        items = [lines(el("h3", Markup("{} {}").format(goal.title, badge(view.goal_status(goal)))),
                       *[_kpi_item(k, ctx) for k in view.goal_kpis(goal)]) for goal in goals]
        parts.append(el("section", lines(el("h2", Markup("{} {}").format(strategy.title, badge(view.strategy_status(strategy)))),
                                         el("p", str(strategy.data.get("statement") or "")), *items), class_="pb-part"))
    return parts


def _next_quarter(view: View, ctx: Ctx) -> Markup:
    shown = [e for e in view.graph.entities.values() if e.kind in ("initiative", "policy")]
    horizon = view.as_of + dt.timedelta(days=92)
    items = [i for i in due_items(view.graph, view.config, shown) if i.date <= horizon]
    rows = [[date(i.date), _("overdue") if i.overdue(view.as_of) else "", _what(i), owner_text(i, ctx)] for i in items]
    return lines(el("h2", _("The next quarter: milestones and {policy} reviews", **kind_words())),
                 table([_("Date"), _("State"), _("What"), label("owner")], rows, sortable=False) if rows
                 else el("p", _("Nothing falls due."), class_="pb-empty"))


def _what(item) -> str:
    what = _("{what} of {kind} \u2018{title}\u2019", what=_(WHAT[item.what]), kind=kind_word(item.entity.kind),
             title=item.entity.title)
    return f"{what}: {item.detail}" if item.detail else what


def _risks(view: View, ctx: Ctx) -> list[Markup]:
    """The risk register's grid and table, when the edition shows any risk that is not closed."""
    risks = sorted((r for r in view.of_kind("risk") if state(r) != "closed"), key=risk_order)
    if not risks:
        return []
    return [el("section", lines(el("h2", kind_title("risk", plural=True)), svg(grid(risks), class_="pb-figure"),
                                register_table(risks, ctx)), class_="pb-part")]


def book_blocks(ctx: Ctx, before: View | None = None, since: str | None = None) -> list[Markup]:
    """The book's parts after its cover, for the report and the site's print page."""
    view = ctx.view
    return [el("section", _summary(view, before, since), class_="pb-part"),
            el("section", _attention(view, ctx), class_="pb-part"),
            *_strategies(view, ctx),
            *_risks(view, ctx),
            el("section", _next_quarter(view, ctx), class_="pb-part"),
            el("section", lines(el("h2", _("Appendix: {method}", method=method_heading())), *method(ctx)[1:]),
               class_="pb-part")]
