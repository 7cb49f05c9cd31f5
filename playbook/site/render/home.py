"""The home page: where we stand and what needs attention, then the strategy on one page.

It answers first (`attention`): the KPIs counted by status with the items overdue, a
way into each operating mode's page (the incident page), the worst KPIs and goals with
the owner's latest commentary, the latest changes (`whats_new`), and this month's content
themes. Then, worst first,
each strategy: its statement, horizon, building blocks and rolled-up status, the goals
under it with their department, due date and status, and the departments involved;
goals that support no strategy; links to every overview and index page; and the
organization's profile, folded away.
"""
from __future__ import annotations

from collections import Counter

from markupsafe import Markup

from playbook.check.site_paths import HOME_PATH, index_path, mode_path
from playbook.check.status import STATUSES
from playbook.content.model import KINDS, Entity
from playbook.i18n import N_, _
from playbook.i18n.terms import kind_word, kind_words
from playbook.site.render.attention import attention, status_strip, this_month
from playbook.site.render.context import Ctx
from playbook.site.render.fields import value
from playbook.site.render.formats import (
    badge,
    count,
    date,
    kind_title,
    label,
    number,
    status_text,
)
from playbook.site.render.formats import operations as operations_title
from playbook.site.render.free_pages import free_page_path, guides_title, page_order
from playbook.site.render.html import details, dl, el, lines, table, td, ul
from playbook.site.render.indexes import STATUS_RANK
from playbook.site.render.markdown_page import SitePage, heading, make_page
from playbook.site.render.modes import modes_in_use
from playbook.site.render.plan_record import plan_section
from playbook.site.render.view import by_title, title_key
from playbook.site.render.whats_new import Day, recent_block

OVERVIEWS = [
    ("scorecard.md", N_("Scorecard"), N_("Status of every {kpi}, rolled up per {goal} and {strategy}.")),
    ("alignment.md", N_("Alignment map"), N_("{strategy} to {goal_many}, {tactic_many} and {kpi_many}, with what is left unlinked.")),
    ("roadmap.md", N_("Roadmap"), N_("The {initiative_many} on a timeline: now, next and later.")),
    ("policies/index.md", N_("Policy register"), N_("Policies, guidelines, procedures and training, with review dates.")),
    ("maturity/index.md", N_("Maturity grid"), N_("Where we stand on each dimension, against where we aim to be.")),
]

def goals_table(goals: list[Entity], ctx: Ctx) -> Markup:
    rows = []
    for goal in sorted(goals, key=lambda g: (STATUS_RANK[ctx.view.goal_status(g)], title_key(g))):
        status = ctx.view.goal_status(goal)
        rows.append([td(ctx.link(goal), sort=goal.title.casefold()),
                     ctx.links(ctx.view.related(goal, "department", "department")),
                     td(date(goal.data.get("due")), sort=str(goal.data.get("due") or "")),
                     td(badge(status), sort=str(STATUS_RANK[status]))])
    return table([kind_title("goal"), label("department"), label("due"), label("status")], rows, class_="pb-goals",
                 listing=True)

def roll_up_line(goals: list[Entity], ctx: Ctx) -> Markup:
    counts = Counter(ctx.view.goal_status(g) for g in goals)
    parts = [f"{number(counts[s])} {status_text(s)}" for s in STATUSES if counts[s]]
    text = _("{kinds}: {counts}.", kinds=kind_title("goal", plural=True), counts=", ".join(parts)) if parts \
        else _("No {kinds} yet.", kinds=kind_word("goal", 2))
    return el("p", text, class_="pb-rollup")

def strategy_section(strategy: Entity, ctx: Ctx) -> Markup:
    view = ctx.view
    goals = view.related(strategy, "goals", "goal")
    depts = by_title(view.related(strategy, "departments", "department")
                     + [d for g in goals for d in view.related(g, "department", "department")])
    horizon = strategy.data.get("horizon") if isinstance(strategy.data.get("horizon"), dict) else {}
    meta = Markup(" ").join([
        el("span", _("{label}: {start} to {end}", label=label("horizon"), start=date(horizon.get("start")),
                  end=date(horizon.get("end"))), class_="pb-horizon"),
        badge(view.strategy_status(strategy))])
    blocks = value(strategy, strategy.data.get("building_blocks") or {}, {}, ("building_blocks",), ctx)
    return el("section", lines(
        el("h2", ctx.link(strategy), class_="pb-strategy-title"),
        el("p", meta, class_="pb-meta"),
        el("blockquote", el("p", str(strategy.data.get("statement") or "")), class_="pb-statement") if strategy.data.get("statement") else None,
        el("details", lines(el("summary", label("building_blocks")), blocks), class_="note") if blocks else None,
        roll_up_line(goals, ctx),
        goals_table(goals, ctx) if goals else None,
        el("p", _("{kinds}: {names}", kinds=kind_title("department", plural=True), names=ctx.links(depts)),
           class_="pb-departments") if depts else None,
    ), class_="pb-strategy", data_search_exclude=True)  # each strategy's words are found on its own page

def overview_cards(ctx: Ctx) -> Markup:
    cards = [el("li", lines(el("a", _(title), href=ctx.href(path)), el("span", _(text, **kind_words())))) for path, title, text in OVERVIEWS]
    for kind in KINDS:
        if kind in ("policy", "maturity"):
            continue
        n = len(ctx.view.of_kind(kind))
        cards.append(el("li", lines(el("a", kind_title(kind, plural=True), href=ctx.href(index_path(kind))),
                                    el("span", count(n, kind)))))
    return el("ul", lines(cards), class_="pb-overview")


def profile(organization: dict) -> Markup | None:
    """Who we are, folded: the organization's name, sector and sites, mission, vision and values."""
    if not organization:
        return None
    facts = [(label(key), ", ".join(value) if isinstance(value, list) else value)
             for key, value in organization.items() if key != "name"]
    return details(organization.get("name") or _("Who we are"), dl(facts), kind="info pb-profile")


def mode_links(ctx: Ctx) -> Markup | None:
    """A button into each operating mode's page (the incident page), for the moment it is needed."""
    view = ctx.view
    links = [el("a", _(view.config.modes[mode]), href=ctx.href(mode_path(mode)), class_="md-button pb-mode-button")
             for mode in modes_in_use(ctx)]
    return el("p", Markup(" ").join(links), class_="pb-mode-links") if links else None


def answer(ctx: Ctx, changes: list[Day] | None) -> list:
    """Where we stand, what needs attention, what changed recently and what runs this month."""
    month = this_month(ctx)
    return [el("div", lines(status_strip(ctx), mode_links(ctx)), class_="pb-answer"),
            heading(_("Needs attention")), attention(ctx),
            heading(_("What changed recently")), recent_block(ctx, changes),
            *([heading(_("This month")), month] if month else [])]


def home_page(ctx: Ctx, operations: list[SitePage] = (), changes: list[Day] | None = None) -> SitePage:
    """The home page; `operations` are the operations pages it links to (team, registry, modes...), `changes`
    the recent changes the edition shows (`whats_new.shown_changes`; None: no history)."""
    ctx = ctx.at(HOME_PATH)
    view = ctx.view
    strategies = sorted(view.of_kind("strategy"), key=lambda s: (STATUS_RANK[view.strategy_status(s)], title_key(s)))
    loose = view.loose_goals()
    blocks = [el("p", _("As of {date}.", date=date(view.as_of)), class_="pb-intro"), *answer(ctx, changes)]
    blocks += [view.part(("home-strategy", ctx.path, s.key), lambda s=s: strategy_section(s, ctx)) for s in strategies] or [
        el("p", _("No {kind} yet.", kind=kind_word("strategy")), class_="pb-empty")]
    if loose:
        blocks += [heading(_("{kinds} without a {kind}", kinds=kind_title("goal", plural=True), kind=kind_word("strategy"))),
                   goals_table(loose, ctx)]
    blocks += [heading(_("Overview pages")), overview_cards(ctx)]
    if operations:
        links = [el("a", Markup(page.title), href=ctx.href(page.path)) for page in operations]
        blocks += [heading(operations_title()), ul(links, class_="pb-operations")]
    guides = view.pages()
    if guides:
        blocks += [heading(guides_title()), ul([el("a", p.title, href=ctx.href(free_page_path(p)))
                                                for p in sorted(guides, key=page_order)])]
    blocks += [plan_section(view.config.plan, ctx), profile(view.config.organization)]
    return make_page(HOME_PATH, _("Strategy on a page"), blocks,
                     description=_("The {strategy}, its {goal_many} and their status on one page.", **kind_words()), section=_("Home"), in_nav=True)
