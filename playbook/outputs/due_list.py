"""`playbook due` output: text, JSON, Markdown (for a weekly issue) and iCalendar.

The items come from one edition's copy of the graph (`playbook due --edition`, default
internal), so each format holds only what that edition shows. In Markdown, every text
that comes from content is made inert (`inert_markdown`): no link, image or @-mention; the
one mention it makes is of each owner with overdue items, by the GitHub login in their
contact (only where the edition shows it, and only a login GitHub would accept).

The iCalendar file is `playbook.living.due_calendar`'s, the one each person's feed in the
site is made with.
"""
from __future__ import annotations

import datetime as dt
import json

from playbook.living.deadlines import DueItem
from playbook.living.due_calendar import to_ics
from playbook.living.inert_markdown import inert


def _state(item: DueItem, as_of: dt.date) -> str:
    days = (item.date - as_of).days
    if days < 0 and not item.overdue(as_of):
        return "passed, state unknown"
    return f"overdue by {-days} days" if days < 0 else "due today" if days == 0 else f"in {days} days"


def to_text(items: list[DueItem], as_of: dt.date) -> str:
    lines = [f"{item.date}  {_state(item, as_of):<19} {item.label}" + (f"  ({item.owner})" if item.owner else "")
             for item in items]
    overdue = sum(1 for item in items if item.overdue(as_of))
    return "\n".join(lines + [f"{len(items)} due, {overdue} overdue, as of {as_of}."])


def to_json(items: list[DueItem], as_of: dt.date) -> str:
    return json.dumps([{"date": item.date.isoformat(), "overdue": item.overdue(as_of), "what": item.what,
                        "kind": item.entity.kind if item.entity else "plan", "id": item.entity.id if item.entity else "",
                        "title": item.entity.title if item.entity else "",
                        "detail": item.detail, "owner": item.owner, "owner_id": item.owner_id, "uid": item.uid}
                       for item in items], indent=2, ensure_ascii=False)


def to_markdown(items: list[DueItem], as_of: dt.date) -> str:
    overdue = sum(1 for item in items if item.overdue(as_of))
    head = [f"## What is due as of {as_of}", "", f"{len(items)} items, {overdue} overdue.", ""]
    if not items:
        return "\n".join(head[:2] + ["Nothing is due."])
    rows = ["| Date | State | What | Owner |", "|---|---|---|---|"]
    rows += [f"| {item.date} | {_state(item, as_of)} | {inert(item.label)} | {inert(item.owner) or '-'} |" for item in items]
    return "\n".join(head + rows + _mentions(items, as_of))


def _mentions(items: list[DueItem], as_of: dt.date) -> list[str]:
    """One line that mentions, by GitHub login, each owner with overdue items, so that they are notified."""
    logins = sorted({item.owner_login for item in items if item.overdue(as_of) and item.owner_login})
    return ["", "Overdue items wait for " + ", ".join(f"@{login}" for login in logins) + "."] if logins else []


FORMATS = {"text": to_text, "json": to_json, "markdown": to_markdown, "ics": to_ics}
