"""The alignment map: strategy -> goals -> tactics -> KPIs as linked boxes.

Columns run left to right; each node is a rounded box holding its (shortened)
label, with the full label in its tooltip, and a link when it has a page.
Edges are curves between boxes and may skip a column. Nodes outside the chain
(orphans) get a dashed red border and the word "unlinked". To keep the drawing
readable, nodes are ordered within their column by the barycentre of their
neighbours (two sweeps each way), then moved level with their neighbours as far
as the spacing allows. Every step is linear in nodes plus edges (bar sorting).
"""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from playbook.i18n import _, number
from playbook.i18n.terms import KIND_TITLES, kind_title, status_text
from playbook.site import svg
from playbook.site.charts.style import (
    DEFAULT_FILL,
    FONT,
    GRID,
    INK,
    KIND_FILLS,
    NODE_TEXT,
    ORPHAN,
    SMALL,
    STATUS_SHAPES,
    status_class,
    status_colour,
    status_key,
)

BOX_W, BOX_H, GAP_X, GAP_Y, HEAD, MARGIN = 190, 50, 64, 14, 32, 2
PITCH = BOX_H + GAP_Y
SWEEPS = 2


@dataclass(frozen=True)
class Node:
    key: str  # unique, e.g. "goal:recruit-talent"
    label: str
    kind: str  # strategy, goal, tactic, kpi
    href: str | None
    orphan: bool = False  # marked by a dashed red border and the word "unlinked"
    status: str | None = None  # optional KPI or goal status, printed as words


def alignment_map(columns: list[list[Node]], edges: list[tuple[str, str]], *,
                  title: str = "", headings: list[str] | None = None, boxes: dict | None = None) -> str:
    """`headings` names the columns; by default they are named for their nodes' kind. `boxes`,
    kept by the caller from one drawing to the next in the same language, holds each box drawn
    by its node and place: a box that stays the same is not drawn again."""
    columns = _unique(columns)
    column_of = {n.key: c for c, col in enumerate(columns) for n in col}
    links = list(dict.fromkeys((a, b) for a, b in edges if a in column_of and b in column_of and a != b))
    neighbours: dict[str, list[str]] = {key: [] for key in column_of}
    for a, b in links:
        neighbours[a].append(b)
        neighbours[b].append(a)
    columns = _order(columns, column_of, neighbours)
    ys = _place(columns, neighbours)
    width = MARGIN * 2 + max(1, len(columns)) * BOX_W + max(0, len(columns) - 1) * GAP_X
    height = max(ys.values()) + BOX_H + MARGIN if ys else HEAD + 24
    ident = svg.chart_id("map", title, tuple(column_of), tuple(links))
    names = _names(columns, headings)
    body = _headings(columns, names)
    tops = [[ys[n.key] for n in col] for col in columns]
    body += [_edge(column_of[a], ys[a], column_of[b], ys[b], tops) for a, b in links]
    body += _boxes(columns, column_of, ys, {} if boxes is None else boxes)
    if not column_of:
        body.append(svg.text(MARGIN, HEAD + 14, _("Nothing to map yet."), font_size=FONT, fill=INK, class_="pb-empty"))
    return svg.document(ident, title or _("Alignment map"), _describe(columns, names, links), width, height, body, class_="pb-alignment-map")


def _unique(columns: list[list[Node]]) -> list[list[Node]]:
    """The columns with each key kept once (its first appearance)."""
    seen: set[str] = set()
    out = []
    for col in columns:
        out.append([n for n in col if not (n.key in seen or seen.add(n.key))])
    return out


def _order(columns, column_of, neighbours) -> list[list[Node]]:
    """Barycentre ordering: sweep right using neighbours to the left, then back."""
    rank = {n.key: (i + 0.5) / len(col) for col in columns for i, n in enumerate(col)}
    columns = [list(col) for col in columns]
    sweeps = [(c, -1) for c in range(1, len(columns))] + [(c, 1) for c in range(len(columns) - 2, -1, -1)]
    for __ in range(SWEEPS):
        for c, side in sweeps:
            centre = {}
            for n in columns[c]:
                near = [rank[k] for k in neighbours[n.key] if (column_of[k] - c) * side > 0]
                centre[n.key] = sum(near) / len(near) if near else rank[n.key]
            columns[c].sort(key=lambda n: centre[n.key])
            rank.update({n.key: (i + 0.5) / len(columns[c]) for i, n in enumerate(columns[c])})
    return columns


def _place(columns: list[list[Node]], neighbours) -> dict[str, float]:
    """Top edge of each box: the tallest column packed, the others level with
    their neighbours as far as the spacing and order allow."""
    ys = {n.key: HEAD + i * PITCH for col in columns for i, n in enumerate(col)}
    tallest = max(range(len(columns)), key=lambda c: len(columns[c]), default=0)
    others = [c for c in range(len(columns)) if c != tallest]
    for c in others + others[::-1]:
        desired = []
        for n in columns[c]:
            near = [ys[k] for k in neighbours[n.key]]
            desired.append(sum(near) / len(near) if near else ys[n.key])
        ys.update(zip((n.key for n in columns[c]), _spread(desired)))
    return ys


def _spread(desired: list[float]) -> list[float]:
    """Positions closest (least squares) to the desired ones that keep their
    order, at least PITCH apart and below HEAD: pool adjacent violators."""
    blocks: list[list[float]] = []  # [mean of shifted positions, count]
    for i, want in enumerate(desired):
        blocks.append([want - i * PITCH, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean, count = blocks.pop()
            blocks[-1] = [(blocks[-1][0] * blocks[-1][1] + mean * count) / (blocks[-1][1] + count),
                          blocks[-1][1] + count]
    shifted = [max(mean, HEAD) for mean, count in blocks for __ in range(int(count))]
    return [z + i * PITCH for i, z in enumerate(shifted)]


def _names(columns: list[list[Node]], headings: list[str] | None) -> list[str]:
    """Each column's heading: given, or named for its nodes' most common kind."""
    names = []
    for c, col in enumerate(columns):
        if headings and c < len(headings):
            names.append(svg.clean(headings[c]))
        elif col:
            kind = svg.clean(Counter(n.kind for n in col).most_common(1)[0][0])
            names.append(kind_title(kind, plural=True) if kind in KIND_TITLES else kind)
        else:
            names.append("")
    return names


def _headings(columns: list[list[Node]], names: list[str]) -> list[str]:
    return [svg.text(MARGIN + c * (BOX_W + GAP_X), 18, svg.truncate(f"{name} ({len(col)})", BOX_W, FONT + 1),
                     font_size=FONT + 1, font_weight="bold", fill=INK, class_="pb-column-heading")
            for c, (col, name) in enumerate(zip(columns, names)) if name]


def _left(column: int) -> float:
    return MARGIN + column * (BOX_W + GAP_X)


def _edge(ca: int, ya: float, cb: int, yb: float, tops: list[list[float]]) -> str:
    """A curve from the right side of one box to the left side of the other;
    an edge that skips columns crosses each of them through a gap between boxes."""
    if ca > cb:
        ca, ya, cb, yb = cb, yb, ca, ya
    y1, y2 = ya + BOX_H / 2, yb + BOX_H / 2
    if ca == cb:  # same column: a loop on the left side
        x = _left(ca)
        return _path(f"M{svg.num(x)},{svg.num(y1)} C{svg.num(x - 28)},{svg.num(y1)} "
                     f"{svg.num(x - 28)},{svg.num(y2)} {svg.num(x)},{svg.num(y2)}")
    points = [(_left(ca) + BOX_W, y1)]
    for c in range(ca + 1, cb):
        gap = _gap(tops[c], y1 + (y2 - y1) * (c - ca) / (cb - ca))
        points += [(_left(c), gap), (_left(c) + BOX_W, gap)]
    points.append((_left(cb), y2))
    d = f"M{svg.num(points[0][0])},{svg.num(points[0][1])}"
    for i, ((x1, p1), (x2, p2)) in enumerate(zip(points, points[1:])):
        bend = (x2 - x1) / 2
        d += f" H{svg.num(x2)}" if i % 2 else \
            f" C{svg.num(x1 + bend)},{svg.num(p1)} {svg.num(x2 - bend)},{svg.num(p2)} {svg.num(x2)},{svg.num(p2)}"
    return _path(d)


def _path(d: str) -> str:
    return svg.el("path", None, d=d, fill="none", stroke=GRID, stroke_width=1.25, class_="pb-edge")


def _gap(tops: list[float], want: float) -> float:
    """The middle of the free space between boxes of a column nearest to want."""
    if not tops:
        return want

    def middle(k: int) -> float:  # gap k lies above box k
        if k == 0:
            return tops[0] - GAP_Y / 2
        if k == len(tops):
            return tops[-1] + BOX_H + GAP_Y / 2
        return (tops[k - 1] + BOX_H + tops[k]) / 2
    i = bisect_left(tops, want)
    return min((middle(k) for k in (i - 1, i, i + 1) if 0 <= k <= len(tops)), key=lambda g: abs(g - want))


def _boxes(columns: list[list[Node]], column_of: dict, ys: dict, drawn: dict) -> list[str]:
    places = [(n, _left(column_of[n.key]), ys[n.key]) for col in columns for n in col]
    if len(drawn) > 4 * len(places):  # boxes of earlier drawings, left behind by moves
        drawn.clear()
    for place in places:
        if place not in drawn:
            drawn[place] = _node(*place)
    return [drawn[place] for place in places]


def _node(node: Node, x: float, y: float) -> str:
    fill, stroke = KIND_FILLS.get(node.kind, DEFAULT_FILL)
    border = {"stroke": ORPHAN, "stroke_width": 2, "stroke_dasharray": "5 3"} if node.orphan else \
        {"stroke": stroke, "stroke_width": 1.25}
    notes = []
    if node.status:
        notes.append(svg.el("tspan", svg.esc(status_text(node.status)), fill=status_colour(node.status),
                            class_=f"pb-status {status_class(node.status)}"))
    if node.orphan:
        notes.append(svg.el("tspan", svg.esc("\u26a0 " + _("unlinked")), dx=8 if notes else None, fill=ORPHAN,
                            font_weight="bold", class_="pb-orphan-marker"))
    lines = svg.wrap(node.label, BOX_W - 20, FONT)
    rows = len(lines) + (1 if notes else 0)
    first = y + BOX_H / 2 - (rows - 1) * 7 + FONT * 0.35
    parts = [svg.title(_tooltip(node)),
             svg.el("rect", None, x=float(x), y=float(y), width=BOX_W, height=BOX_H, rx=6, fill=fill, **border)]
    parts += [svg.text(x + 10, first + i * 14, line, font_size=FONT, fill=NODE_TEXT, class_="pb-node-label")
              for i, line in enumerate(lines)]
    if notes:
        baseline = first + len(lines) * 14
        if node.status:  # the status's shape before its word
            parts.append(svg.el("path", None, d=STATUS_SHAPES[status_key(node.status)], fill=status_colour(node.status),
                                fill_rule="evenodd", transform=f"translate({svg.num(x + 10)} {svg.num(baseline - 9)})",
                                class_=f"pb-status-shape {status_class(node.status)}"))
        parts.append(svg.el("text", notes, x=float(x + (24 if node.status else 10)), y=baseline, font_size=SMALL))
    kind_class = "pb-node-" + "".join(ch for ch in svg.clean(node.kind).lower() if ch.isalnum())
    return svg.link(node.href, parts, class_=f"pb-node {kind_class}" + (" pb-orphan" if node.orphan else ""))


def _tooltip(node: Node) -> str:
    kind = kind_title(node.kind) if node.kind in KIND_TITLES else node.kind
    text = f"{svg.clean(kind)}: {svg.clean(node.label)}"
    if node.status:
        text += " " + _("(status: {status})", status=status_text(node.status))
    if node.orphan:
        text += " " + _("(unlinked: not connected to the chain)")
    return text


def _describe(columns: list[list[Node]], names: list[str], links: list[tuple[str, str]]) -> str:
    counts = ", ".join(f"{number(len(col))} {name}" for col, name in zip(columns, names) if name)
    orphans = [svg.clean(n.label) for col in columns for n in col if n.orphan]
    text = _("Alignment map: {counts}; {links} links", counts=counts or _("no nodes"), links=number(len(links)))
    if orphans:
        shown = ", ".join(orphans[:10])
        if len(orphans) > 10:
            shown = _("{names} and {more} more", names=shown, more=number(len(orphans) - 10))
        text += "; " + _("{count} unlinked: {names}", count=number(len(orphans)), names=shown)
    return text + "."
