"""The owner's dated commentary on a KPI, goal or initiative, as pages and rules read it.

The schemas declare `commentary` (date, why, next, help, author); this module picks
the entries a reader can use from whatever a file holds, so that pages, the checker
and the writer agree on which entry is the latest: the one with the latest valid date,
and of those dated alike, the one written last.
"""
from __future__ import annotations

from playbook.content.dates import parse_date

PARTS = ("why", "next", "help_needed")
"""The entry's text fields, in the order pages show them."""


def entries(data: dict) -> list[dict]:
    """The entries with a valid date and a reason, oldest first (file order within a day)."""
    found = data.get("commentary")
    if not isinstance(found, list):
        return []
    usable = [e for e in found if isinstance(e, dict) and parse_date(e.get("date")) and isinstance(e.get("why"), str)]
    return sorted(usable, key=lambda e: parse_date(e["date"]))


def latest(data: dict) -> dict | None:
    """The most recent usable entry, or None."""
    found = entries(data)
    return found[-1] if found else None
