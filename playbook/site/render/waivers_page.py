"""The editors' list of waivers: each finding acknowledged for one entity and one rule
(`playbook.check.waivers`), with its reason, owner, expiry and what it covers now.

Made from the edition's copy, which holds the waivers of shown entities only, and none
below the internal edition: a waiver is a note between editors, never a public page.
Expired waivers and waivers that cover nothing come first: they are what to act on.
"""
from __future__ import annotations

from playbook.check.edition import Withheld
from playbook.check.site_paths import WAIVERS_PATH
from playbook.i18n import _
from playbook.site.render.context import Ctx, restricted
from playbook.site.render.formats import date, label, number, operations
from playbook.site.render.html import el, lines, table, td
from playbook.site.render.markdown_page import SitePage, make_page


def state(waiver, covered: int, as_of) -> tuple[int, str, str]:
    """(order, words, CSS modifier) of a waiver's state as of the date."""
    if waiver.expired(as_of):
        return 0, _("Expired"), "overdue"
    if not covered:
        return 1, _("Covers nothing"), "retired"
    return 2, _("Active, covers {count}", count=number(covered)), "active"


def owner(waiver, ctx: Ctx):
    person = ctx.view.get("person", waiver.owner.removeprefix("person:"))
    if person is not None:
        return ctx.link(person)
    return el("span", restricted(), class_="pb-restricted") if isinstance(waiver.owner, Withheld) else waiver.owner


def waivers_page(ctx: Ctx) -> SitePage | None:
    """The page, or None when the edition shows no waiver."""
    ctx = ctx.at(WAIVERS_PATH)
    result, as_of = ctx.view.result, ctx.view.as_of
    if not result.waivers:
        return None
    covered = {w: 0 for w in result.waivers}
    for item in result.waived:
        covered[item.waiver] += 1
    rows = []
    for waiver in sorted(result.waivers, key=lambda w: (state(w, covered[w], as_of)[0], w.expires, w.entity)):
        __, words, modifier = state(waiver, covered[waiver], as_of)
        entity = ctx.view.get(*waiver.entity)
        rows.append([td(el("span", words, class_=f"pb-state pb-state--{modifier}"), sort=str(state(waiver, covered[waiver], as_of)[0])),
                     ctx.link(entity) if entity is not None else waiver.entity[1],
                     td(el("code", waiver.rule), sort=waiver.rule), waiver.value or "", waiver.reason, owner(waiver, ctx),
                     td(date(waiver.expires), sort=waiver.expires.isoformat())])
    expired = sum(1 for w in result.waivers if w.expired(as_of))
    idle = sum(1 for w in result.waivers if not w.expired(as_of) and not covered[w])
    intro = el("p", _("{count} waivers as of {date}: {expired} expired and {idle} covering nothing. A waiver keeps one "
                      "known finding of one entity out of the checker's report until it expires; "
                      "'playbook validate --waived' lists the findings.", count=number(len(result.waivers)),
                      date=date(as_of), expired=number(expired), idle=number(idle)), class_="pb-intro")
    head = [_("State"), _("Of"), _("Rule"), _("Value"), label("reason"), label("owner"), label("expires")]
    return make_page(WAIVERS_PATH, _("Waivers"), [intro, lines(table(head, rows, class_="pb-waivers"))],
                     description=_("Known findings editors have accepted for now, and until when."),
                     section=operations(), in_nav=True, wide=True)
