"""'What applies here' on department and channel pages.

A department: the goals it owns, their tactics and KPIs, and the policies that
list it. A channel: the tactics run on it, their goals, the KPIs of both, the policies
that govern it, the audiences found there and the relationships kept there.
Each group is a short list of links, with status words for goals and KPIs.
"""
from __future__ import annotations

from ..model import Entity
from .context import Ctx
from .html import el, lines, ul
from .page import heading
from .view import by_title


def department_groups(dept: Entity, ctx: Ctx) -> list[tuple[str, list[Entity]]]:
    view = ctx.view
    goals = by_title(view.related(dept, "goals", "goal"))
    tactics = by_title(t for g in goals for t in view.related(g, "tactics", "tactic"))
    kpis = by_title(k for g in goals for k in view.goal_kpis(g))
    policies = by_title(view.related(dept, "policies", "policy"))
    return [("Goals", goals), ("Tactics", tactics), ("KPIs", kpis), ("Policies", policies)]


def channel_groups(channel: Entity, ctx: Ctx) -> list[tuple[str, list[Entity]]]:
    view = ctx.view
    tactics = by_title(view.related(channel, "tactics", "tactic"))
    goals = by_title(g for t in tactics for g in view.related(t, "serves", "goal"))
    kpis = by_title([k for t in tactics for k in view.related(t, "measured_by", "kpi")]
                          + [k for g in goals for k in view.goal_kpis(g)])
    return [("Tactics", tactics), ("Goals", goals), ("KPIs", kpis),
            ("Policies", by_title(view.related(channel, "governed_by", "policy"))),
            ("Audiences", by_title(view.related(channel, "audiences", "audience"))),
            ("Relationships", by_title(view.related(channel, "relationships", "relationship")))]


GROUPS = {"department": department_groups, "channel": channel_groups}


def applies_blocks(entity: Entity, ctx: Ctx) -> list:
    """The section for departments and channels; nothing for other kinds."""
    if entity.kind not in GROUPS:
        return []
    cards = []
    for title, members in GROUPS[entity.kind](entity, ctx):
        items = [ctx.with_status(e) for e in members]
        body = ul(items) if items else el("p", "None yet.", class_="pb-empty")
        cards.append(el("div", lines(el("p", title, class_="pb-card-title"), body), class_="pb-card"))
    return [heading("What applies here"), el("div", lines(cards), class_="pb-cards")]
