"""Search: a reader types a KPI's or a policy's title into Material's search box and opens the result;
the box asks the site's Pagefind index, fetching little and nothing from another host; and titles
or text that look like markup are shown as text in the results, never run."""
from __future__ import annotations

import gzip
import re
from urllib.parse import urlparse

import pytest

from ..contenttree import AS_OF, copy_minimal
from ..sitebuild import mkdocs_build, write_project
from .conftest import OUT, foreign, served
from .search import search

BOUND_KB = 300
"""Search data a browser may fetch from opening a page to the first result (gzip)."""
SEARCH_FILES = ("/search/", "/pagefind/", "/assets/javascripts/workers/")
PAYLOADS = [
    "<img src=x onerror=window.hit=1>",
    "<script>window.hit=2</script>",
    '"><svg onload=window.hit=3>',
    "<a href=javascript:window.hit=4>link</a>",
    "<iframe srcdoc='<b>x</b>'></iframe> &lt;b&gt;",
    "</mark><b>bold</b><mark>",
]


@pytest.mark.parametrize("kind", ["kpi", "policy"])
def test_typing_a_title_finds_the_page_and_opens_it(page, site, kind):
    entity = site.entities(kind)[-1]
    page.goto("/")
    results = search(page, entity.title)
    hit = results.filter(has=page.locator("h1", has_text=entity.title)).first
    hit.click()
    page.wait_for_url(site.url + site.path_of(entity) + "**")
    assert page.locator("article h1").inner_text().strip() == entity.title


def test_a_heading_inside_a_page_is_found_as_a_section_of_it(page, site):
    goal = site.entities("goal")[0]
    page.goto("/")
    results = search(page, f"{goal.title} alignment")
    sections = page.locator(".md-search-result__item", has=page.locator("h1", has_text=goal.title)).locator("a[href*='#']")
    assert results.count() >= 1 and sections.count() >= 1


@pytest.mark.parametrize("query", ["scorecard", "repair bookings", "incident"])
def test_the_first_result_needs_little_data_and_no_other_host(open_context, site, notes, query):
    """Every search file the browser fetches from opening the page to the first result, summed at
    its gzip size: the theme's (now empty) index, the worker, Pagefind's script, WebAssembly and
    metadata, the chunks of the index the query needs and the records of the pages shown."""
    context = open_context(viewport={"width": 1280, "height": 900})
    fetched = []
    context.on("requestfinished", lambda r: fetched.append(urlparse(r.url).path))
    page = context.new_page()
    page.goto("/")
    results = search(page, query)
    assert results.count() >= 1
    files = sorted({path for path in fetched if path.startswith(SEARCH_FILES)})
    sizes = {path: len(gzip.compress((site.root / path.lstrip("/")).read_bytes(), 6)) for path in files}
    total = sum(sizes.values()) / 1024
    notes.write(f"search-payload-{query.replace(' ', '-')}", [f"{query!r}: {len(files)} search files, {total:.0f} KB gzip"]
                + [f"{size / 1024:7.1f} KB  {path}" for path, size in sorted(sizes.items(), key=lambda x: -x[1])])
    assert any(p.startswith("/pagefind/index/") for p in files) and any(p.startswith("/pagefind/fragment/") for p in files)
    assert sizes["/search/search_index.json"] < 1024  # settings only: no page's words are downloaded whole
    assert total < BOUND_KB
    page.screenshot(path=OUT / f"search-{query.replace(' ', '-')}.png")


@pytest.fixture(scope="module")
def marked_up(browser, tmp_path_factory):
    """A playbook whose channels' titles and summaries look like markup, built and served."""
    files = {f"channels/c{i}.yml": f"title: 'Zebra{i} {p}'\nsummary: 'Said zebra{i} {p}'\nplatform: LinkedIn\n"
             for i, p in enumerate(p.replace("'", "''") for p in PAYLOADS)}
    folder = tmp_path_factory.mktemp("search-markup")
    copy_minimal(folder / "content")
    project = write_project(folder, files, options=f"      as_of: '{AS_OF}'")
    done = mkdocs_build(project)
    assert done.returncode == 0, done.stderr[-3000:]
    with served(project / "site") as url:
        yield url


@pytest.mark.parametrize("number", range(len(PAYLOADS)))
def test_markup_in_a_title_or_text_is_shown_as_text(browser, marked_up, number):
    context = browser.new_context(base_url=marked_up, viewport={"width": 1280, "height": 900})
    leaks, dialogs = [], []
    context.on("request", lambda r: foreign(r.url) and leaks.append(r.url))
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto("/")
    found = search(page, f"zebra{number}").count()
    listing = page.locator(".md-search-result__list")
    title = listing.locator("h1").first.inner_text()
    injected = listing.locator("img, script, svg, iframe, b, a[href^='javascript']").count()
    hit = page.evaluate("() => window.hit")
    context.close()
    assert found >= 1 and f"Zebra{number}" in title
    assert PAYLOADS[number].split("&")[0].strip() in title  # the markup, as text
    assert (injected, hit, dialogs, leaks) == (0, None, [], [])


def _words(text: str, count: int) -> str:
    return " ".join(re.sub(r"[^\w\s'-]", " ", str(text)).split()[:count])


QUERIES = {
    "a goal's title": ("goal", lambda e: e.title),
    "a strategy's title": ("strategy", lambda e: e.title),
    "a KPI's kind:id": ("kpi", lambda e: f"{e.kind}:{e.id}"),
    "a tactic's kind:id": ("tactic", lambda e: f"{e.kind}:{e.id}"),
    "words of a tactic's summary": ("tactic", lambda e: _words(e.data["summary"], 8)),
    "words of a goal's summary": ("goal", lambda e: _words(e.data["summary"], 8)),
    "words of a policy's text": ("policy", lambda e: _words(e.body, 8)),
    "a policy's title": ("policy", lambda e: e.title),
}


@pytest.mark.parametrize("what", QUERIES)
def test_a_search_for_a_pages_own_words_finds_that_page_first(page, site, what):
    """The page's own title, `kind:id`, summary or text ranks it above every page that names it."""
    query, wanted, first = first_hit(page, site, what)
    assert first.rstrip("/").endswith(wanted.rstrip("/")), (query, first)


def first_hit(page, site, what: str) -> tuple[str, str, str]:
    """A query of the kind `what` (see QUERIES) for a page of the sample, typed on the open site:
    the query, the path of that page and the path of the first result."""
    kind, query_of = QUERIES[what]
    candidates = [e for e in site.entities(kind) if _has(e, what)]
    entity = candidates[len(candidates) // 2]
    page.goto("/")
    query = query_of(entity)
    return query, site.path_of(entity), urlparse(search(page, query).first.get_attribute("href")).path


def _has(entity, what: str) -> bool:
    if "summary" in what:
        return bool(entity.data.get("summary"))
    if "text" in what:
        return len(str(entity.body or "").split()) >= 8
    return True
