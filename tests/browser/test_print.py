"""Print: a goal page and the scorecard print to PDF and stay legible.

Laid out as print media at the width of the printable area of an A4 page (the
page margins come from the site's own `@page` rule), no table, chart or figure
reaches past the edge, where it would be cut off. The PDF keeps every link as
a live link, and in print an external link writes out its target. The PDFs are
kept in screenshots/ for a person to look at.
"""
from __future__ import annotations

import re

from .conftest import OUT

A4_WIDTH_MM = 210
PX_PER_MM = 96 / 25.4

PAGE_MARGINS = """() => {
    const rules = Array.from(document.styleSheets).flatMap(s => Array.from(s.cssRules))
        .filter(r => r instanceof CSSPageRule && r.style.marginLeft);
    const last = rules[rules.length - 1];
    return last ? [last.style.marginLeft, last.style.marginRight] : ['0mm', '0mm'];
}"""

CUT_OFF = """(width) => Array.from(document.querySelectorAll('article :is(table, svg, figure, img, pre)'))
    .map(e => [e.tagName + '.' + e.getAttribute('class'), e.getBoundingClientRect()])
    .filter(([, r]) => r.width && (r.left < -0.5 || r.right > width + 0.5))
    .map(([name, r]) => `${name} ${Math.round(r.left)}..${Math.round(r.right)}`)"""

PRINTED_LINKS = """() => [...new Set(Array.from(document.querySelectorAll('article a[href]'))
    .filter(a => a.getClientRects().length && !a.classList.contains('headerlink'))
    .map(a => a.href))]"""

EXTERNAL = """() => Array.from(document.querySelectorAll('article a[href^="http"]'),
    a => [a.getAttribute('href'), a.innerText + getComputedStyle(a, '::after').content])"""


def printable_width(page) -> float:
    """CSS pixels between the left and right margins of an A4 page."""
    margins = page.evaluate(PAGE_MARGINS)
    assert all(m.endswith("mm") for m in margins), margins
    return (A4_WIDTH_MM - sum(float(m[:-2]) for m in margins)) * PX_PER_MM


def test_goal_page_and_scorecard_print_without_cut_offs_and_with_live_links(open_context, site):
    page = open_context().new_page()
    page.emulate_media(media="print")
    for name, path in (("goal", site.templates()["goal"]), ("scorecard", "/scorecard/")):
        page.goto(path)
        width = printable_width(page)
        page.set_viewport_size({"width": int(width), "height": 1000})
        assert page.evaluate(CUT_OFF, width) == [], name
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        links = page.evaluate(PRINTED_LINKS)
        pdf = page.pdf(format="A4", print_background=True)
        (OUT / f"{name}.pdf").write_bytes(pdf)
        assert pdf.startswith(b"%PDF-") and len(pdf) > 10_000
        uris = {u.decode() for u in re.findall(rb"/URI \(([^)]*)\)", pdf)}
        assert links and set(links) <= uris, name


def test_external_links_write_out_their_target_in_print(page, site):
    pages = [p for p in site.pages() if 'class="pb-external"' in (site.root / p[1:]).read_text(encoding="utf-8")]
    assert pages
    page.emulate_media(media="print")
    for path in pages[:3]:
        page.goto(path)
        shown = page.evaluate(EXTERNAL)
        assert shown and all(href in text for href, text in shown), path
