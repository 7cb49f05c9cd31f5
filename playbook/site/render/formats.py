"""How values read on the site: kind names, field labels, dates, numbers and statuses.

One place for the words and formats every page uses, so a KPI value or a date
looks the same on the scorecard, the KPI page and the alignment statement. Words
come from the catalogue or the organization's own terms (`playbook.i18n`), in the
language the site is written in.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from playbook import i18n
from playbook.check.status import NO_DATA
from playbook.content.dates import parse_date
from playbook.i18n import _
from playbook.i18n.terms import count, kind_title, label, status_text
from playbook.site import svg
from playbook.site.charts.style import STATUS_SHAPES, status_key
from playbook.site.render.html import el

__all__ = ["badge", "count", "date", "decimals_of", "kind_title", "label", "number",
           "operations", "status_class", "status_text"]


def operations() -> str:
    """The sidebar section of the team, registry, calendar, due and mode pages."""
    return _("Operations")


def date(value) -> Markup:
    """A `<time>` element for a date or YYYY-MM-DD text (other text unchanged)."""
    day = parse_date(value)
    if day is None:
        return escape("" if value is None else str(value))
    return el("time", i18n.date(day), datetime=day.isoformat())


def number(value: float, unit: str | None = None, decimals: int | None = None) -> str:
    return svg.with_unit(value, unit or "", decimals) if unit else i18n.number(value, decimals)


def decimals_of(values) -> int:
    """How many decimals the given numbers are written with (at most 3)."""
    return min(3, max((len(f"{v:g}".partition(".")[2]) for v in values), default=0))


def status_class(status: str) -> str:
    return "pb-badge pb-badge--" + status.replace(" ", "-")


def badge(status: str | None) -> Markup:
    """The status as its shape and words in a coloured badge (colour never carries it alone)."""
    status = status or NO_DATA
    return el("span", shape(status), status_text(status), class_=status_class(status))


def shape(status: str) -> Markup:
    """The status's own shape, drawn in the text's colour; the words beside it say what it means."""
    return Markup('<svg class="pb-shape" viewBox="0 0 10 10" width="10" height="10" aria-hidden="true" focusable="false">'
                  '<path fill="currentColor" fill-rule="evenodd" d="{}"/></svg>').format(STATUS_SHAPES[status_key(status)])
