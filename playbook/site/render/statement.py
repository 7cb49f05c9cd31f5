"""The alignment statement of a goal: one paragraph written from the data.

It names the department, the goal, the strategy it supports, the tactics that
work toward it (with their calls to action) and the KPIs that measure it (with
unit, baseline, target and date), as in the worked example the playbook method
starts from. Missing parts are said plainly ("no strategy yet"); hidden entities
are left out, as if missing. A kind's word is left out where the names already say it
(`kind_after`): "the Office of Public Affairs pursues", never "the Office of Public Affairs
office pursues".
"""
from __future__ import annotations

import re

from babel.lists import format_list
from markupsafe import Markup, escape

from playbook.content.model import Entity
from playbook.i18n import _, _n, current
from playbook.i18n.terms import kind_word, kind_words
from playbook.site.render.context import Ctx
from playbook.site.render.html import el
from playbook.site.render.kpi import plan_text
from playbook.site.render.view import title_key


def words(items: list[Markup]) -> Markup:
    """'a', 'a and b', 'a, b and c' (as the site's locale joins a list)."""
    return Markup(format_list([str(i) for i in items], locale=current().locale)) if items else Markup("")


def kind_after(kind: str, entities: list[Entity]) -> str:
    """The kind's word for a sentence naming `entities`, or nothing when every name already holds it."""
    word = kind_word(kind, len(entities))
    forms = {word.casefold(), kind_word(kind, 1).casefold(), kind_word(kind, 2).casefold()}
    said = entities and all(forms & set(re.findall(r"\w+", e.title.casefold())) for e in entities)
    return "" if said else word


def tidy(text: Markup) -> Markup:
    """The sentence without the double spaces a left-out word leaves."""
    return Markup(re.sub(r"(?<=\S) {2,}(?=\S)", " ", text))


def call_to_action(tactic: Entity) -> str:
    cta = tactic.data.get("call_to_action")
    text = cta[0] if isinstance(cta, list) and cta else cta
    return str(text).strip().rstrip(".") if isinstance(text, str) and text.strip() else ""


def _tactics(tactics: list[Entity], ctx: Ctx) -> Markup:
    if len(tactics) == 1:
        cta = call_to_action(tactics[0])
        kind, tactic = kind_after("tactic", tactics), ctx.link(tactics[0])
        if cta:
            return _("the {kind} {tactic}, whose call to action is \u201c{cta}\u201d", kind=kind, tactic=tactic, cta=cta)
        return _("the {kind} {tactic}", kind=kind, tactic=tactic)
    parts = []
    for tactic in tactics:
        cta = call_to_action(tactic)
        parts.append(_("{tactic} (\u201c{cta}\u201d)", tactic=ctx.link(tactic), cta=cta) if cta else ctx.link(tactic))
    return _("the {kinds} {tactics}", kinds=kind_after("tactic", tactics), tactics=words(parts))


def _kpis(kpis: list[Entity], ctx: Ctx) -> Markup:
    parts = []
    for kpi in kpis:
        plan = plan_text(kpi)
        parts.append(_("{kpi} ({plan})", kpi=ctx.link(kpi), plan=plan) if plan else ctx.link(kpi))
    return words(parts)


def _first(goal: Entity, depts: list[Entity], strategies: list[Entity], ctx: Ctx) -> Markup:
    names = {**kind_words(), "goal": ctx.link(goal), "goal_kind": kind_after("goal", [goal]),
             "strategies": words([ctx.link(s) for s in strategies]), "strategy_kind": kind_after("strategy", strategies),
             "departments": words([ctx.link(d) for d in depts]), "department_kind": kind_after("department", depts)}
    if depts and strategies:
        return _n("The {departments} {department_kind} pursues the {goal_kind} {goal} in support of the "
                  "{strategy_kind} {strategies}.",
                  "The {departments} {department_kind} pursue the {goal_kind} {goal} in support of the "
                  "{strategy_kind} {strategies}.", len(depts), **names)
    if depts:
        return _n("The {departments} {department_kind} pursues the {goal_kind} {goal}, which supports no "
                  "{strategy} yet.",
                  "The {departments} {department_kind} pursue the {goal_kind} {goal}, which supports no "
                  "{strategy} yet.", len(depts), **names)
    if strategies:
        return _("The {goal_kind} {goal} supports the {strategy_kind} {strategies}; no {department} owns it yet.",
                 **names)
    return _("The {goal_kind} {goal} supports no {strategy} yet, and no {department} owns it.", **names)


def _second(has_department: bool, tactics: Markup | None, kpis: Markup | None) -> Markup:
    names = {"tactics": tactics, "kpis": kpis, "tactic_kind": kind_word("tactic")}
    if tactics and kpis:
        return _("It works toward it through {tactics}, and measures progress by {kpis}.", **names) if has_department \
            else _("Work toward it runs through {tactics}, and progress is measured by {kpis}.", **names)
    if tactics:
        return _("It works toward it through {tactics}; nothing measures its progress yet.", **names) if has_department \
            else _("Work toward it runs through {tactics}; nothing measures its progress yet.", **names)
    if kpis:
        return _("It measures progress by {kpis}; no {tactic_kind} works toward it yet.", **names) if has_department \
            else _("Progress is measured by {kpis}; no {tactic_kind} works toward it yet.", **names)
    return escape(_("No {tactic_kind} works toward it and nothing measures its progress yet.", **names))


def statement(goal: Entity, ctx: Ctx) -> Markup:
    view = ctx.view
    depts = sorted(view.related(goal, "department", "department"), key=title_key)
    strategies = sorted(view.related(goal, "supports", "strategy"), key=title_key)
    tactics = sorted(view.related(goal, "tactics", "tactic"), key=title_key)
    kpis = view.goal_kpis(goal)
    text = _first(goal, depts, strategies, ctx) + Markup(" ") + _second(
        bool(depts), _tactics(tactics, ctx) if tactics else None, _kpis(kpis, ctx) if kpis else None)
    return el("p", tidy(text), class_="pb-statement")
