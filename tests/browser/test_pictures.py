"""Pictures: the roadmap, alignment map, sparklines and KPI chart are drawn with a size, and say what they show.

The roadmap carries a line for today; the scorecard gives each status in words,
and each word always comes in the same colour, one colour per status.
"""
from __future__ import annotations

from playbook import i18n

STATUSES = {"on track", "at risk", "off track", "no data"}


def drawn(locator) -> dict:
    box = locator.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0, locator
    return box


def test_roadmap_is_drawn_with_the_line_for_today(page, site):
    page.goto("/roadmap/")
    chart = drawn(page.locator("svg.pb-roadmap"))
    today = page.locator("svg.pb-roadmap .pb-today")
    line = drawn(today.locator("path"))
    assert chart["x"] <= line["x"] <= chart["x"] + chart["width"]
    assert line["height"] > chart["height"] / 2
    assert today.locator("text").text_content() == f"Today {i18n.date(site.built_on)}"  # English: 30 Nov 2026


def test_alignment_map_and_kpi_chart_are_drawn(page, site):
    page.goto("/alignment/")
    drawn(page.locator("svg.pb-alignment-map"))
    for node in page.locator("svg.pb-alignment-map a.pb-node").all():
        drawn(node)
    measured = [k for k in site.entities("kpi") if k.id in site.result.graph.series]
    page.goto(site.path_of(measured[0]))
    chart = page.locator("svg.pb-kpi-chart")
    drawn(chart)
    assert chart.locator(".pb-status").text_content() in STATUSES


def test_scorecard_sparklines_are_drawn_and_status_is_in_words_and_colour(page):
    page.goto("/scorecard/")
    rows = page.locator("tr", has=page.locator("svg.pb-sparkline"))
    assert rows.count() >= 5
    colours: dict[str, set] = {}
    for row in rows.all():
        drawn(row.locator("svg.pb-sparkline"))
        badge = row.locator(".pb-badge").first
        word = badge.inner_text().strip()
        assert word in STATUSES
        colours.setdefault(word, set()).add(badge.evaluate(
            "b => { const s = getComputedStyle(b); return s.color + ' on ' + s.backgroundColor; }"))
    assert all(len(c) == 1 for c in colours.values()), colours
    assert len({c for cs in colours.values() for c in cs}) == len(colours), colours
    assert len(colours) >= 2
