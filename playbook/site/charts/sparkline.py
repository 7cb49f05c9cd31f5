"""A word-sized line chart of a KPI's measurements, for the scorecard table.

The values as a line, the target as a dashed horizontal line, the latest value
as a dot in the status colour, and the status printed as words beside it.
"""
from __future__ import annotations

from playbook.i18n import _, date, number
from playbook.i18n.terms import status_text
from playbook.site import svg
from playbook.site.charts.scales import Linear, Point, Timeline, finite, padded, real
from playbook.site.charts.style import (
    ACCENT,
    SMALL,
    SOFT_LINE,
    STATUS_COLOURS,
    status_class,
    status_colour,
)

PAD = 3


def sparkline(points: list[Point], *, target: float | None, baseline: float | None = None,
              status: str = "no data", label: str, width: int = 140, height: int = 36,
              show_status: bool = True) -> str:
    """Tiny line chart with a dashed target line; `label` names it for screen readers.
    With `show_status` the status words take the right-hand part of the width,
    the same part for every status, so sparklines in a column line up."""
    points, target, baseline = finite(points), real(target), real(baseline)
    ident = svg.chart_id("spark", label, tuple(points), target, baseline, status)
    status = svg.clean(status) or "no data"
    words = max(svg.text_width(status_text(s), SMALL) for s in (status, *STATUS_COLOURS)) + 6 if show_status else 0
    right = max(width - words - PAD, PAD + 8)
    values = [p.value for p in points] + [v for v in (target, baseline) if v is not None]
    lo, hi = padded(min(values), max(values)) if values else (0.0, 1.0)
    y = Linear(lo, hi, height - PAD, PAD)
    body = []
    if target is not None:
        body.append(svg.el("line", svg.title(_("Target: {value}", value=number(target))), class_="pb-target",
                           x1=float(PAD), y1=y(target), x2=right, y2=y(target), **SOFT_LINE,
                           stroke_width=1.0, stroke_dasharray="3 2"))
    if points:
        body += _line(points, y, right, status)
    if show_status:
        body.append(svg.text(right + 6, height / 2 + SMALL * 0.35, status_text(status), font_size=SMALL, fill=status_colour(status),
                             class_=f"pb-status {status_class(status)}"))
    return svg.document(ident, f"{label}: {status_text(status)}", _describe(points, target, status), width, height,
                        body, class_="pb-sparkline", fixed_size=True)


def _line(points: list[Point], y: Linear, right: float, status: str) -> list[str]:
    x = Timeline(points[0].date, points[-1].date, PAD + 2, right - 3)
    coords = " ".join(f"{svg.num(x(p.date))},{svg.num(y(p.value))}" for p in points)
    last = points[-1]
    return [svg.el("polyline", None, class_="pb-line", points=coords, fill="none", stroke=ACCENT,
                   stroke_width=1.5, stroke_linejoin="round", stroke_linecap="round"),
            svg.el("circle", svg.title(f"{date(last.date)}: {number(last.value)}"),
                   class_=f"pb-latest {status_class(status)}", cx=x(last.date), cy=y(last.value),
                   r=2.5, fill=status_colour(status))]


def _describe(points: list[Point], target: float | None, status: str) -> str:
    parts = []
    if points:
        last = points[-1]
        parts.append(_("{count} measurements; latest {value} on {date}", count=number(len(points)),
                       value=number(last.value), date=date(last.date)))
    else:
        parts.append(_("No measurements yet"))
    if target is not None:
        parts.append(_("target {value}", value=number(target)))
    parts.append(_("status {status}", status=status_text(status)))
    return "; ".join(parts) + "."
