"""The alignment statement of a goal: one paragraph written from the data.

It names the department, the goal, the strategy it supports, the tactics that
work toward it (with their calls to action) and the KPIs that measure it (with
unit, baseline, target and date), as in the worked example the playbook method
starts from. Missing parts are said plainly ("no strategy yet"); hidden entities
are left out, as if missing.
"""
from __future__ import annotations

from markupsafe import Markup

from ..model import Entity
from .context import Ctx
from .html import el
from .kpi import plan_text
from .view import title_key


def words(items: list[Markup]) -> Markup:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return Markup("").join(items)
    return Markup(", ").join(items[:-1]) + Markup(" and ") + items[-1]


def call_to_action(tactic: Entity) -> str:
    cta = tactic.data.get("call_to_action")
    text = cta[0] if isinstance(cta, list) and cta else cta
    return str(text).strip().rstrip(".") if isinstance(text, str) and text.strip() else ""


def _tactics(tactics: list[Entity], ctx: Ctx) -> Markup:
    if len(tactics) == 1:
        cta = call_to_action(tactics[0])
        tail = Markup(", whose call to action is \u201c{}\u201d").format(cta) if cta else Markup("")
        return Markup("the tactic {}{}").format(ctx.link(tactics[0]), tail)
    parts = []
    for tactic in tactics:
        cta = call_to_action(tactic)
        parts.append(ctx.link(tactic) + (Markup(" (\u201c{}\u201d)").format(cta) if cta else Markup("")))
    return Markup("the tactics ") + words(parts)


def _kpis(kpis: list[Entity], ctx: Ctx) -> Markup:
    parts = []
    for kpi in kpis:
        plan = plan_text(kpi)
        parts.append(ctx.link(kpi) + (Markup(" ({})").format(plan) if plan else Markup("")))
    return words(parts)


def _first(goal: Entity, depts: list[Entity], strategies: list[Entity], ctx: Ctx) -> Markup:
    goal_link = ctx.link(goal)
    strategy = Markup("the strateg{} {}").format("y" if len(strategies) == 1 else "ies",
                                                   words([ctx.link(s) for s in strategies]))
    if depts:
        who = Markup("The {} department{} pursue{}").format(
            words([ctx.link(d) for d in depts]), "s" if len(depts) > 1 else "", "" if len(depts) > 1 else "s")
        if strategies:
            return Markup("{} the goal {} in support of {}.").format(who, goal_link, strategy)
        return Markup("{} the goal {}, which supports no strategy yet.").format(who, goal_link)
    if strategies:
        return Markup("The goal {} supports {}; no department owns it yet.").format(goal_link, strategy)
    return Markup("The goal {} supports no strategy yet, and no department owns it.").format(goal_link)


def _second(has_department: bool, tactics: Markup | None, kpis: Markup | None) -> Markup:
    if has_department:
        through, measured = "It works toward it through {}", "measures progress by {}"
        first_measured = "It measures progress by {}"
    else:
        through, measured = "Work toward it runs through {}", "progress is measured by {}"
        first_measured = "Progress is measured by {}"
    if tactics and kpis:
        return Markup(through + ", and " + measured + ".").format(tactics, kpis)
    if tactics:
        return Markup(through + "; nothing measures its progress yet.").format(tactics)
    if kpis:
        return Markup(first_measured + "; no tactic works toward it yet.").format(kpis)
    return Markup("No tactic works toward it and nothing measures its progress yet.")


def statement(goal: Entity, ctx: Ctx) -> Markup:
    view = ctx.view
    depts = sorted(view.related(goal, "department", "department"), key=title_key)
    strategies = sorted(view.related(goal, "supports", "strategy"), key=title_key)
    tactics = sorted(view.related(goal, "tactics", "tactic"), key=title_key)
    kpis = view.goal_kpis(goal)
    text = _first(goal, depts, strategies, ctx) + Markup(" ") + _second(
        bool(depts), _tactics(tactics, ctx) if tactics else None, _kpis(kpis, ctx) if kpis else None)
    return el("p", text, class_="pb-statement")
