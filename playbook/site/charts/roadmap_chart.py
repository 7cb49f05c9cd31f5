"""The roadmap timeline: initiatives as bars grouped by phase.

Years and quarters run along the top; each phase gets a label row and one row
per initiative (phases in order of their first start). Milestones are diamonds
on their initiative's row: filled when done, hollow when planned, red when blocked,
dashed when dropped, dotted when their state is unknown (the legend names each state
drawn, and each diamond's tooltip says it in words); a dependency is an arrow from the
end of the prerequisite to the start of the dependent initiative; a vertical
line marks today when today falls inside the timeline, otherwise a note says
where today lies. The height grows with the number of initiatives.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from playbook import i18n
from playbook.i18n import N_, _
from playbook.site import svg
from playbook.site.charts.scales import Timeline, add_months
from playbook.site.charts.style import (
    FONT,
    GRID,
    INK,
    PHASE_COLOURS,
    SMALL,
    SOFT_FILL,
    SOFT_LINE,
    TODAY,
)

TODAY_BAND, HEADER, PHASE_ROW, BAR_ROW, BAR_HEIGHT, LEGEND = 22, 40, 26, 28, 14, 34


@dataclass(frozen=True)
class Milestone:
    title: str
    date: dt.date
    state: str  # planned, done, dropped, blocked or unknown (`check.milestones`)


MILESTONE_LOOKS = {
    "done": {"fill": INK, "stroke": INK},
    "planned": {"fill": "none", "stroke": INK},
    "blocked": {"fill": TODAY, "stroke": TODAY},
    "dropped": {"fill": "none", "stroke": INK, "stroke_dasharray": "2 2", "stroke_opacity": 0.6},
    "unknown": {"fill": "none", "stroke": INK, "stroke_dasharray": "1 2"},
}
"""How each state draws its diamond; the tooltip and the legend say the state in words."""
MILESTONE_TIPS = {
    "done": N_("Milestone: {title}, {date} (done)"), "planned": N_("Milestone: {title}, {date} (planned)"),
    "blocked": N_("Milestone: {title}, {date} (blocked)"), "dropped": N_("Milestone: {title}, {date} (dropped)"),
    "unknown": N_("Milestone: {title}, {date} (state unknown)"),
}
MILESTONE_LEGEND = {"done": N_("Milestone done"), "planned": N_("Milestone planned"), "blocked": N_("Blocked"),
                    "dropped": N_("Dropped"), "unknown": N_("State unknown")}


@dataclass(frozen=True)
class Bar:
    """One roadmap initiative; `href` is already relative to the page (None: no link)."""

    id: str
    title: str
    phase: str
    start: dt.date
    end: dt.date
    href: str | None
    milestones: tuple[Milestone, ...] = ()
    depends_on: tuple[str, ...] = ()  # ids of other bars


@dataclass(frozen=True)
class Row:
    bar: Bar
    y: float  # centre line
    phase_index: int


def roadmap(bars: list[Bar], *, today: dt.date, title: str = "", width: int = 960) -> str:
    ident = svg.chart_id("roadmap", title, tuple(b.id for b in bars), today)
    label_width = min(max(width * 0.3, 150), 300)
    x = _timeline(bars, today, label_width + 8, width - 16)
    rows, phase_rows, bottom = _layout(bars, TODAY_BAND + HEADER + 6)
    body = [_defs(ident), *_header(x, TODAY_BAND, bottom)]
    body += [_phase_label(phase, y, width) for phase, y in phase_rows]
    body += [_bar(row, x, label_width) for row in rows]
    body += _dependencies(rows, x, ident)
    body += [_milestone(m, x, row) for row in rows for m in row.bar.milestones]
    body.append(_today(today, x, bars, bottom))
    if not bars:
        body.append(svg.text(x.start, bottom + 14, _("No initiatives yet."), font_size=FONT, **SOFT_FILL,
                             class_="pb-empty"))
        bottom += 24
    shown = {"done", "planned"} | {m.state for b in bars for m in b.milestones}
    body.append(_legend(ident, bottom + LEGEND - 12, shown))
    return svg.document(ident, title or _("Roadmap"), _describe(bars, phase_rows, today, x), width, bottom + LEGEND,
                        body, class_="pb-roadmap")


def _span(bar: Bar) -> tuple[dt.date, dt.date]:
    return min(bar.start, bar.end), max(bar.start, bar.end)


def _timeline(bars: list[Bar], today: dt.date, start: float, end: float) -> Timeline:
    """Whole quarters covering every bar and milestone (or the year from today)."""
    dates = [d for b in bars for d in (*_span(b), *(m.date for m in b.milestones))]
    first, last = (min(dates), max(dates)) if dates else (today, add_months(today, 11))
    first = add_months(first, -((first.month - 1) % 3))
    last = add_months(last, 3 - (last.month - 1) % 3)
    return Timeline(first, last, start, end)


def _layout(bars: list[Bar], top: float) -> tuple[list[Row], list[tuple[str, float]], float]:
    """Rows of bars grouped by phase, phases in order of their first start."""
    phases: dict[str, list[Bar]] = {}
    for bar in sorted(bars, key=lambda b: (*_span(b), svg.clean(b.title), b.id)):
        phases.setdefault(svg.clean(bar.phase) or _("Unphased"), []).append(bar)
    rows, phase_rows, y = [], [], top
    for index, (phase, members) in enumerate(phases.items()):
        phase_rows.append((phase, y + PHASE_ROW * 0.68))
        y += PHASE_ROW
        for bar in members:
            rows.append(Row(bar, y + BAR_ROW / 2, index))
            y += BAR_ROW
    return rows, phase_rows, y + 6


def _defs(ident: str) -> str:
    head = svg.el("path", None, d="M0,0 L8,4 L0,8 z", **SOFT_FILL)
    return svg.el("defs", svg.el("marker", head, id=f"{ident}-arrow", viewBox="0 0 8 8", refX=8, refY=4,
                                 markerWidth=6, markerHeight=6, orient="auto"))


def _header(x: Timeline, top: float, bottom: float) -> list[str]:
    out = [svg.el("line", None, x1=x.start, y1=top + HEADER, x2=x.end, y2=top + HEADER, stroke=GRID,
                  class_="pb-axis")]
    quarter_width = (x.end - x.start) / max(1, ((x.last - x.first).days / 91.3))
    day = x.first
    while day < x.last:
        following = add_months(day, 3)
        left, right = x(day), x(min(following, x.last))
        year_start = day.month == 1 or day == x.first
        if year_start:
            year_end = min(dt.date(day.year + 1, 1, 1), x.last)
            if x(year_end) - left >= 34:
                out.append(svg.text((left + x(year_end)) / 2, top + 15, str(day.year), text_anchor="middle",
                                    font_size=FONT, font_weight="bold", fill=INK, class_="pb-year"))
        if quarter_width >= 22:
            out.append(svg.text((left + right) / 2, top + 33, i18n.quarter(day),
                                text_anchor="middle", font_size=SMALL, **SOFT_FILL, class_="pb-quarter"))
        if day.month == 1 or quarter_width >= 10:
            out.append(svg.el("line", None, x1=left, y1=top + (0 if day.month == 1 else 20), x2=left, y2=bottom,
                              stroke=GRID, stroke_opacity=0.6 if day.month == 1 else 0.25, class_="pb-grid"))
        day = following
    out.append(svg.el("line", None, x1=x.end, y1=top, x2=x.end, y2=bottom, stroke=GRID, stroke_opacity=0.6,
                      class_="pb-grid"))
    return out


def _phase_label(phase: str, y: float, width: float) -> str:
    return svg.el("g", [
        svg.el("line", None, x1=0, y1=y - PHASE_ROW * 0.68, x2=width, y2=y - PHASE_ROW * 0.68, stroke=GRID,
               stroke_opacity=0.35),
        svg.text(0, y, svg.truncate(phase, width * 0.6, FONT), font_size=FONT, font_weight="bold", fill=INK),
    ], class_="pb-phase")


def _bar(row: Row, x: Timeline, label_width: float) -> str:
    bar = row.bar
    start, end = _span(bar)
    left, right = x(start), x(end)
    colour = PHASE_COLOURS[row.phase_index % len(PHASE_COLOURS)]
    if right - left < 6:
        left, right = (left + right) / 2 - 3, (left + right) / 2 + 3
    done = sum(m.state == "done" for m in bar.milestones)
    unknown = sum(m.state == "unknown" for m in bar.milestones)
    tip = _("{title} ({phase}): {start} to {end}", title=svg.clean(bar.title), phase=svg.clean(bar.phase) or _("unphased"),
            start=i18n.date(start), end=i18n.date(end))
    if bar.milestones:
        tip += "; " + _("{done} of {count} milestones done", done=i18n.number(done), count=i18n.number(len(bar.milestones)))
    if unknown:
        tip += "; " + _("{count} of unknown state", count=i18n.number(unknown))
    return svg.link(bar.href, [
        svg.title(tip),
        svg.text(12, row.y + FONT * 0.35, svg.truncate(bar.title, label_width - 16, FONT), font_size=FONT,
                 fill=INK, class_="pb-bar-label"),
        svg.el("rect", None, x=left, y=row.y - BAR_HEIGHT / 2, width=right - left, height=float(BAR_HEIGHT), rx=3,
               fill=colour, fill_opacity=0.22, stroke=colour, stroke_width=1.5),
    ], class_=f"pb-bar pb-phase-{row.phase_index}")


def _dependencies(rows: list[Row], x: Timeline, ident: str) -> list[str]:
    by_id: dict[str, Row] = {}
    for row in rows:
        by_id.setdefault(row.bar.id, row)
    out = []
    for row in rows:
        for needed in dict.fromkeys(row.bar.depends_on):
            before = by_id.get(needed)
            if before is None or before is row:
                continue
            out.append(svg.el("path", svg.title(_("{title} depends on {other}", title=svg.clean(row.bar.title),
                                                  other=svg.clean(before.bar.title))),
                              d=_route(x(_span(before.bar)[1]), before.y, x(_span(row.bar)[0]), row.y),
                              fill="none", **SOFT_LINE, stroke_width=1.25,
                              marker_end=f"url(#{ident}-arrow)", class_="pb-dependency"))
    return out


def _route(x1: float, y1: float, x2: float, y2: float) -> str:
    """An elbow path from the end of one bar to the start of another."""
    if x2 - x1 >= 14:
        bend = x1 + 7
        return f"M{svg.num(x1)},{svg.num(y1)} H{svg.num(bend)} V{svg.num(y2)} H{svg.num(x2)}"
    between = y2 - BAR_ROW / 2 if y2 > y1 else y2 + BAR_ROW / 2
    return (f"M{svg.num(x1)},{svg.num(y1)} h7 V{svg.num(between)} H{svg.num(x2 - 10)} "
            f"V{svg.num(y2)} H{svg.num(x2)}")


def _milestone(milestone: Milestone, x: Timeline, row: Row) -> str:
    cx, cy, r = x(milestone.date), row.y, 6
    state = milestone.state if milestone.state in MILESTONE_LOOKS else "unknown"
    points = f"{svg.num(cx)},{svg.num(cy - r)} {svg.num(cx + r)},{svg.num(cy)} {svg.num(cx)},{svg.num(cy + r)} " \
             f"{svg.num(cx - r)},{svg.num(cy)}"
    tip = _(MILESTONE_TIPS[state], title=svg.clean(milestone.title), date=i18n.date(milestone.date))
    return svg.el("polygon", svg.title(tip), points=points, stroke_width=1.5, **MILESTONE_LOOKS[state],
                  class_=f"pb-milestone pb-milestone-{state}")


def _today(today: dt.date, x: Timeline, bars: list[Bar], bottom: float) -> str:
    if not bars:
        return svg.text(x.start, 14, _("Today: {date}.", date=i18n.date(today)), font_size=SMALL, **SOFT_FILL,
                        class_="pb-today-note")
    if not x.contains(today):
        first, last = min(_span(b)[0] for b in bars), max(_span(b)[1] for b in bars)
        note = _("Today ({date}) is before the roadmap starts ({start}).", date=i18n.date(today), start=i18n.date(first)) \
            if today < x.first else \
            _("Today ({date}) is after the roadmap ends ({end}).", date=i18n.date(today), end=i18n.date(last))
        return svg.text(x.start, 14, note, font_size=SMALL, **SOFT_FILL, class_="pb-today-note")
    tx = x(today)
    anchor = "start" if tx - x.start < 60 else "end" if x.end - tx < 60 else "middle"
    return svg.el("g", [
        svg.el("path", None, d=f"M{svg.num(tx)},17 V{TODAY_BAND + 3} M{svg.num(tx)},{TODAY_BAND + HEADER} "
                               f"V{svg.num(bottom)}", stroke=TODAY, stroke_width=1.5),
        svg.text(tx, 13, _("Today {date}", date=i18n.date(today)), text_anchor=anchor, font_size=SMALL, font_weight="bold",
                 fill=TODAY),
    ], class_="pb-today")


def _legend(ident: str, y: float, states) -> str:
    diamond = "0,-6 6,0 0,6 -6,0"
    items = [(_(MILESTONE_LEGEND[state]), svg.el("polygon", None, points=diamond, stroke_width=1.5,
                                                 **MILESTONE_LOOKS[state], transform="translate(6 -4)"))
             for state in MILESTONE_LOOKS if state in states]
    items += [
        (_("Depends on"), svg.el("path", None, d="M-4,-4 H16", **SOFT_LINE, stroke_width=1.25,
                              marker_end=f"url(#{ident}-arrow)")),
        (_("Today"), svg.el("line", None, x1=6, y1=-12, x2=6, y2=4, stroke=TODAY, stroke_width=1.5)),
    ]
    out, at = [], 0.0
    for label, swatch in items:
        out.append(svg.el("g", [swatch, svg.text(22, 0, label, font_size=SMALL, fill=INK)],
                          transform=f"translate({svg.num(at)} {svg.num(y)})"))
        at += 22 + svg.text_width(label, SMALL) + 20
    return svg.el("g", out, class_="pb-legend")


def _describe(bars, phase_rows, today, x: Timeline) -> str:
    if not bars:
        return _("No initiatives yet; today is {date}.", date=i18n.date(today))
    starts, ends = [_span(b)[0] for b in bars], [_span(b)[1] for b in bars]
    text = _("{bars} initiatives in {count} phases ({phases}), from {start} to {end}; today is {date}",
             bars=i18n.number(len(bars)), count=i18n.number(len(phase_rows)), phases=", ".join(p for p, __ in phase_rows),
             start=i18n.date(min(starts)), end=i18n.date(max(ends)), date=i18n.date(today))
    return text + ("" if x.contains(today) else _(", outside the timeline")) + "."
