"""Where we stand and what needs attention: the answer the home page opens with.

`status_strip` counts the KPIs by status and the items overdue; `attention` lists the
worst KPIs (missed, off track, stale, at risk; worst first) with sparkline, owner,
forecast and the owner's latest commentary, then the goals that are off track or at
risk; `this_month` names the content themes that run this month and the posting
plans of their channels. Everything is asked of the edition's view.
"""
from __future__ import annotations

from collections import Counter

from markupsafe import Markup

from playbook.check.site_paths import DUE_PATH, SCORECARD_PATH
from playbook.check.status import AT_RISK, MISSED, OFF_TRACK, STALE
from playbook.content.model import Entity
from playbook.i18n import _
from playbook.i18n.terms import kind_words
from playbook.site.render.calendar import frequency_text, plans, runs_in
from playbook.site.render.commentary import note_line
from playbook.site.render.context import Ctx
from playbook.site.render.due_page import visible_items
from playbook.site.render.fields import value
from playbook.site.render.formats import badge, label, number
from playbook.site.render.html import el, join, lines
from playbook.site.render.indexes import STATUS_RANK
from playbook.site.render.kpi import kpi_sparkline
from playbook.site.render.scorecard import forecast_cell
from playbook.site.render.view import title_key

NEEDS_ATTENTION = (MISSED, OFF_TRACK, STALE, AT_RISK)
MOST_KPIS = 5
MOST_GOALS = 3


def status_strip(ctx: Ctx) -> Markup | None:
    """'2 off track · 3 at risk · 9 on track · 4 overdue', each a badge with its count."""
    view = ctx.view
    counts = Counter(s for s in map(view.status_word, view.of_kind("kpi")) if s)
    items = [el("li", Markup("{} {}").format(el("strong", number(counts[s])), badge(s)))
             for s in sorted(counts, key=lambda s: STATUS_RANK[s])]
    overdue = sum(1 for item in visible_items(ctx) if item.overdue(view.as_of))
    if overdue:
        items.append(el("li", el("a", Markup("{} {}").format(el("strong", number(overdue)), _("overdue")),
                                 href=ctx.href(DUE_PATH), class_="pb-overdue")))
    if not items:
        return None
    words = _("{kpi_many} by status", **kind_words())
    return el("ul", lines(*items), class_="pb-strip", aria_label=words)


def _owner(entity: Entity, ctx: Ctx) -> Markup | None:
    owner = entity.data.get("owner")
    return value(entity, owner, {}, ("owner",), ctx) if owner else None


def _kpi_item(kpi: Entity, ctx: Ctx) -> Markup:
    status = ctx.view.status(kpi)
    spark = kpi_sparkline(kpi, ctx, status.status, width=96, height=28)
    owner = _owner(kpi, ctx)
    facts = [forecast_cell(kpi, ctx)] + ([_("{label}: {value}", label=label("owner"), value=owner)] if owner else [])
    return el("li", lines(
        el("span", Markup(spark), class_="pb-attention-spark"),
        el("span", lines(Markup("{} {}").format(ctx.link(kpi), badge(status.status)),
                         el("span", Markup(" \u00b7 ").join(f for f in facts if f), class_="pb-attention-facts"),
                         note_line(kpi, ctx)), class_="pb-attention-text")))


def _goal_item(goal: Entity, ctx: Ctx) -> Markup:
    owner = _owner(goal, ctx)
    facts = el("span", _("{label}: {value}", label=label("owner"), value=owner), class_="pb-attention-facts") if owner else None
    return el("li", el("span", lines(Markup("{} {}").format(ctx.link(goal), badge(ctx.view.goal_status(goal))),
                                     facts, note_line(goal, ctx)), class_="pb-attention-text"), class_="pb-attention-goal")


def attention(ctx: Ctx) -> Markup:
    """The worst KPIs and goals, worst first; a sentence when nothing needs attention."""
    view = ctx.view
    kpis = [k for k in view.of_kind("kpi") if view.status_word(k) in NEEDS_ATTENTION]
    kpis.sort(key=lambda k: (STATUS_RANK[view.status_word(k)], title_key(k)))
    goals = [g for g in view.of_kind("goal") if view.goal_status(g) in (OFF_TRACK, AT_RISK)]
    goals.sort(key=lambda g: (STATUS_RANK[view.goal_status(g)], title_key(g)))
    if not kpis and not goals:
        return el("p", _("Nothing needs attention: every {kpi} with data is on track or achieved.", **kind_words()),
                  class_="pb-empty")
    items = [_kpi_item(k, ctx) for k in kpis[:MOST_KPIS]] + [_goal_item(g, ctx) for g in goals[:MOST_GOALS]]
    more = len(kpis) - MOST_KPIS
    tail = el("p", el("a", _("{count} more on the scorecard", count=number(more)), href=ctx.href(SCORECARD_PATH)),
              class_="pb-more") if more > 0 else None
    return lines(el("ul", lines(*items), class_="pb-attention"), tail)


def this_month(ctx: Ctx) -> Markup | None:
    """The themes that run this month, each with its channels and their steady posting plan."""
    view = ctx.view
    month = view.as_of.replace(day=1)
    themes = sorted((t for t in view.of_kind("theme") if runs_in(t, month)), key=title_key)
    if not themes:
        return None
    items = []
    for theme in themes:
        channels = sorted(view.related(theme, "channels", "channel"), key=title_key)
        focus = [Markup("{} ({})").format(ctx.link(c), often) if often else ctx.link(c)
                 for c in channels for often in ["; ".join(filter(None, map(frequency_text, plans(
                     c, view.config.default_mode, view.config.default_mode))))]]
        items.append(el("li", Markup("{}: {}").format(ctx.link(theme), join(focus)) if focus else ctx.link(theme)))
    return el("ul", lines(*items), class_="pb-this-month")
