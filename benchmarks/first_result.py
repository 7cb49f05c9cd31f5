"""How long a reader waits for the first search result: from typing a query into the theme's
search box to the first result drawn, in Chromium, on a built site.

`measure(site, rounds)` serves the built site from 127.0.0.1 and opens it in Debian's Chromium
through Playwright, launched as the browser tests launch it (the same flags: every host but
localhost resolves to nothing; a request to another host voids the figure). Each of QUERIES
(one- and two-word, words every generated playbook holds, so each has results) is timed
three ways in each round:

* cold: put whole into the box of a fresh page in a fresh browser context (nothing cached),
  once search is ready; the time runs from the keyup the theme reads it on to the frame in
  which the first result item is in the list (a MutationObserver, then the next frame);
* warm: the same, in a page that has just answered another query (Pagefind's WebAssembly
  and that query's chunks of the index already loaded);
* typed: key by key, KEY_MS apart, into a fresh page, as a reader types: each key sends the
  query typed so far, and the time runs from the last key to the last list drawn (the
  answer to the whole query; the theme draws every answer anew), once no list has been
  drawn for QUIET_MS. (Were an earlier key's answer drawn just after the last key, and the
  whole query's more than QUIET_MS after that, the time would be taken too early.)

`FirstResult` keeps the median of every timing and the slowest query (its median over the
rounds). Without Chromium or Playwright, `measure` returns the reason as a string and no
figure: a benchmark says what it could not measure, it never makes a figure up.
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import statistics
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

QUERIES = ("customers", "linkedin", "repair", "monthly review", "store staff", "repair bookings")
"""Words of `benchmarks.generate`'s sentences, products and platforms: found at every size, and
on hundreds to thousands of pages at 10,000 entities."""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
"""How Chromium is launched here and by the browser tests (tests/browser/conftest.py): nothing it
asks of another host is resolved."""
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 15_000
KEY_MS = 120  # between two keys: a quick typist
QUIET_MS = 2500  # no list drawn for this long after the last key: the answer to the whole query is in
BOX = "input.md-search__input"
# The theme says "Initializing search" until its worker is ready; a query typed before then is lost.
READY = "() => !document.querySelector('.md-search-result__meta').textContent.includes('Initializing')"
EMPTY = "() => !document.querySelector('.md-search-result__list .md-search-result__item')"
TIME_TO_FIRST = """([query, timeout]) => new Promise(done => {
  const list = document.querySelector('.md-search-result__list');
  const box = document.querySelector('input.md-search__input');
  const give_up = setTimeout(() => done(null), timeout);
  const start = performance.now();
  new MutationObserver((changes, observer) => {
    if (!list.querySelector('.md-search-result__item')) return;
    observer.disconnect();
    clearTimeout(give_up);
    requestAnimationFrame(() => done(performance.now() - start));
  }).observe(list, {childList: true, subtree: true});
  box.value = query;
  box.dispatchEvent(new KeyboardEvent('keyup', {key: 'End', bubbles: true}));
})"""
WATCH_TYPING = """() => {
  const list = document.querySelector('.md-search-result__list');
  const typing = window.typing = {key: 0, drawn: 0};
  document.querySelector('input.md-search__input').addEventListener('keyup', () => { typing.key = performance.now(); });
  let first = null;
  new MutationObserver(() => {
    if (list.firstElementChild && list.firstElementChild !== first)
      requestAnimationFrame(() => { typing.drawn = performance.now(); });
    first = list.firstElementChild;
  }).observe(list, {childList: true});
}"""
TYPED = f"() => window.typing.drawn > window.typing.key && performance.now() - window.typing.drawn > {QUIET_MS}"


@dataclass(frozen=True)
class FirstResult:
    median_ms: float  # every timing, cold, warm and typed
    worst_ms: float  # the slowest query, cold, warm or typed, at its median over the rounds
    worst_query: str
    cold_ms: float  # median of the cold timings
    warm_ms: float
    typed_ms: float
    timings: int


def chromium_path() -> str | None:
    path = os.environ.get("PLAYBOOK_CHROMIUM") or shutil.which("chromium")
    return path if path and os.access(path, os.X_OK) else None


def measure(site: Path, rounds: int = 3, queries: tuple[str, ...] = QUERIES) -> FirstResult | str:
    """The figure, or why there is none (no browser, a query that found nothing, another host asked)."""
    path = chromium_path()
    if path is None:
        return "chromium was not found (install Debian's chromium or set PLAYBOOK_CHROMIUM)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    # Playwright's synchronous API refuses to start where an event loop runs already (in the
    # browser tests' process, say); a thread of its own has none.
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(_measure, path, site, rounds, queries).result()


def _measure(path: str, site: Path, rounds: int, queries: tuple[str, ...]) -> FirstResult | str:
    from playwright.sync_api import sync_playwright
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            return _rounds(browser, url, rounds, queries)
        finally:
            browser.close()


def _rounds(browser, url: str, rounds: int, queries: tuple[str, ...]) -> FirstResult | str:
    timings: dict[tuple[str, str], list[float]] = {}
    foreign: list[str] = []
    for _ in range(rounds):
        for i, query in enumerate(queries):
            after = queries[(i + 1) % len(queries)]
            for (q, how), ms in _time_one(browser, url, foreign, query, after).items():
                if ms is None:
                    return f"no result within {TIMEOUT_MS / 1000:.0f} s for {q!r} ({how})"
                timings.setdefault((q, how), []).append(ms)
    if foreign:
        return f"the page asked another host ({foreign[0]}): no figure"
    return summarize(timings)


def _time_one(browser, url: str, foreign: list[str], query: str, after: str) -> dict[tuple[str, str], float | None]:
    """The query cold and typed, each in a fresh context; `after` warm, behind the cold query."""
    times = {}
    for how in ("cold", "typed"):
        context = browser.new_context(base_url=url, viewport=VIEWPORT)
        context.on("request", lambda r: urlparse(r.url).hostname not in LOCAL_HOSTS
                   and urlparse(r.url).scheme not in ("data", "blob", "about") and foreign.append(r.url))
        try:
            page = _open(context)
            if how == "typed":
                times[query, how] = _typed(page, query)
            else:
                times[query, how] = _time(page, query)
                _clear(page)
                times[after, "warm"] = _time(page, after)
        finally:
            context.close()
    return times


def summarize(timings: dict[tuple[str, str], list[float]]) -> FirstResult:
    """(query, "cold", "warm" or "typed") -> milliseconds of each round."""
    medians = {key: statistics.median(ms) for key, ms in timings.items()}
    (query, how), worst = max(medians.items(), key=lambda item: item[1])
    every = [ms for values in timings.values() for ms in values]
    return FirstResult(statistics.median(every), worst, f"{query!r} {how}", _median_of(timings, "cold"),
                       _median_of(timings, "warm"), _median_of(timings, "typed"), len(every))


def _median_of(timings: dict[tuple[str, str], list[float]], kind: str) -> float:
    return statistics.median(ms for (_, k), values in timings.items() if k == kind for ms in values)


def _open(context):
    page = context.new_page()
    page.goto("/")
    page.locator(BOX).click()
    page.wait_for_function(READY)
    return page


def _time(page, query: str) -> float | None:
    return page.evaluate(TIME_TO_FIRST, [query, TIMEOUT_MS])


def _typed(page, query: str) -> float | None:
    from playwright.sync_api import TimeoutError as NeverDrawn
    page.evaluate(WATCH_TYPING)
    page.keyboard.type(query, delay=KEY_MS)
    try:
        page.wait_for_function(TYPED, timeout=TIMEOUT_MS)
    except NeverDrawn:
        return None
    typing = page.evaluate("window.typing")
    return typing["drawn"] - typing["key"]


def _clear(page) -> None:
    """An empty query empties the list, so that the next timing waits for the next query's items."""
    page.locator(BOX).fill("")
    page.locator(BOX).press("End")
    page.wait_for_function(EMPTY)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    """A browser that leaves a page before it has loaded closes connections early: not an error."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(site: Path, handler=QuietHandler):
    """The site served from 127.0.0.1 on a free port, while the block runs; its URL. The browser
    tests serve their sites through it too."""
    server = QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def line(where: str, figure: FirstResult | str) -> str:
    if isinstance(figure, str):
        return f"First search result {where}: not measured, {figure}"
    return (f"First search result {where}, ms from the last key to the first result drawn: median "
            f"{figure.median_ms:.0f} (cold {figure.cold_ms:.0f}, warm {figure.warm_ms:.0f}, typed {figure.typed_ms:.0f}), "
            f"slowest query {figure.worst_ms:.0f} ({figure.worst_query}), {figure.timings} timings")


def main(site: Path, rounds: int) -> int:
    """`python -m benchmarks first-result SITE`: the figure of a site built elsewhere."""
    if not (site / "pagefind").is_dir():
        print(f"{site}: not a built playbook site (no pagefind/ folder)", file=sys.stderr)
        return 2
    print(line(f"on {site}", measure(site, rounds)))
    return 0
