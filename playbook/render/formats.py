"""How values read on the site: kind names, field labels, dates, numbers and statuses.

One place for the words and formats every page uses, so a KPI value or a date
looks the same on the scorecard, the KPI page and the alignment statement.
"""
from __future__ import annotations

import datetime as dt

from markupsafe import Markup, escape

from .. import svg
from ..dates import parse_date
from ..status import NO_DATA
from .html import el

SECTION_TITLES = {
    "strategy": "Strategies", "department": "Departments", "goal": "Goals", "tactic": "Tactics",
    "kpi": "KPIs", "audience": "Audiences", "channel": "Channels", "policy": "Policies",
    "initiative": "Initiatives", "maturity": "Maturity", "relationship": "Relationships", "theme": "Themes",
    "person": "People",
}
OPERATIONS = "Operations"
"""The sidebar section of the team, registry, calendar, due and mode pages."""
LABELS = {"kpi": "KPI", "kpis": "KPIs", "url": "URL", "cta": "CTA"}


def kind_label(kind: str) -> str:
    """A kind for people: 'Goal', 'KPI' (written as a field label is)."""
    return label(kind)


def label(name: str) -> str:
    """A field or relation name for people: `call_to_action` -> 'Call to action'."""
    words = name.replace(".", " ").replace("_", " ").replace("-", " ").split()
    words = [LABELS.get(w, w) for w in words]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def date_text(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%b')} {day.year}"


def date(value) -> Markup:
    """A `<time>` element for a date or YYYY-MM-DD text (other text unchanged)."""
    day = parse_date(value)
    if day is None:
        return escape("" if value is None else str(value))
    return el("time", date_text(day), datetime=day.isoformat())


def number(value: float, unit: str | None = None, decimals: int | None = None) -> str:
    return svg.with_unit(value, unit or "", decimals) if unit else svg.fmt_value(value, decimals)


def decimals_of(values) -> int:
    """How many decimals the given numbers are written with (at most 3)."""
    return min(3, max((len(f"{v:g}".partition(".")[2]) for v in values), default=0))


def status_class(status: str) -> str:
    return "pb-badge pb-badge--" + status.replace(" ", "-")


def badge(status: str | None) -> Markup:
    """The status as words in a coloured badge (colour never carries it alone)."""
    status = status or NO_DATA
    return el("span", status, class_=status_class(status))


def count(n: int, kind: str) -> str:
    """'1 goal', '3 goals', '2 KPIs'."""
    word = kind_label(kind) if n == 1 else SECTION_TITLES[kind]
    return f"{n} {word if word.startswith('KPI') else word.lower()}"
