"""Corrective actions for people: the initiatives and milestones that address a KPI (or a goal
it measures), each with its state. The KPI page, the scorecard and the book's "needs attention"
show them, from the edition's view (`View.actions`), so a hidden initiative is never named.
"""
from __future__ import annotations

from markupsafe import Markup

from playbook.check.corrective_actions import STATE_WORDS, Action
from playbook.content.model import Entity
from playbook.i18n import _
from playbook.site.render.context import Ctx
from playbook.site.render.html import el, join


def state_badge(state: str) -> Markup:
    return el("span", _(STATE_WORDS[state]), class_=f"pb-state pb-state--{state.replace(' ', '-')}")


def action_text(action: Action, ctx: Ctx) -> Markup:
    """'Initiative: milestone (state)', the initiative linked."""
    what = ctx.link(action.initiative)
    if action.milestone is not None:
        what = _("{initiative}: {milestone}", initiative=what, milestone=action.milestone)
    return Markup("{} {}").format(what, state_badge(action.state))


def actions_text(kpi: Entity, ctx: Ctx) -> Markup | None:
    """The actions addressing the KPI, open ones first; None when there are none."""
    found = ctx.view.actions(kpi)
    return el("span", join([action_text(a, ctx) for a in found], "; "), class_="pb-actions") if found else None
