"""Risks: each rated by likelihood times impact on a five-by-five grid, and the rules that a
high risk has a mitigation and that every risk is reviewed on time.

    likelihood: rare 1, unlikely 2, possible 3, likely 4, almost-certain 5
    impact:     negligible 1, minor 2, moderate 3, major 4, severe 5

A score of `HIGH` (12) or more is high, of `MEDIUM` (5) or more medium, anything less low.
PB242 reports an open high risk that names no mitigation initiative; PB243 a risk that is
not closed and whose review date has passed. An accepted risk is lived with as it is: it
needs no mitigation, but is still reviewed.
"""
from __future__ import annotations

import datetime as dt

from playbook.check.graph import Graph
from playbook.content.dates import parse_date
from playbook.content.diagnostics import Diagnostic
from playbook.content.model import Entity
from playbook.i18n import N_

LIKELIHOOD = ("rare", "unlikely", "possible", "likely", "almost-certain")
IMPACT = ("negligible", "minor", "moderate", "major", "severe")
HIGH, MEDIUM = 12, 5
RATINGS = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}


def scale(risk: Entity) -> tuple[int, int] | None:
    """(likelihood, impact) from 1 to 5 each, or None when either is missing or not a listed value."""
    likelihood, impact = risk.data.get("likelihood"), risk.data.get("impact")
    if likelihood not in LIKELIHOOD or impact not in IMPACT:
        return None
    return LIKELIHOOD.index(likelihood) + 1, IMPACT.index(impact) + 1


def rating(risk: Entity) -> str | None:
    """high, medium or low; None for a risk not rated."""
    found = scale(risk)
    if found is None:
        return None
    score = found[0] * found[1]
    return "high" if score >= HIGH else "medium" if score >= MEDIUM else "low"


def state(risk: Entity) -> str:
    value = risk.data.get("state")
    return value if value in ("open", "accepted", "closed") else "open"


def review_overdue(risk: Entity, as_of: dt.date) -> bool:
    due = parse_date(risk.data.get("review_date"))
    return due is not None and due < as_of and state(risk) != "closed"


def check_risks(graph: Graph, as_of: dt.date) -> list[Diagnostic]:
    diags = []
    for risk in graph.of_kind("risk"):
        if rating(risk) == "high" and state(risk) == "open" and not risk.data.get("mitigation"):
            diags.append(Diagnostic(risk.file, *risk.loc("impact"), "warning", "PB242",
                                    f"risk '{risk.id}' is high ({risk.data['likelihood']}, {risk.data['impact']}) and "
                                    "names no mitigation: list the initiatives that lower it under 'mitigation', or "
                                    "set 'state: accepted' if it is lived with as it is"))
        if review_overdue(risk, as_of):
            diags.append(Diagnostic(risk.file, *risk.loc("review_date"), "warning", "PB243",
                                    f"risk '{risk.id}' was due for review on {risk.data['review_date']}: review it "
                                    "and set the next review_date, or close it"))
    return diags
