"""The plan's own record as a block: version, prepared, approved (when, by whom), authors and
next review. The home page and the briefing book's cover show it, from the edition's copy of
the record (`edition.project`), so a hidden author or approver reads "a restricted item".
"""
from __future__ import annotations

from markupsafe import Markup

from playbook.check.edition import Withheld
from playbook.check.plan_record import PlanRecord
from playbook.i18n import _
from playbook.site.render.context import Ctx, restricted
from playbook.site.render.formats import date
from playbook.site.render.html import dl, el, join, lines


def people(names: tuple[str, ...], ctx: Ctx) -> Markup | None:
    """Each name: a link to the person of that id, the name as written, or the restricted words."""
    if not names:
        return None
    out = []
    for name in names:
        person = None if isinstance(name, Withheld) else ctx.view.get("person", name.removeprefix("person:"))
        out.append(el("span", restricted(), class_="pb-restricted") if isinstance(name, Withheld)
                   else ctx.link(person) if person is not None else el("span", name))
    return join(out)


def plan_facts(plan: PlanRecord, ctx: Ctx) -> Markup | None:
    """The record as a definition list, or None when playbook.yml gives none."""
    if not plan.shown:
        return None
    return dl([(_("Version"), plan.version), (_("Prepared"), plan.prepared and date(plan.prepared)),
               (_("Approved"), plan.approved and date(plan.approved)), (_("Approved by"), people(plan.approved_by, ctx)),
               (_("Authors"), people(plan.authors, ctx)), (_("Next review"), plan.review_due and date(plan.review_due))],
              class_="pb-plan-record")


def plan_section(plan: PlanRecord, ctx: Ctx) -> Markup | None:
    facts = plan_facts(plan, ctx)
    return el("section", lines(el("h2", _("This plan")), facts), class_="pb-plan") if facts else None
