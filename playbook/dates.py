"""Calendar helpers shared by the checker, KPI status and the roadmap."""
from __future__ import annotations

import datetime as dt

CADENCE_DAYS = {"weekly": 7, "monthly": 31, "quarterly": 92}


def parse_date(value) -> dt.date | None:
    """A date from YYYY-MM-DD text, or None when it is not one."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
