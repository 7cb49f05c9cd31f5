"""'What applies here' on department and channel pages.

A department: the goals it owns, their tactics and KPIs, and the policies that
list it. A channel: the tactics run on it, their goals, the KPIs of both, the policies
that govern it, the audiences found there and the relationships kept there.
Each group is a short list of links, with status words for goals and KPIs.
"""
from __future__ import annotations

from playbook.content.model import Entity
from playbook.i18n import _
from playbook.i18n.terms import kind_title
from playbook.site.render.context import Ctx
from playbook.site.render.html import el, lines, ul
from playbook.site.render.markdown_page import heading
from playbook.site.render.view import by_title


def department_groups(dept: Entity, ctx: Ctx) -> list[tuple[str, list[Entity]]]:
    """(kind, members) for each group."""
    view = ctx.view
    goals = by_title(view.related(dept, "goals", "goal"))
    tactics = by_title(t for g in goals for t in view.related(g, "tactics", "tactic"))
    kpis = by_title(k for g in goals for k in view.goal_kpis(g))
    policies = by_title(view.related(dept, "policies", "policy"))
    return [("goal", goals), ("tactic", tactics), ("kpi", kpis), ("policy", policies)]


def channel_groups(channel: Entity, ctx: Ctx) -> list[tuple[str, list[Entity]]]:
    view = ctx.view
    tactics = by_title(view.related(channel, "tactics", "tactic"))
    goals = by_title(g for t in tactics for g in view.related(t, "serves", "goal"))
    kpis = by_title([k for t in tactics for k in view.related(t, "measured_by", "kpi")]
                          + [k for g in goals for k in view.goal_kpis(g)])
    return [("tactic", tactics), ("goal", goals), ("kpi", kpis),
            ("policy", by_title(view.related(channel, "governed_by", "policy"))),
            ("audience", by_title(view.related(channel, "audiences", "audience"))),
            ("relationship", by_title(view.related(channel, "relationships", "relationship")))]


GROUPS = {"department": department_groups, "channel": channel_groups}


def applies_blocks(entity: Entity, ctx: Ctx) -> list:
    """The section for departments and channels; nothing for other kinds."""
    if entity.kind not in GROUPS:
        return []
    cards = []
    for kind, members in GROUPS[entity.kind](entity, ctx):
        items = [ctx.with_status(e) for e in members]
        body = ul(items) if items else el("p", _("None yet."), class_="pb-empty")
        cards.append(el("div", lines(el("p", kind_title(kind, plural=True), class_="pb-card-title"), body), class_="pb-card"))
    return [heading(_("What applies here")), el("div", lines(cards), class_="pb-cards")]
