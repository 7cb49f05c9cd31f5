"""The risk register: the answer first (how many risks, how many high, how many overdue for
review), then the likelihood-by-impact grid (`charts.risk_grid`) beside the table that holds
the same facts: each risk numbered as in the grid (its number before its name), its rating in words, owner, what it
threatens, its mitigation, review date and state (owner, likelihood, impact and state in
small print under the cell they explain). Open high risks come first; closed ones last.
"""
from __future__ import annotations

from markupsafe import Markup

from playbook.check.risks import (
    HIGH,
    IMPACT,
    LIKELIHOOD,
    MEDIUM,
    RATINGS,
    rating,
    review_overdue,
    scale,
    state,
)
from playbook.check.site_paths import index_path
from playbook.content.model import Entity
from playbook.content.schemas import kind_schema
from playbook.i18n import _
from playbook.i18n.terms import kind_title, kind_word, label, value_text
from playbook.site.charts.risk_grid import GridWords, risk_grid
from playbook.site.render.context import Ctx
from playbook.site.render.fields import value
from playbook.site.render.formats import date, number
from playbook.site.render.full_lists import full_lists
from playbook.site.render.html import el, lines, svg, table, td
from playbook.site.render.markdown_page import SitePage, make_page
from playbook.site.render.view import title_key

FIELDS = kind_schema("risk")["properties"]
ORDER = {"high": 0, "medium": 1, "low": 2, None: 3}


def rating_badge(risk: Entity) -> Markup:
    found = rating(risk)
    if found is None:
        return el("span", _("not rated"), class_="pb-muted")
    return el("span", _(RATINGS[found]), class_=f"pb-risk-rating pb-risk-rating--{found}")


def order(risk: Entity):
    return (state(risk) == "closed", ORDER[rating(risk)], title_key(risk))


def _cell_rating(likelihood: int, impact: int) -> str:
    score = likelihood * impact
    return "high" if score >= HIGH else "medium" if score >= MEDIUM else "low"


def grid(risks: list[Entity]) -> str:
    cells: dict[tuple[int, int], list[int]] = {}
    for n, risk in enumerate(risks, 1):
        found = scale(risk)
        if found is not None and state(risk) != "closed":
            cells.setdefault(found, []).append(n)
    words = GridWords(_("Risk grid"), _("Open and accepted {risks} by likelihood (rows, most likely on top) and impact "
                                        "(columns, most severe on the right); each number is a row of the table.",
                                        risks=kind_word("risk", 2)),
                      tuple(value_text(v) for v in LIKELIHOOD), tuple(value_text(v) for v in IMPACT),
                      label("likelihood"), label("impact"), {k: _(v) for k, v in RATINGS.items()})
    return risk_grid(cells, _cell_rating, words)


def shown(risk: Entity, key: str, ctx: Ctx) -> Markup:
    data = risk.data.get(key)
    return value(risk, data, FIELDS.get(key, {}), (key,), ctx) if data is not None else Markup("")


def review_cell(risk: Entity, ctx: Ctx) -> Markup:
    due = risk.data.get("review_date")
    shown_date = date(due) if due else el("span", _("not set"), class_="pb-muted")
    if review_overdue(risk, ctx.view.as_of):
        shown_date = Markup("{} {}").format(shown_date, el("span", _("Overdue"), class_="pb-state pb-state--overdue"))
    state_word = el("span", value_text(state(risk)), class_=f"pb-state pb-state--{state(risk)}")
    return td(lines(shown_date, el("span", state_word, class_="pb-cell-summary")), sort=str(due or ""))


def row(n: int, risk: Entity, ctx: Ctx) -> list:
    scales = _("{likelihood}, {impact}", likelihood=shown(risk, "likelihood", ctx), impact=shown(risk, "impact", ctx))
    owner = shown(risk, "owner", ctx)
    name = Markup("{} {}").format(el("span", _("{n}.", n=number(n)), class_="pb-risk-number"), ctx.link(risk))
    return [td(lines(name, el("span", owner, class_="pb-cell-summary") if owner else None), sort=str(n)),
            td(lines(rating_badge(risk), el("span", scales, class_="pb-cell-summary")), sort=str(ORDER[rating(risk)])),
            ctx.links(ctx.view.related(risk, "threatens")),
            ctx.links(ctx.view.related(risk, "mitigation", "initiative"), _("none named")),
            review_cell(risk, ctx)]


def register_table(risks: list[Entity], ctx: Ctx) -> Markup:
    head = [_("{risk} and {owner}", risk=kind_title("risk"), owner=label("owner")), _("Rating"),
            label("threatens"), label("mitigation"), _("Review and state")]
    return table(head, [row(n, r, ctx) for n, r in enumerate(risks, 1)], class_="pb-risks")


def risk_register_page(ctx: Ctx) -> SitePage:
    path = index_path("risk")
    ctx = ctx.at(path)
    risks = sorted(ctx.view.of_kind("risk"), key=order)
    live = [r for r in risks if state(r) != "closed"]
    high = sum(1 for r in live if rating(r) == "high")
    unmitigated = sum(1 for r in live if rating(r) == "high" and state(r) == "open" and not r.data.get("mitigation"))
    late = sum(1 for r in risks if review_overdue(r, ctx.view.as_of))
    intro = el("p", _("{count} open or accepted {risks}: {high} high, {unmitigated} of them with no mitigation; {late} "
                      "overdue for review as of {date}.", count=number(len(live)), risks=kind_word("risk", 2),
                      high=number(high), unmitigated=number(unmitigated), late=number(late), date=date(ctx.view.as_of)),
               class_="pb-intro")
    body = el("div", lines(svg(grid(risks), class_="pb-figure pb-risk-figure"), register_table(risks, ctx)),
              class_="pb-risk-layout") if risks else el("p", _("None yet."), class_="pb-empty")
    return make_page(path, _("Risk register"), [intro, body, *full_lists("risk", ctx)], section=kind_title("risk", plural=True), in_nav=True,
                     description=_("What could go wrong, how likely and how bad, and what lowers it."), wide=True)
