"""The alignment map: strategy -> goals -> tactics -> KPIs as one linked SVG.

Every node links to its entity page. Orphans are marked on the map and listed
below it with the reason: a goal that supports no strategy or that no KPI
measures, a tactic that serves no goal, a KPI that measures nothing. The map
shows what this edition shows, so the reasons are about visible links.
"""
from __future__ import annotations

from ..charts.alignment_map import Node, alignment_map
from ..model import Entity
from .context import Ctx
from .formats import kind_label
from .html import el, svg, ul
from .page import SitePage, heading, make_page
from .view import title_key

COLUMNS = ("strategy", "goal", "tactic", "kpi")


def orphan_reasons(entity: Entity, ctx: Ctx) -> list[str]:
    view = ctx.view
    if entity.kind == "goal":
        return (["supports no strategy"] * (not view.related(entity, "supports", "strategy"))
                + ["is measured by no KPI"] * (not view.goal_kpis(entity)))
    if entity.kind == "tactic" and not view.related(entity, "serves", "goal"):
        return ["serves no goal"]
    if entity.kind == "kpi" and not view.related(entity, "measures"):
        return ["measures nothing"]
    return []


def edges(ctx: Ctx) -> list[tuple[str, str]]:
    """(upper key, lower key) for every visible link between neighbouring columns."""
    view, out = ctx.view, []
    uppers = {"goal": ("supports",), "tactic": ("serves",), "kpi": ("measures",)}
    for kind, fields in uppers.items():
        for entity in view.of_kind(kind):
            for name in fields:
                out += [(f"{u.kind}:{u.id}", f"{kind}:{entity.id}") for u in view.related(entity, name) if u.kind in COLUMNS]
    return sorted(set(out))


def node(entity: Entity, ctx: Ctx, orphan: bool) -> Node:
    return Node(f"{entity.kind}:{entity.id}", entity.title, entity.kind, ctx.entity_href(entity),
                orphan=orphan, status=ctx.status_of(entity))


def alignment_page(ctx: Ctx) -> SitePage:
    ctx = ctx.at("alignment.md")
    view = ctx.view
    entities = [sorted(view.of_kind(kind), key=title_key) for kind in COLUMNS]
    reasons = {e.key: orphan_reasons(e, ctx) for column in entities for e in column}
    columns = [[node(e, ctx, bool(reasons[e.key])) for e in column] for column in entities]
    chart = alignment_map(columns, edges(ctx), title="Alignment map: strategy, goals, tactics and KPIs")
    orphans = [(e, reasons[e.key]) for column in entities for e in column if reasons[e.key]]
    items = [el("span", f"{kind_label(e.kind)} ") + ctx.link(e) + el("span", ": " + " and ".join(r)) for e, r in orphans]
    blocks = [el("p", "Each strategy on the left, the goals that support it, the tactics that serve them and the "
                      "KPIs that measure them. Every box links to its page; unlinked items are marked.", class_="pb-intro"),
              svg(chart, class_="pb-figure pb-figure--map"),
              heading("Unlinked items"),
              ul(items, class_="pb-orphans") if items else el("p", "Every goal, tactic and KPI is linked into the chain.", class_="pb-empty")]
    return make_page("alignment.md", "Alignment map", blocks, description="Strategy to goals, tactics and KPIs, with what is left unlinked.",
                     section="Overview", in_nav=True, wide=True)
