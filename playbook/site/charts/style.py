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

STATUS_SHAPES = {  # a shape per status in a 10 by 10 box, so status never rests on colour alone
    ON_TRACK: "M5 .5a4.5 4.5 0 1 0 .01 0z",  # a disc
    ACHIEVED: "M5 .3l1.4 3 3.3.4-2.4 2.3.6 3.3L5 7.7 2.1 9.3l.6-3.3L.3 3.7l3.3-.4z",  # a star
    AT_RISK: "M5 .5l4.6 8.7H.4z",  # a triangle
    STALE: "M1 .5h8L5.6 5 9 9.5H1L4.4 5z",  # an hourglass
    OFF_TRACK: "M1.5.5L5 4 8.5.5l1 1L6 5l3.5 3.5-1 1L5 6 1.5 9.5l-1-1L4 5 .5 1.5z",  # a cross
    MISSED: "M.5.5h9v9h-9zM2.5 3.5l1-1L5 4l1.5-1.5 1 1L6 5l1.5 1.5-1 1L5 6 3.5 7.5l-1-1L4 5z",  # a crossed square
    NO_DATA: "M1 4h8v2H1z",  # a dash
}
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
