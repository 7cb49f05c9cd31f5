"""Milestone states: where each milestone of an initiative stands.

A milestone says `state: planned`, `done`, `dropped` or `blocked`. The older `done: true`
reads as done and `done: false` as planned. A milestone that says neither is `unknown`: the
roadmap draws it and counts it as such, and it is never overdue, since nobody has said it
is still to be reached. Planned and blocked milestones past their date are overdue.
"""
from __future__ import annotations

import datetime as dt

from playbook.content.dates import parse_date
from playbook.i18n import N_

STATES = ("planned", "blocked", "done", "dropped", "unknown")
STATE_WORDS = {"planned": N_("planned"), "done": N_("done"), "dropped": N_("dropped"), "blocked": N_("blocked"),
               "unknown": N_("unknown")}
"""Each state as a catalogue message."""
OPEN = frozenset({"planned", "blocked", "unknown"})
"""The states of a milestone still to be reached."""


def milestone_state(milestone: dict) -> str:
    state = milestone.get("state")
    if isinstance(state, str) and state in STATE_WORDS:
        return state
    done = milestone.get("done")
    return "done" if done is True else "planned" if done is False else "unknown"


def overdue(milestone: dict, as_of: dt.date) -> bool:
    """Planned or blocked, and its date has passed."""
    when = parse_date(milestone.get("date"))
    return when is not None and when < as_of and milestone_state(milestone) in ("planned", "blocked")
