"""The alignment map: strategy -> goals -> tactics -> KPIs as one linked SVG.

Every node links to its entity page. Orphans are marked on the map and listed
below it with the reason: a goal that supports no strategy or that no KPI
measures, a tactic that serves no goal, a KPI that measures nothing. The map
shows what this edition shows, so the reasons are about visible links.
"""
from __future__ import annotations

from playbook.check.site_paths import ALIGNMENT_PATH
from playbook.check.status import roll_up
from playbook.content.model import Entity
from playbook.i18n import _
from playbook.i18n.terms import kind_words
from playbook.site.charts.alignment_map import Node, alignment_map
from playbook.site.render.context import Ctx
from playbook.site.render.formats import kind_title
from playbook.site.render.html import el, svg, ul
from playbook.site.render.markdown_page import SitePage, heading, make_page
from playbook.site.render.statement import words as words_list
from playbook.site.render.view import title_key

COLUMNS = ("strategy", "goal", "tactic", "kpi")


def orphan_reasons(entity: Entity, ctx: Ctx) -> list[str]:
    view = ctx.view
    if entity.kind == "goal":
        return ([_("supports no {strategy}", **kind_words())] * (not view.related(entity, "supports", "strategy"))
                + [_("is measured by no {kpi}", **kind_words())] * (not view.goal_kpis(entity)))
    if entity.kind == "tactic" and not view.related(entity, "serves", "goal"):
        return [_("serves no {goal}", **kind_words())]
    if entity.kind == "kpi" and not view.related(entity, "measures"):
        return [_("measures nothing")]
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
                orphan=orphan, status=ctx.status_of(entity) or tactic_status(entity, ctx))


def tactic_status(entity: Entity, ctx: Ctx) -> str | None:
    """A tactic's box shows the worst status of the KPIs that measure it, as a goal's does."""
    if entity.kind != "tactic":
        return None
    kpis = [k for k in ctx.view.incoming(entity).get("measured_by", []) if k.kind == "kpi"]
    return roll_up([s for s in map(ctx.view.status_word, kpis) if s]) if kpis else None


def alignment_page(ctx: Ctx) -> SitePage:
    ctx = ctx.at(ALIGNMENT_PATH)
    view = ctx.view
    entities = [sorted(view.of_kind(kind), key=title_key) for kind in COLUMNS]
    reasons = {e.key: view.part(("orphan-reasons", e.key), lambda e=e: orphan_reasons(e, ctx)) for column in entities for e in column}
    columns = [[node(e, ctx, bool(reasons[e.key])) for e in column] for column in entities]
    words = kind_words()
    chart = alignment_map(columns, edges(ctx), title=_("Alignment map: {strategy}, {goal_many}, {tactic_many} and {kpi_many}", **words),
                          boxes=view.part(("alignment-boxes",), dict))
    orphans = [(e, reasons[e.key]) for column in entities for e in column if reasons[e.key]]
    items = [_("{kind} {entity}: {reasons}", kind=kind_title(e.kind), entity=ctx.link(e), reasons=words_list(r)) for e, r in orphans]
    blocks = [el("p", _("Each {strategy} on the left, the {goal_many} that support it, the {tactic_many} that serve them and "
                        "the {kpi_many} that measure them. Every box links to its page; unlinked items are marked.", **words),
                 class_="pb-intro"),
              svg(chart, class_="pb-figure pb-figure--map"),
              heading(_("Unlinked items")),
              ul(items, class_="pb-orphans") if items else el("p", _("Every {goal}, {tactic} and {kpi} is linked into the chain.", **words), class_="pb-empty")]
    return make_page(ALIGNMENT_PATH, _("Alignment map"), blocks,
                     description=_("{strategy} to {goal_many}, {tactic_many} and {kpi_many}, with what is left unlinked.", **words),
                     section=_("Overview"), in_nav=True, wide=True)
