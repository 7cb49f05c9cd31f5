"""The risk grid: likelihood (rows, most likely on top) by impact (columns, worst on the right),
each cell shaded by the rating its score gives and holding the numbers of the risks in it.

Pure: the words (axis values, ratings, titles) come in already translated, the numbers are
the rows of the register's table, which holds the same facts beside the grid. Each cell
also names its rating in its tooltip, so colour never carries the rating alone.
"""
from __future__ import annotations

from dataclasses import dataclass

from playbook.site import svg
from playbook.site.charts.style import FONT, NODE_TEXT, SMALL

RATING_FILLS = {"low": "#dafbe1", "medium": "#fff8c5", "high": "#ffcecb"}
CELL_W, CELL_H = 72.0, 54.0
LEFT, TOP, BOTTOM = 112.0, 8.0, 58.0


@dataclass(frozen=True)
class GridWords:
    name: str
    description: str
    likelihood: tuple[str, ...]  # rare .. almost certain
    impact: tuple[str, ...]  # negligible .. severe
    likelihood_axis: str
    impact_axis: str
    ratings: dict[str, str]  # high / medium / low -> words


def risk_grid(cells: dict[tuple[int, int], list[int]], rate, words: GridWords) -> str:
    """`cells` maps (likelihood, impact), each 1..5, to the numbers of its risks; `rate(l, i)`
    says the cell's rating (high, medium or low)."""
    size = len(words.likelihood)
    width, height = LEFT + CELL_W * size + 8, TOP + CELL_H * size + BOTTOM
    ident = svg.chart_id("risks", sorted(cells.items()), words)
    body = []
    for row in range(size):
        likelihood = size - row
        y = TOP + row * CELL_H
        body.append(svg.text(LEFT - 8, y + CELL_H / 2 + 4, svg.truncate(words.likelihood[likelihood - 1], LEFT - 14, SMALL),
                             text_anchor="end", font_size=SMALL, fill="currentColor"))
        for column in range(size):
            body.append(_cell(likelihood, column + 1, LEFT + column * CELL_W, y, cells.get((likelihood, column + 1), []),
                              rate(likelihood, column + 1), words))
    base = TOP + size * CELL_H
    for column in range(size):
        x = LEFT + column * CELL_W + CELL_W / 2
        for n, line in enumerate(svg.wrap(words.impact[column], CELL_W - 4, SMALL)):
            body.append(svg.text(x, base + 14 + n * 12, line, text_anchor="middle", font_size=SMALL, fill="currentColor"))
    body.append(svg.text(LEFT + CELL_W * size / 2, height - 6, words.impact_axis, text_anchor="middle", font_size=FONT,
                         font_weight="bold", fill="currentColor"))
    body.append(svg.text(12, TOP + CELL_H * size / 2, words.likelihood_axis, text_anchor="middle", font_size=FONT,
                         font_weight="bold", fill="currentColor",
                         transform=f"rotate(-90 12 {svg.num(TOP + CELL_H * size / 2)})"))
    return svg.document(ident, words.name, words.description, width, height, body, class_="pb-risk-grid")


def _cell(likelihood: int, impact: int, x: float, y: float, numbers: list[int], rating: str, words: GridWords) -> str:
    label = ", ".join(str(n) for n in numbers)
    tip = f"{words.likelihood[likelihood - 1]} \u00d7 {words.impact[impact - 1]}: {words.ratings[rating]}"
    parts = [svg.title(f"{tip} ({label})" if label else tip),
             svg.el("rect", x=x + 1, y=y + 1, width=CELL_W - 2, height=CELL_H - 2, fill=RATING_FILLS[rating],
                    stroke="#57606a", stroke_width=0.5, class_=f"pb-risk-cell pb-risk-{rating}")]
    if label:
        parts.append(svg.text(x + CELL_W / 2, y + CELL_H / 2 + 5, svg.truncate(label, CELL_W - 6, FONT),
                              text_anchor="middle", font_size=FONT, font_weight="bold", fill=NODE_TEXT,
                              class_="pb-risk-numbers"))
    return svg.el("g", parts)
