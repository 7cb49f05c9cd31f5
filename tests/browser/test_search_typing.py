"""Search while the page loads and while a reader types: the box says it is ready only once
Pagefind's own files are in, so a first query waits for nothing but its own data; and while keys
come fast only the newest query is answered, the same results in the same order as the whole
query typed at once. (How fast is `make bench`'s business, `benchmarks/first_result.py`; these
check the order of events, not times.)"""
from __future__ import annotations

import functools
import threading
import time
from urllib.parse import urlparse

import pytest

from .conftest import QuietHandler, QuietServer, foreign
from .search import READY, RESULT, SETTLED, search

SLOW = 1.5
"""Seconds the server holds back the file a test delays: far longer than the rest of search's set-up."""
PAGEFIND_FILES = {"entry": "pagefind-entry.json", "metadata": ".pf_meta", "WebAssembly": "/wasm."}
COUNT_DRAWS = """() => { window.draws = 0; let first = null;
  const list = document.querySelector('.md-search-result__list');
  new MutationObserver(() => {
    if (list.firstElementChild && list.firstElementChild !== first) window.draws++;
    first = list.firstElementChild;
  }).observe(list, {childList: true}); }"""


@pytest.fixture
def slow_server(site):
    """Serves the sample site, holding back the files whose path contains `slow[0]`; notes when each is sent."""
    slow, sent = [""], []

    class Handler(QuietHandler):
        def do_GET(self):
            if slow[0] and slow[0] in urlparse(self.path).path:
                time.sleep(SLOW)
                sent.append(self.path)
            super().do_GET()

    server = QuietServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site.root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", slow, sent
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("path", ["/", "/kpis/"])
@pytest.mark.parametrize("held", PAGEFIND_FILES)
def test_search_is_ready_only_once_pagefinds_files_are_in(browser, site, slow_server, held, path):
    url, slow, sent = slow_server
    slow[0] = PAGEFIND_FILES[held]
    context = browser.new_context(base_url=url, viewport={"width": 1280, "height": 900})
    leaks, after_ready = [], []
    context.on("request", lambda r: foreign(r.url) and leaks.append(r.url))
    page = context.new_page()
    page.goto(path)
    page.locator("input.md-search__input").click()
    page.wait_for_function(READY, timeout=30_000)
    ready_after = list(sent)
    context.on("request", lambda r: after_ready.append(urlparse(r.url).path))
    kpi = site.entities("kpi")[0]
    found = search(page, kpi.title).count()
    context.close()
    assert len(ready_after) == 1 and PAGEFIND_FILES[held] in ready_after[0], f"ready before the {held} was sent"
    assert found >= 1 and leaks == []
    assert [p for p in after_ready if p.startswith("/pagefind/")
            and not p.startswith(("/pagefind/index/", "/pagefind/fragment/"))] == []


def _titles(site):
    """Queries of a dozen characters or more, so that typing them key by key sends many queries."""
    picks = [("kpi", 0), ("kpi", -1), ("policy", 0), ("goal", 0), ("strategy", 0), ("tactic", -1)]
    return [site.entities(kind)[i].title for kind, i in picks]


@pytest.mark.parametrize("number", range(6))
def test_typing_fast_answers_only_the_newest_query_with_the_whole_querys_results(browser, site, number):
    query = _titles(site)[number]
    assert len(query) >= 12, query
    context = browser.new_context(base_url=site.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto("/")
    box = page.locator("input.md-search__input")
    box.click()
    page.wait_for_function(READY)
    page.evaluate(COUNT_DRAWS)
    page.keyboard.type(query, delay=20)  # a fast typist: each key sends the query typed so far
    page.wait_for_function(f"() => document.querySelector({RESULT!r}) && window.draws > 0")
    page.wait_for_timeout(1000)  # let any late answer arrive
    page.wait_for_function(SETTLED)
    typed = page.locator(RESULT).evaluate_all("links => links.map(a => a.href + ' ' + a.innerText)")
    draws = page.evaluate("window.draws")
    pasted_page = context.new_page()
    pasted_page.goto("/")
    pasted = search(pasted_page, query).evaluate_all("links => links.map(a => a.href + ' ' + a.innerText)")
    context.close()
    assert typed == pasted and typed
    # The first key's query may be answered before the second key arrives, then only the last:
    # one draw more leaves room for a pause of the loaded machine between two keys.
    assert draws <= 3, f"{draws} lists drawn while typing {query!r}"
