"""Costs: what an initiative or a tactic costs, and the totals per strategy.

A cost is an amount in a currency (an ISO 4217 code), spent once or per period (`one-off`,
`monthly`, `quarterly`, `annual`). It is an operational detail (`x-operational` in the
schemas): the public edition drops it unless the entity's `details_visibility` opens it
(`cost: public`), so totals made from an edition's copy count only what it shows.

An initiative counts towards the strategies its goals support (through the goals and tactics
it delivers); a tactic towards those of the goals it serves. Something that reaches several
strategies counts in each; something that reaches none is totalled on its own. Amounts of
different currencies or periods are never added together; a draft counts in no total.
PB246 reports a currency code that ISO 4217 does not know.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from playbook.check.alignment import strategies_of
from playbook.check.graph import Graph
from playbook.content.diagnostics import Diagnostic
from playbook.content.model import Entity
from playbook.i18n import is_currency

KINDS = ("initiative", "tactic")
PERIODS = ("one-off", "monthly", "quarterly", "annual")
CODE = re.compile("[A-Z]{3}")
"""The form of a currency code; the schema reports any other (PB015)."""


@dataclass(frozen=True)
class Cost:
    amount: float
    currency: str
    period: str


@dataclass(frozen=True)
class Total:
    currency: str
    period: str
    amount: float
    items: tuple[Entity, ...]  # what it adds up, in title order


def cost_of(entity: Entity) -> Cost | None:
    """The entity's cost, or None when it has none (or the edition's copy left it out)."""
    return parse_cost(entity.data.get("cost"))


def parse_cost(value) -> Cost | None:
    """A cost mapping as a `Cost`, or None when it is not a whole one."""
    if not isinstance(value, dict):
        return None
    amount, currency, period = value.get("amount"), value.get("currency"), value.get("period")
    if not isinstance(amount, (int, float)) or isinstance(amount, bool) or not math.isfinite(amount):
        return None
    if not isinstance(currency, str) or period not in PERIODS:
        return None
    return Cost(amount, currency, period)


def totals(graph: Graph) -> list[tuple[Entity | None, list[Total]]]:
    """(strategy, its totals) for each strategy with a cost, in title order, then (None, totals)
    for the costs that serve no strategy; each list of totals in currency and period order.
    `graph` may be a site's view of it: only `of_kind` and `related` are asked, so the view
    notes what the totals read."""
    sums: dict = {}
    strategies: dict = {}
    for entity in (e for kind in KINDS for e in graph.of_kind(kind) if not e.draft):
        cost = cost_of(entity)
        for strategy in (strategies_of(graph, entity) or [None]) if cost else []:
            key = strategy.key if strategy else None
            strategies[key] = strategy
            sums.setdefault(key, {}).setdefault((cost.currency, cost.period), []).append(entity)
    shown = sorted((strategies[k] for k in sums if k is not None), key=_by_title)
    out = []
    for strategy in shown + ([None] if None in sums else []):
        found = sums[strategy.key if strategy else None]
        ordered = sorted(found, key=lambda money: (money[0], PERIODS.index(money[1])))
        out.append((strategy, [_total(currency, period, found[currency, period]) for currency, period in ordered]))
    return out


def _total(currency: str, period: str, items: list[Entity]) -> Total:
    amount = round(math.fsum(cost_of(e).amount for e in items), 2)
    return Total(currency, period, amount, tuple(sorted(items, key=_by_title)))


def _by_title(entity: Entity) -> tuple:
    return entity.title.casefold(), entity.kind, entity.id


def check_costs(graph: Graph) -> list[Diagnostic]:
    """PB246: a cost in a currency ISO 4217 does not list."""
    diags = []
    for entity in (e for kind in KINDS for e in graph.of_kind(kind)):
        cost = cost_of(entity)
        if cost is not None and CODE.fullmatch(cost.currency) and not is_currency(cost.currency):
            diags.append(Diagnostic(entity.file, *entity.loc("cost", "currency"), "error", "PB246",
                                    f"{entity.kind} '{entity.id}' has a cost in '{cost.currency}', which is not an "
                                    "ISO 4217 currency code (e.g. EUR, USD, GBP)"))
    return diags
