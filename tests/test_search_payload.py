"""The search index holds each page's own words once: not the print page, not the charts' text;
and what a browser fetches before the first result stays small, in chunks a query asks for."""
from __future__ import annotations

import html
import json
import re

import pytest

from benchmarks.weight import search_payload
from playbook.outputs.searchable_text import SEARCHABLE, mark_searchable
from playbook.outputs.site_search import SearchIndexError, index_site

from .sitebuild import copy_sample, mkdocs_build, search_records

SVG = re.compile(r"<svg\b.*?</svg>", re.S)
DESC = re.compile(r"<(title|desc) id=\"[^\"]*\">([^<]+)</\1>")
TAG = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = copy_sample(tmp_path_factory.mktemp("search-payload"))
    proc = mkdocs_build(folder, "--strict")
    assert proc.returncode == 0, proc.stderr
    records = {r["url"].strip("/") + "/": r for r in search_records(folder / "site")}
    return folder / "site", records


def _words(text: str) -> str:
    return " ".join(html.unescape(TAG.sub(" ", text)).split())


def _indexed(records, location: str) -> str:
    record = records.get(location)
    return " ".join((record["meta"]["title"] + " " + record["content"]).split()) if record else ""


def test_the_print_page_is_not_indexed(site):
    folder, records = site
    assert (folder / "print" / "index.html").is_file()
    assert SEARCHABLE not in (folder / "print" / "index.html").read_text(encoding="utf-8")
    assert [url for url in records if url.startswith("print/")] == []


@pytest.mark.parametrize("location", ["scorecard/", "roadmap/", "alignment/"])
def test_a_pages_charts_are_not_indexed_but_its_text_is(site, location):
    """Every chart's name and description that the page does not say in its text stays out
    of the index (the page holds at least one); the page's own text is in it."""
    folder, records = site
    page = (folder / location / "index.html").read_text(encoding="utf-8")
    article = page[page.index("<article"):page.index("</article>")]
    outside = _words(SVG.sub(" ", article))
    chart_words = {_words(text) for svg in SVG.findall(article) for _, text in DESC.findall(svg)}
    only_in_charts = {w for w in chart_words if w and w not in outside}
    indexed = _indexed(records, location)
    assert only_in_charts, f"{location} draws no chart with words of its own"
    assert [w for w in only_in_charts if w in indexed] == []
    assert _words(re.search(r"<h1[^>]*>(.*?)</h1>", article, re.S)[1]) in indexed


def test_an_entity_pages_chart_is_not_indexed(site):
    folder, records = site
    pages = [p for p in (folder / "kpis").glob("*/index.html") if "<svg" in p.read_text(encoding="utf-8")]
    assert pages
    for path in pages:
        article = path.read_text(encoding="utf-8")
        location = f"kpis/{path.parent.name}/"
        chart_words = {_words(t) for svg in SVG.findall(article) for _, t in DESC.findall(svg)}
        outside = _words(SVG.sub(" ", article))
        indexed = _indexed(records, location)
        assert indexed
        assert [w for w in chart_words if w not in outside and w in indexed] == [], location


def test_only_the_article_is_indexed_not_the_sidebar_or_footer(site):
    folder, records = site
    home = records["/"]
    page = (folder / "index.html").read_text(encoding="utf-8")
    sidebar = _words(page[page.index("md-sidebar--primary"):page.index("md-sidebar--secondary")])
    assert "Tarnside Outdoor Playbook" in sidebar and "Tarnside Outdoor Playbook" not in home["content"]


def test_the_theme_index_is_empty_and_the_worker_is_the_sites(site):
    folder, _ = site
    index = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == [] and index["config"]["lang"] == ["en"]
    [worker] = (folder / "assets" / "javascripts" / "workers").iterdir()
    assert "pagefind/pagefind.js" in worker.read_text(encoding="utf-8")
    assert not (folder / "pagefind" / "pagefind-ui.js").exists()  # Pagefind's own interfaces are not published


def test_the_payload_before_the_first_result_stays_under_its_bound(site):
    folder, _ = site
    assert 100 * 1024 < search_payload(folder) < 300 * 1024  # Pagefind's script and WebAssembly are most of it


@pytest.mark.parametrize("page", [
    '<article class="md-content__inner md-typeset"><h1>A</h1></article>',
    '<div><article class="md-content__inner md-typeset">\n<p>x</p></article></div>',
    '<article class="md-content__inner md-typeset"><article class="md-content__inner md-typeset"></article></article>',
])
def test_marking_a_page_marks_its_article_once(page):
    marked = mark_searchable(page)
    assert marked.count(SEARCHABLE) == 1 and marked.replace(f" {SEARCHABLE}", "") == page


@pytest.mark.parametrize("page", ["<article><h1>A</h1></article>", "<main>no article</main>",
                                  '<article class="md-content__inner">x</article>'])
def test_a_page_without_the_themes_article_is_left_as_it_is(page):
    assert mark_searchable(page) == page


LISTING = re.compile(r'<div class="pb-table-wrap (?:pb-index|pb-scorecard|pb-goals|pb-register)\b.*?</table>', re.S)


@pytest.mark.parametrize("location", ["kpis/", "goals/", "tactics/", "policies/", "scorecard/", "/"])
def test_a_listing_of_other_pages_is_found_on_those_pages_not_on_the_list(site, location):
    """The rows of an index, the scorecard or the home page's goals each name a page that holds
    their words; the listing page keeps its own title and text."""
    folder, records = site
    page = (folder / location.lstrip("/") / "index.html").read_text(encoding="utf-8")
    listings = LISTING.findall(page)
    linked = {href for listing in listings for href in re.findall(r'<a href="([^"#]+/)"', listing)}
    assert listings and linked, f"{location} shows no listing"
    own = _indexed(records, location)
    names = {_words(name) for listing in listings for name in re.findall(r'<a href="[^"#]+/">(.*?)</a>', listing)}
    assert names and [name for name in names if name and name in own and name not in _words(
        LISTING.sub(" ", page[page.index("<article"):page.index("</article>")]))] == []
    for href in sorted(linked)[:5]:
        target = (folder / location.lstrip("/") / href).resolve().relative_to(folder.resolve()).as_posix() + "/"
        assert _indexed(records, target), target


@pytest.mark.parametrize("files", [None, {}, {"notes.txt": "no page"}, {"a/b.css": "p{}", "x.json": "{}"}])
def test_a_folder_pagefind_cannot_index_is_refused_in_one_line(tmp_path, files):
    site = tmp_path / "site"
    if files is not None:
        for name, text in files.items():
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            (site / name).write_text(text, encoding="utf-8")
        site.mkdir(exist_ok=True)
    with pytest.raises(SearchIndexError) as refused:
        index_site(site)
    assert "\n" not in str(refused.value) and "no page is marked for search" in str(refused.value)
    assert not (site / "pagefind").exists() and not (site / ".pagefind-new").exists()


OTHER_PAGES = re.compile(r'<(div) class="pb-chain"|<(dl) class="pb-backlinks"')


def _elements(html_text: str, start: re.Pattern) -> list[tuple[int, int]]:
    """Where each element whose start tag `start` finds begins and ends, nested elements of its name counted."""
    found = []
    for m in start.finditer(html_text):
        tag, depth = m.group(1) or m.group(2), 0
        for t in re.finditer(rf"<(/?){tag}\b[^>]*>", html_text[m.start():]):
            depth += -1 if t.group(1) else 1
            if depth == 0:
                found.append((m.start(), m.start() + t.end()))
                break
    return found


@pytest.mark.parametrize("location", ["strategies", "departments", "goals", "tactics", "kpis", "policies", "channels"])
def test_an_entity_pages_chain_and_backlinks_are_found_on_the_pages_they_name(site, location):
    """The chain and "Referenced by" name other pages, each found on its own: a title named only
    there is not in the page's record, while the page's own title and summary are."""
    folder, records = site
    checked = 0
    for path in sorted((folder / location).glob("*/index.html")):
        page = path.read_text(encoding="utf-8")
        article = page[page.index("<article"):page.index("</article>")]
        spans = _elements(article, OTHER_PAGES)
        lists = [article[a:b] for a, b in spans]
        rest = "".join(article[b:a] for (_, b), (a, _) in zip([(0, 0), *spans], [*spans, (len(article), 0)]))
        rest = _words(SVG.sub(" ", rest))
        named = {_words(n) for block in lists for n in re.findall(r"<a href=\"[^\"]+\">(.*?)</a>", block)}
        only_there = {n for n in named if n and n not in rest}
        indexed = _indexed(records, f"{location}/{path.parent.name}/")
        assert _words(re.search(r"<h1[^>]*>(.*?)</h1>", article, re.S)[1]) in indexed
        summary = re.search(r'<p class="pb-summary">(.*?)</p>', article, re.S)
        assert summary is None or _words(summary[1]) in indexed
        assert [n for n in only_there if n in indexed] == [], path
        checked += bool(only_there)
    assert checked, f"no page of {location} names a page only in its chain or backlinks"


LISTINGS = re.compile(r'<(div|section|table) class="[^"]*"[^>]*\bdata-search-exclude\b')
LISTING_PAGES = {"the roadmap": "roadmap/", "what's due": "due/", "the maturity grid": "maturity/", "the home page": "/"}


@pytest.mark.parametrize("name", LISTING_PAGES)
def test_a_page_listing_other_pages_is_found_by_its_own_words_and_not_by_theirs(site, name):
    """The roadmap's cards and milestones, the due list's tables, the maturity grid and the home
    page's strategies name other pages, each found on its own: a title named only there is not in
    the page's record, while its own title and introduction are."""
    folder, records = site
    location = LISTING_PAGES[name]
    page = (folder / location.lstrip("/") / "index.html").read_text(encoding="utf-8")
    article = page[page.index("<article"):page.index("</article>")]
    spans = _elements(article, LISTINGS)
    rest = _words(SVG.sub(" ", "".join(article[b:a] for (_, b), (a, _) in zip([(0, 0), *spans], [*spans, (len(article), 0)]))))
    named = {_words(n) for a, b in spans for n in re.findall(r"<a href=\"[^\"]+\">(.*?)</a>", article[a:b])}
    only_there = {n for n in named if n and n not in rest}
    indexed = _indexed(records, location)
    assert _words(re.search(r"<h1[^>]*>(.*?)</h1>", article, re.S)[1]) in indexed
    intro = re.search(r'<p class="pb-intro">(.*?)</p>', article, re.S)
    assert intro is None or "".join(_words(intro[1]).split()) in "".join(indexed.split())  # inline tags: no space
    assert len(only_there) >= 3 and [n for n in only_there if n in indexed] == []


MEASUREMENTS = re.compile(r'<h2 id="measurements">.*?</table>', re.S)
ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S)
CELL = re.compile(r"<td\b[^>]*>(.*?)</td>", re.S)


def test_a_measurements_date_and_value_are_found_only_where_a_note_speaks_of_them(site):
    """A KPI's history is dates and figures that would match any query for a month or a
    number on every KPI's page: search reads a row only where its note says something, and
    then the whole row. Each note is found; a date said nowhere else on the page is not."""
    folder, records = site
    noted = unnoted = 0
    for path in sorted((folder / "kpis").glob("*/index.html")):
        page = path.read_text(encoding="utf-8")
        article = page[page.index("<article"):page.index("</article>")]
        history = MEASUREMENTS.search(article)
        if history is None:
            continue
        rest = _words(SVG.sub(" ", article.replace(history[0], " ")))
        indexed = _indexed(records, f"kpis/{path.parent.name}/")
        for row in ROW.findall(history[0]):
            cells = [_words(cell) for cell in CELL.findall(row)]
            if len(cells) != 3:
                continue
            day, value, note = cells
            if note:
                assert f"{day} {value} {note}" in indexed.replace(". ", " "), (path, cells)  # a cell ends a sentence
                noted += 1
            elif day not in rest:
                assert day not in indexed, (path, cells)
                unnoted += 1
    assert noted >= 10 and unnoted >= 50, (noted, unnoted)
