"""Costs for people: an amount in the site's language with its period ('€12,000 a year'), and
the totals per strategy that the roadmap and the briefing book show (`check.costs.totals`).

Made from the edition's copy, which holds a cost only where the edition may show it: the
public edition has no cost and no total unless an editor opened one (`details_visibility`).
Different currencies and periods are never added together: each total is its own row.
"""
from __future__ import annotations

from playbook import i18n
from playbook.check.costs import Cost, parse_cost, totals
from playbook.i18n import N_, _
from playbook.i18n.terms import kind_words
from playbook.site.render.context import Ctx
from playbook.site.render.formats import kind_title
from playbook.site.render.html import el, table

PERIOD_TEXT = {"one-off": N_("{amount} once"), "monthly": N_("{amount} a month"),
               "quarterly": N_("{amount} a quarter"), "annual": N_("{amount} a year")}


def cost_text(cost: Cost) -> str:
    """'€12,000 a month'."""
    return _(PERIOD_TEXT[cost.period], amount=i18n.money(cost.amount, cost.currency))


def cost_value(data) -> str | None:
    """A cost field's value as text, or None when it is not a whole cost."""
    cost = parse_cost(data)
    return cost_text(cost) if cost else None


def cost_blocks(ctx: Ctx) -> list:
    """The totals per strategy as a table; nothing when the edition shows no cost."""
    found = totals(ctx.view)
    if not found:
        return []
    rows = []
    for strategy, sums in found:
        name = ctx.link(strategy) if strategy else el("span", _("No {strategy}", **kind_words()), class_="pb-empty")
        for total in sums:
            rows.append([name, cost_text(Cost(total.amount, total.currency, total.period)), ctx.links(list(total.items))])
    note = el("p", _("Each currency and period is totalled on its own; work that serves several of them counts in each."),
              class_="pb-intro")
    return [note, table([kind_title("strategy"), _("Total"), _("Made of")], rows, sortable=False, class_="pb-cost-totals")]

