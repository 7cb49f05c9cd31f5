"""Colours, sizes and CSS class names shared by the charts.

Every colour here is the inline default; each element also carries a `pb-`
class so the site stylesheet can re-theme it (dark mode, print). Text colours
reach at least 4.5:1 against white and against the light node fills; neutral
text and axes use `currentColor`, so inline charts follow the page's text colour.
A status is never shown by colour alone: the charts print its words too.
"""
from __future__ import annotations

from playbook.check.status import (
    ACHIEVED,
    AT_RISK,
    MISSED,
    NO_DATA,
    OFF_TRACK,
    ON_TRACK,
    STALE,
)

INK = "currentColor"
MUTED = "#57606a"
GRID = "#8c959f"
# Measured values and today's line: at least 4.5:1 on white and 3:1 on a dark page.
ACCENT = "#1f6feb"
TODAY = "#cf222e"
# Secondary text and lines: the page's text colour, softened (about 9:1 on white).
SOFT_FILL = {"fill": INK, "fill_opacity": 0.72}
SOFT_LINE = {"stroke": INK, "stroke_opacity": 0.72}
FONT = 12
SMALL = 10.5

STATUS_COLOURS = {ON_TRACK: "#116329", ACHIEVED: "#116329", AT_RISK: "#7d4e00", STALE: "#7d4e00",
                  OFF_TRACK: "#a40e26", MISSED: "#a40e26", NO_DATA: MUTED}

# Light fills with dark text keep the node boxes readable in light and dark pages.
NODE_TEXT = "#1f2328"
ORPHAN = "#a40e26"
KIND_FILLS = {"strategy": ("#ddf4ff", "#0550ae"), "goal": ("#dafbe1", "#116329"),
              "tactic": ("#fff8c5", "#7d4e00"), "kpi": ("#fbefff", "#6639ba")}
DEFAULT_FILL = ("#f6f8fa", "#57606a")
PHASE_COLOURS = ("#0550ae", "#6639ba", "#1b7c83", "#953800", "#99286e", "#116329")


def status_key(status: str | None) -> str:
    """The known status a status text starts with ('on track (stale)' -> 'on track')."""
    words = (status or "").strip().lower()
    for known in STATUS_COLOURS:
        if words.startswith(known):
            return known
    return NO_DATA


def status_colour(status: str | None) -> str:
    return STATUS_COLOURS[status_key(status)]


def status_class(status: str | None) -> str:
    return "pb-status-" + status_key(status).replace(" ", "-")
