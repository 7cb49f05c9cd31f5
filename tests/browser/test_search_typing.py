"""Search while the page loads and while a reader types: the box says it is ready only once
Pagefind's own files are in, so a first query waits for nothing but its own data; and where
ranking is slow (Pagefind's script made slow, as on a large site) and keys come faster than
answers, only the newest query is ranked, not one per key; typed key by key or put in whole, a
query finds the same results in the same order. (How fast is `make bench`'s business,
`benchmarks/first_result.py`; these check the order of events, not times.)"""
from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

import pytest

from benchmarks.first_result import QuietHandler

from .conftest import foreign, served
from .search import READY, RESULT, SETTLED, search

SLOW = 1.5
"""Seconds the server holds back the file a test delays: far longer than the rest of search's set-up."""
PAGEFIND_FILES = {"entry": "pagefind-entry.json", "metadata": ".pf_meta", "WebAssembly": "/wasm."}
RANKING_MS = 300
SLOW_PAGEFIND = """import * as pagefind from "./pagefind-real.js";
export * from "./pagefind-real.js";
// Pagefind as on a large site: each ranking holds the worker for RANKING_MS, and is reported.
export function createInstance(options) {
  const instance = pagefind.createInstance(options);
  const search = instance.search;
  instance.search = async (term, more) => {
    const found = await search(term, more);
    if (term) {
      const until = performance.now() + RANKING_MS;
      while (performance.now() < until);
      fetch("/ranked?q=" + encodeURIComponent(term));
    }
    return found;
  };
  return instance;
}
""".replace("RANKING_MS", str(RANKING_MS))


@pytest.fixture
def server(site):
    """Serves the sample site. `held[0]`: files whose path holds it are sent SLOW seconds late, and
    noted in `sent`; `slow_ranking[0]`: Pagefind's script is the one of SLOW_PAGEFIND, whose
    rankings are noted in `ranked`."""
    held, sent, slow_ranking, ranked = [""], [], [False], []

    class Handler(QuietHandler):
        def do_GET(self):
            path = urlparse(self.path).path
            if path == "/ranked":
                ranked.append(parse_qs(urlparse(self.path).query)["q"][0])
                return self._send(b"")
            if slow_ranking[0] and path in ("/pagefind/pagefind.js", "/pagefind/pagefind-real.js"):
                real = (site.root / "pagefind" / "pagefind.js").read_bytes()
                return self._send(SLOW_PAGEFIND.encode() if path.endswith("pagefind.js") else real)
            if held[0] and held[0] in path:
                time.sleep(SLOW)
                sent.append(path)
            super().do_GET()

        def _send(self, body: bytes) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    with served(site.root, Handler) as url:
        yield Served(url, held, sent, slow_ranking, ranked)


@dataclass
class Served:
    url: str
    held: list[str]
    sent: list[str]
    slow_ranking: list[bool]
    ranked: list[str]


def _open(browser, url: str, path: str = "/"):
    context = browser.new_context(base_url=url, viewport={"width": 1280, "height": 900})
    leaks = []
    context.on("request", lambda r: foreign(r.url) and leaks.append(r.url))
    page = context.new_page()
    page.goto(path)
    page.locator("input.md-search__input").click()
    page.wait_for_function(READY, timeout=30_000)
    return context, page, leaks


def _links(results) -> list[str]:
    return results.evaluate_all("links => links.map(a => a.href + ' ' + a.innerText)")


@pytest.mark.parametrize("path", ["/", "/kpis/"])
@pytest.mark.parametrize("held", PAGEFIND_FILES)
def test_search_is_ready_only_once_pagefinds_files_are_in(browser, site, server, held, path):
    server.held[0] = PAGEFIND_FILES[held]
    context, page, leaks = _open(browser, server.url, path)
    ready_after, after_ready = list(server.sent), []
    context.on("request", lambda r: after_ready.append(urlparse(r.url).path))
    found = search(page, site.entities("kpi")[0].title).count()
    context.close()
    assert len(ready_after) == 1 and PAGEFIND_FILES[held] in ready_after[0], f"ready before the {held} was sent"
    assert found >= 1 and leaks == []
    assert [p for p in after_ready if p.startswith("/pagefind/")
            and not p.startswith(("/pagefind/index/", "/pagefind/fragment/"))] == []


def _titles(site):
    """Queries of a dozen characters or more, so that typing them key by key sends many queries."""
    picks = [("kpi", 0), ("kpi", -1), ("policy", 0), ("goal", 0), ("strategy", 0), ("tactic", -1)]
    return [site.entities(kind)[i].title for kind, i in picks]


def _typed(browser, url: str, query: str) -> list[str]:
    """The results once `query` is typed key by key, quickly, and every answer has come."""
    context, page, leaks = _open(browser, url)
    page.keyboard.type(query, delay=20)  # a fast typist: each key sends the query typed so far
    page.locator(RESULT).first.wait_for()
    page.wait_for_timeout(RANKING_MS * 4)  # let any late answer arrive
    page.wait_for_function(SETTLED)
    typed = _links(page.locator(RESULT))
    context.close()
    assert leaks == []
    return typed


def _pasted(browser, url: str, query: str) -> list[str]:
    context, page, _ = _open(browser, url)
    pasted = _links(search(page, query))
    context.close()
    return pasted


@pytest.mark.parametrize("number", range(6))
def test_where_ranking_is_slow_typing_fast_ranks_only_the_newest_query(browser, site, server, number):
    """Keys come faster than answers: the whole query is ranked, and at most the first key's and
    one more besides (room for a pause of a loaded machine between two keys), not one per key."""
    query = _titles(site)[number]
    assert len(query) >= 12, query
    server.slow_ranking[0] = True
    typed = _typed(browser, server.url, query)
    ranked = list(server.ranked)
    assert typed == _pasted(browser, server.url, query) and typed
    assert ranked[-1] == query and len(ranked) <= 3, ranked


@pytest.mark.parametrize("number", range(6))
def test_where_ranking_is_quick_typing_finds_what_the_whole_query_finds(browser, site, number):
    query = _titles(site)[number]
    typed = _typed(browser, site.url, query)
    assert typed == _pasted(browser, site.url, query) and typed
