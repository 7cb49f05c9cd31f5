"""Tables that fit, status told by shape, readable charts on the print page.

On the sample and on the public-agency starter (`playbook init --template public-agency`):
at 1366 px no table of the overview pages, indexes and registers scrolls sideways; at
390 px the main tables are stacked cards with the status second; every status badge
draws its shape; the alignment map shows a status shape in each box that has a status;
the print page draws every KPI chart at least 500 px wide, on screen and in print.
Screenshots of the scorecard, registry, calendar and roadmap at both widths go to screenshots/.
"""
from __future__ import annotations

import subprocess
import sys

import pytest

from playbook.check.checker import check
from playbook.site.charts.style import STATUS_SHAPES

from ..sitebuild import mkdocs_build
from .conftest import OUT, Site, foreign, served

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
MAIN_TABLES = ["/scorecard/", "/accounts/", "/calendar/", "/policies/", "/team/", "/kpis/", "/goals/", "/due/", "/roadmap/"]

SCROLLING = """() => Array.from(document.querySelectorAll('article *')).filter(e =>
    e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)
    && e.querySelector('table') !== null || (e.tagName === 'TABLE' && e.scrollWidth > e.clientWidth + 1
    && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)))
    .map(e => `${e.tagName}.${e.className} ${e.scrollWidth}>${e.clientWidth}`)"""

# For each body row of each table: whether it is laid out as a card (a column of blocks), and
# which cell is drawn second from the top, when the row has a status.
CARDS = """() => Array.from(document.querySelectorAll('article .pb-table-wrap table > tbody > tr'), row => {
    const cells = Array.from(row.cells).filter(c => c.getBoundingClientRect().height > 0)
        .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
    const status = cells.findIndex(c => c.querySelector('.pb-badge, .pb-state'));
    return {card: getComputedStyle(row).flexDirection === 'column' && getComputedStyle(row).display === 'flex',
            cells: cells.length, status: status};
})"""

SHAPES = """() => Array.from(document.querySelectorAll('article .pb-badge'), b => {
    const shape = b.querySelector('svg.pb-shape path');
    return [b.className, shape ? shape.getAttribute('d') : '', shape ? shape.getBoundingClientRect().width : 0];
})"""

CHART_WIDTHS = "() => Array.from(document.querySelectorAll('article svg.pb-kpi-chart'), s => s.getBoundingClientRect().width)"


@pytest.fixture(scope="module")
def agency(browser, tmp_path_factory):
    folder = tmp_path_factory.mktemp("agency") / "playbook"
    done = subprocess.run([sys.executable, "-m", "playbook", "init", str(folder), "--template", "public-agency"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    built = mkdocs_build(folder, "--strict")
    assert built.returncode == 0, built.stderr[-3000:]
    with served(folder / "site") as url:
        yield Site(folder / "site", url, check(folder / "content"), None)


@pytest.fixture(params=["sample", "agency"])
def either(request, site, agency):
    return {"sample": site, "agency": agency}[request.param]


@pytest.fixture
def tab(browser):
    contexts, leaks = [], []

    def make(target: Site, viewport: dict, **options):
        context = browser.new_context(base_url=target.url, viewport=viewport, **options)
        context.on("request", lambda r: foreign(r.url) and leaks.append(r.url))
        contexts.append(context)
        return context.new_page()
    yield make
    for context in contexts:
        context.close()
    assert leaks == []


def overview_pages(target: Site) -> list[str]:
    """Every page that is not a single entity's (home, overviews, indexes, registers, modes), and every
    channel's page, whose field list holds the widest tables (its accounts)."""
    return [p[:-len("index.html")] for p in target.pages()
            if p.count("/") <= 2 or p.startswith(("/modes/", "/channels/"))]


def test_no_table_scrolls_sideways_at_1366(tab, either):
    page = tab(either, LAPTOP)
    scrolling = {}
    for path in overview_pages(either):
        page.goto(path)
        found = page.evaluate(SCROLLING)
        if found:
            scrolling[path] = found
        assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"], path
    assert scrolling == {}


def test_main_tables_are_cards_with_the_status_second_on_a_phone(tab, either):
    page = tab(either, PHONE, is_mobile=True, has_touch=True)
    checked = 0
    for path in MAIN_TABLES:
        if not (either.root / path[1:] / "index.html").is_file():
            continue
        page.goto(path)
        rows = page.evaluate(CARDS)
        assert rows and all(r["card"] for r in rows), path
        assert all(r["status"] in (-1, 0, 1) for r in rows), (path, rows)  # the title, or the line under it
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        checked += 1
    assert checked >= 5


def test_every_status_badge_draws_its_shape(tab, either):
    page = tab(either, LAPTOP)
    seen = set()
    for path in ["/", "/scorecard/", "/goals/", "/kpis/", "/print/", "/strategies/"]:
        page.goto(path)
        for name, drawn, width in page.evaluate(SHAPES):
            status = name.split("pb-badge--")[1].replace("-", " ")
            assert drawn == STATUS_SHAPES[status] and width > 4, (path, name)
            seen.add(name)
    assert seen


def test_each_box_of_the_alignment_map_with_a_status_shows_its_shape(tab, either):
    page = tab(either, LAPTOP)
    page.goto("/alignment/")
    boxes = page.evaluate("""() => Array.from(document.querySelectorAll('svg.pb-alignment-map .pb-node'), n =>
        [!!n.querySelector('.pb-status'), !!n.querySelector('path.pb-status-shape')])""")
    assert boxes and all(status == shape for status, shape in boxes)
    assert sum(status for status, _ in boxes) >= 3


def test_the_print_page_draws_charts_at_least_500_px_wide(tab, either):
    page = tab(either, LAPTOP)
    page.goto("/print/")
    screen = page.evaluate(CHART_WIDTHS)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 680, "height": 1000})  # about the printable width of A4
    printed = page.evaluate(CHART_WIDTHS)
    assert screen and min(screen) >= 500 and min(printed) >= 500, (screen, printed)


def test_screenshots_of_the_scorecard_registry_calendar_and_roadmap(tab, site):
    for device, viewport, options in (("laptop", LAPTOP, {}), ("phone", PHONE, {"is_mobile": True, "has_touch": True})):
        page = tab(site, viewport, **options)
        for name, path in (("scorecard", "/scorecard/"), ("registry", "/accounts/"), ("calendar", "/calendar/"),
                           ("roadmap", "/roadmap/")):
            page.goto(path)
            shot = OUT / f"{name}-{device}.png"
            page.screenshot(path=shot, full_page=True)
            assert shot.stat().st_size > 10_000
