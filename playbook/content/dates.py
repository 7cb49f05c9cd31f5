"""Calendar helpers shared by the checker, KPI status and the roadmap."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

CADENCE_DAYS = {"weekly": 7, "monthly": 31, "quarterly": 92, "annual": 366, "biennial": 731}
"""Days in one period of each cadence; a `per-event` KPI has none: it is never stale by time."""


FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
"""The dates a playbook may name. Plans, reviews and charts add months and years to
them, which must stay inside the calendar; no strategy needs years beyond these."""
MAX_DAYS = (LAST_DATE - FIRST_DATE).days
"""The most days a setting or option may count (the span of those dates): added to any
of them, it stays far inside the calendar."""


def parse_date(value) -> dt.date | None:
    """A date from YYYY-MM-DD text within FIRST_DATE..LAST_DATE, or None when it is not one."""
    if isinstance(value, dt.date):
        return value if FIRST_DATE <= value <= LAST_DATE else None
    if not isinstance(value, str) or len(value) != 10:
        return None
    return _date_of(value)


@lru_cache(maxsize=4096)
def _date_of(text: str) -> dt.date | None:
    # the same few dates are read again and again (every measurement, by every rule)
    try:
        return parse_date(dt.date.fromisoformat(text))
    except ValueError:
        return None


def date_problem(text: str) -> str | None:
    """Why `text` is not a usable date, or None when it is one."""
    if parse_date(text) is not None:
        return None
    try:
        dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return f"'{text}' is not a date (expected YYYY-MM-DD, e.g. 2027-06-30)"
    return f"'{text}' is outside the dates a playbook may use ({FIRST_DATE} to {LAST_DATE})"
