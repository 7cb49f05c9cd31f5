"""The roadmap: initiatives on a timeline with today's line, then now, next and later.

Now is what runs on the as-of date, next what starts within six months of it,
later what starts after that, and done what has ended. Milestones follow: how many are in
each state (`check.milestones`), then in date order those still to be reached, a planned or
blocked one past its date marked overdue; one of unknown state is counted as unknown, never
as overdue. Then each initiative's action items (`render.action_items`) and what the work
costs, totalled per strategy (`render.costs`), where the edition shows any.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter

from markupsafe import Markup

from playbook import i18n
from playbook.check.milestones import STATE_WORDS, milestone_state
from playbook.check.site_paths import ROADMAP_PATH
from playbook.content.dates import parse_date
from playbook.content.model import Entity
from playbook.i18n import N_, _
from playbook.i18n.terms import kind_words
from playbook.site.charts.roadmap_chart import Bar, Milestone, roadmap
from playbook.site.charts.scales import add_months
from playbook.site.render.action_items import action_item_blocks
from playbook.site.render.context import Ctx
from playbook.site.render.costs import cost_blocks
from playbook.site.render.formats import date, kind_title, label, number
from playbook.site.render.html import details, el, lines, svg, table, td, ul
from playbook.site.render.markdown_page import SitePage, heading, make_page
from playbook.site.render.view import title_key

NEXT_MONTHS = 6
STATE_ORDER = ("overdue", "blocked", "planned", "unknown", "done", "dropped")
CLOSED = frozenset({"done", "dropped"})
STATES = {**STATE_WORDS, "overdue": N_("overdue")}


def span(entity: Entity) -> tuple[dt.date, dt.date] | None:
    start, end = parse_date(entity.data.get("start")), parse_date(entity.data.get("end"))
    return (start, end) if start and end and start <= end else None


def milestones(entity: Entity) -> list[Milestone]:
    out = []
    for stone in entity.data.get("milestones") or []:
        when = parse_date(stone.get("date")) if isinstance(stone, dict) else None
        if when:
            out.append(Milestone(str(stone.get("title") or ""), when, milestone_state(stone)))
    return sorted(out, key=lambda m: (m.date, m.title))


def bar(entity: Entity, ctx: Ctx) -> Bar:
    start, end = span(entity)
    needs = tuple(d.id for d in ctx.view.related(entity, "depends_on", "initiative"))
    return Bar(entity.id, entity.title, str(entity.data.get("phase") or ""), start, end,
               ctx.entity_href(entity), tuple(milestones(entity)), needs)


def bucket(entity: Entity, as_of: dt.date) -> str:
    start, end = span(entity)
    if end < as_of:
        return "done"
    if start <= as_of:
        return "now"
    return "next" if start <= add_months(as_of, NEXT_MONTHS) else "later"


def item(entity: Entity, ctx: Ctx) -> Markup:
    start, end = span(entity)
    when = Markup("{} \u00b7 {}").format(str(entity.data.get("phase") or ""), _("{start} to {end}", start=date(start), end=date(end)))
    delivers = ctx.view.related(entity, "delivers")
    return lines(el("strong", ctx.link(entity)), el("span", when, class_="pb-cell-summary"),
                 el("span", _("Delivers {things}", things=ctx.links(delivers)), class_="pb-cell-summary") if delivers else None)


def lists(items: list[Entity], ctx: Ctx) -> list:
    blocks = []
    for name, title in (("now", _("Now: running today")),
                        ("next", _("Next: starting within {count} months", count=number(NEXT_MONTHS))),
                        ("later", _("Later: starting after that")), ("done", _("Done: ended"))):
        members = sorted((e for e in items if bucket(e, ctx.view.as_of) == name), key=lambda e: (span(e), title_key(e)))
        body = ul([item(e, ctx) for e in members]) if members else el("p", _("Nothing."), class_="pb-empty")
        blocks.append(el("div", lines(el("p", title, class_="pb-card-title"), body), class_="pb-card"))
    # names of other pages, each found on its own page: left out of search
    return [heading(_("Now, next, later")), el("div", lines(blocks), class_="pb-cards", data_search_exclude=True)]


def milestone_rows(items: list[Entity], ctx: Ctx) -> list[tuple[str, list]]:
    """(state, cells) per milestone in date order; the state is the milestone's own, or overdue
    for a planned or blocked one past its date."""
    rows = []
    for entity in items:
        for stone in milestones(entity):
            late = stone.state in ("planned", "blocked") and stone.date < ctx.view.as_of
            state = "overdue" if late else stone.state
            rows.append((stone.date, state, [td(date(stone.date), sort=stone.date.isoformat()), stone.title,
                                             ctx.link(entity), el("span", _(STATES[state]), class_=f"pb-state pb-state--{state}")]))
    return [(state, cells) for __, state, cells in sorted(rows, key=lambda r: r[0])]


def milestone_blocks(items: list[Entity], ctx: Ctx) -> list:
    """How many milestones are in each state, then those still to be reached in a table, done and
    dropped ones collapsed below it."""
    rows = milestone_rows(items, ctx)
    if not rows:
        return [el("p", _("No milestones yet."), class_="pb-empty")]
    head = [_("Date"), _("Milestone"), kind_title("initiative"), _("State")]
    counts = Counter(state for state, __ in rows)
    summary = el("p", ", ".join(f"{number(counts[s])} {_(STATES[s])}" for s in STATE_ORDER if counts[s]) + ".",
                 class_="pb-milestone-counts")
    ahead = [cells for state, cells in rows if state not in CLOSED]
    closed = [cells for state, cells in rows if state in CLOSED]
    return [summary, table(head, ahead, listing=True) if ahead else el("p", _("Every milestone is done."), class_="pb-empty"),
            details(_("Done and dropped milestones ({count})", count=number(len(closed))), table(head, closed, listing=True))
            if closed else None]


def steps_and_costs(items: list[Entity], ctx: Ctx, head) -> list:
    """Every initiative's action items, then the cost per strategy, each where the edition shows any;
    `head` makes a part's heading (the page's and the book's differ)."""
    ordered = sorted(items, key=lambda e: (span(e), title_key(e)))
    steps = [head(label("action_items")), *action_item_blocks(ordered, ctx)] \
        if any(e.data.get("action_items") for e in ordered) else []
    costs = cost_blocks(ctx)
    return steps + ([head(_("Cost by {strategy}", **kind_words())), *costs] if costs else [])


def roadmap_page(ctx: Ctx) -> SitePage:
    ctx = ctx.at(ROADMAP_PATH)
    items = [e for e in ctx.view.of_kind("initiative") if span(e)]
    chart = roadmap([bar(e, ctx) for e in sorted(items, key=lambda e: (span(e), title_key(e)))],
                    today=ctx.view.as_of, title=_("Roadmap"))
    words = kind_words()
    blocks = [el("p", _("{initiative_titles} by phase; the vertical line marks {date}.", date=i18n.date(ctx.view.as_of),
                        initiative_titles=kind_title("initiative", plural=True)), class_="pb-intro"),
              svg(chart, class_="pb-figure pb-figure--roadmap") if items
              else el("p", _("No {initiative_many} yet.", **words), class_="pb-empty")]
    blocks += lists(items, ctx) + [heading(_("Milestones"))] + milestone_blocks(items, ctx)
    blocks += steps_and_costs(items, ctx, heading)
    return make_page(ROADMAP_PATH, _("Roadmap"), blocks,
                     description=_("The {initiative_many} on a timeline: now, next and later.", **words),
                     section=_("Overview"), in_nav=True, wide=True)
