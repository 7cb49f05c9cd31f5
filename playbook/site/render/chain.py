"""An entity's place in the chain strategy -> department -> goal -> tactic -> KPI.

"Above" walks every relation towards the strategy end, "below" towards the
KPI end (departments are only ever above: they own goals, they do not sit
under a strategy's goals). Both walks follow whatever relations link the
kinds, in either direction, so no relation is named here. Each branch is
complete on its own: an entity is left out only where it is already on the path
above it or listed beside it (a KPI that measures a goal directly is not listed
again under the goal's tactic), so two goals sharing a tactic both show it.
"""
from __future__ import annotations

from markupsafe import Markup

from playbook.content.model import Entity
from playbook.i18n import _
from playbook.site.render.context import Ctx
from playbook.site.render.html import el, lines, ul
from playbook.site.render.view import title_key

RANK = {"strategy": 0, "department": 1, "goal": 2, "tactic": 3, "kpi": 4}


def chain(entity: Entity, ctx: Ctx) -> Markup:
    """Two nested lists, 'Above' and 'Below', for kinds in the chain; nothing for others."""
    if entity.kind not in RANK:
        return Markup("")
    parts = []
    for upward, title in ((True, _("Above")), (False, _("Below"))):
        items = _walk(entity, ctx, upward, frozenset({entity.key}))
        if items:
            parts.append(el("div", lines(el("p", title, class_="pb-chain-title"), ul(items)), class_="pb-chain-part"))
    # names of other pages, each found on its own page: left out of search
    return el("div", lines(parts), class_="pb-chain", data_search_exclude=True) if parts else Markup("")


def chained(entity: Entity, ctx: Ctx) -> set[tuple[str, str]]:
    """The keys of the entities the chain lists right above and below this one: the page names
    them there, so its other sections need not."""
    if entity.kind not in RANK:
        return set()
    return {n.key for upward in (True, False) for n in _next(entity, ctx, upward, frozenset({entity.key}))}


def _next(entity: Entity, ctx: Ctx, upward: bool, seen: frozenset) -> list[Entity]:
    rank = RANK[entity.kind]
    return sorted((n for n in ctx.view.neighbours(entity)
                   if n.kind in RANK and n.key not in seen
                   and (RANK[n.kind] < rank if upward else RANK[n.kind] > rank and n.kind != "department")),
                  key=lambda n: (RANK[n.kind], title_key(n)))


def _walk(entity: Entity, ctx: Ctx, upward: bool, seen: frozenset) -> list[Markup]:
    nexts = _next(entity, ctx, upward, seen)
    seen = seen | {n.key for n in nexts}  # each branch on its own: a shared tactic shows under every goal
    items = []
    for n in nexts:
        below = _walk(n, ctx, upward, seen)
        items.append(lines(ctx.labelled(n), ul(below)) if below else ctx.labelled(n))
    return items
