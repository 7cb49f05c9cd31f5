"""Action items: the numbered small steps of an initiative, and the rule that none is left late.

An initiative lists them under `action_items`, each with a title, an owner, a due date and a
state: `open`, `done`, `dropped` or `blocked`. They are numbered by their place in the list
(1, 2, 3...), so a number is never written and never goes stale. An item without a state is
`unknown`, as a milestone without one is (`check.milestones`): it is listed on its date but
never overdue, since nobody has said it is still to be done. An open or blocked item past its
due date is overdue, and PB245 reports it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from playbook.check.graph import Graph
from playbook.content.dates import parse_date
from playbook.content.diagnostics import Diagnostic
from playbook.content.model import Entity
from playbook.i18n import N_

STATES = ("open", "blocked", "unknown", "done", "dropped")
STATE_WORDS = {"open": N_("open"), "blocked": N_("blocked"), "unknown": N_("unknown"), "done": N_("done"),
               "dropped": N_("dropped")}
"""Each state as a catalogue message."""
OPEN = frozenset({"open", "blocked", "unknown"})
"""The states of an item still to be done (as far as anyone has said)."""
LATE = frozenset({"open", "blocked"})
"""The states an item can be overdue in."""


@dataclass(frozen=True)
class ActionItem:
    number: int  # its place in the list, from 1
    title: str
    owner: object  # as written (or as the edition shows it); None when not named
    due: dt.date | None
    state: str

    def overdue(self, as_of: dt.date) -> bool:
        return self.due is not None and self.due < as_of and self.state in LATE


def item_state(item: dict) -> str:
    state = item.get("state")
    return state if isinstance(state, str) and state in STATE_WORDS and state != "unknown" else "unknown"


def action_items(initiative: Entity) -> list[ActionItem]:
    """The initiative's action items, numbered by their place in the list."""
    items = initiative.data.get("action_items")
    return [ActionItem(i, str(item.get("title") or ""), item.get("owner"), parse_date(item.get("due")), item_state(item))
            for i, item in enumerate(items if isinstance(items, list) else [], 1) if isinstance(item, dict)]


def check_action_items(graph: Graph, as_of: dt.date) -> list[Diagnostic]:
    """PB245: an open or blocked action item whose due date has passed."""
    diags = []
    for initiative in graph.of_kind("initiative"):
        for item in action_items(initiative):
            if item.overdue(as_of):
                line, col = initiative.loc("action_items", item.number - 1, "due")
                diags.append(Diagnostic(initiative.file, line, col, "warning", "PB245",
                                        f"action item {item.number} of initiative '{initiative.id}' ('{item.title}') "
                                        f"is {item.state} and was due on {item.due.isoformat()}: do it and set "
                                        "'state: done', drop it, or set a new due date"))
    return diags
