"""Phone: at 375x812 the navigation drawer opens, tables are cards that fit, diagrams scroll in their own box, no page scrolls sideways."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import OUT

WIDTH = 375

# For each table: the nearest box around it that may scroll sideways, how wide both are, and
# how far the box moves when the reader swipes it 40 pixels.
TABLES = """() => Array.from(document.querySelectorAll('article table'), table => {
    let box = table.parentElement;
    while (box.tagName !== 'ARTICLE' && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
    box.scrollLeft = 40;
    return {table: table.getBoundingClientRect().width, box: box.clientWidth, scroll: box.scrollWidth,
            overflow: getComputedStyle(box).overflowX, moved: box.scrollLeft};
})"""


@pytest.fixture
def phone(open_context):
    return open_context(viewport={"width": WIDTH, "height": 812}, is_mobile=True, has_touch=True).new_page()


def test_navigation_drawer_opens_and_leads_to_a_section(phone):
    phone.goto("/")
    goals = phone.locator(".md-sidebar--primary").get_by_role("link", name="Goals", exact=True)
    expect(goals).not_to_be_in_viewport()
    phone.locator("label.md-header__button[for='__drawer']").click()
    expect(goals).to_be_in_viewport(ratio=1)
    phone.screenshot(path=OUT / "phone-drawer.png")
    goals.click()
    expect(phone.locator("article h1")).to_have_text("Goals")


def test_tables_fit_the_screen_as_cards(phone):
    wide = 0
    for path in [f"/{folder}/" for folder in ("goals", "kpis", "policies", "initiatives")] + ["/accounts/", "/calendar/", "/team/"]:
        phone.goto(path)
        for table in phone.evaluate(TABLES):
            if table["table"] > table["box"] + 1:
                wide += 1
        assert phone.evaluate("document.documentElement.scrollWidth") <= WIDTH, path
    assert wide == 0, "a table is wider than a phone screen instead of a card"
    phone.screenshot(path=OUT / "phone-table.png")


# The smallest label of a diagram as drawn on screen, in CSS pixels, and its figure's scroll widths.
DIAGRAM = """(svg) => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const sizes = Array.from(svg.querySelectorAll('text'), t => parseFloat(getComputedStyle(t).fontSize));
    const figure = svg.closest('figure');
    return {smallest: Math.min(...sizes) * scale, scroll: figure.scrollWidth, box: figure.clientWidth,
            overflow: getComputedStyle(figure).overflowX};
}"""


@pytest.mark.parametrize("chart", ["roadmap", "alignment-map", "kpi-chart"])
def test_diagrams_keep_readable_labels_and_scroll_inside_their_figure(phone, site, chart):
    phone.goto({"roadmap": "/roadmap/", "alignment-map": "/alignment/", "kpi-chart": site.templates()["kpi"]}[chart])
    drawn = phone.locator(f"svg.pb-{chart}").evaluate(DIAGRAM)
    assert drawn["smallest"] >= 8, drawn
    assert drawn["overflow"] == "auto" and drawn["scroll"] > drawn["box"], drawn
    assert phone.evaluate("document.documentElement.scrollWidth") <= WIDTH


def test_no_page_template_overflows_sideways(phone, site):
    wider = {}
    for name, path in site.templates().items():
        phone.goto(path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            wider[name] = width
    assert wider == {}
