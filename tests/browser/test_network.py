"""Closed network: a crawl of every page of the sample site asks no host but localhost for anything.

Every built HTML page is opened in turn until its load event, and every
same-origin link on each page is followed too, so a page reachable only by a
link is not missed. Every request the browser makes (documents, styles,
scripts, the search worker's index, images) is counted per host; the counts go
to screenshots/crawl.txt. Requests a page makes later are seen by the other
tests: every browser context fails its test on a request to another host, and
the accessibility test stays seconds on each page template.
"""
from __future__ import annotations

from collections import Counter
from urllib.parse import urldefrag, urljoin, urlparse

from .conftest import LOCAL_HOSTS

LINKS = "() => Array.from(document.querySelectorAll('a[href]'), a => a.href)"


def page_of(url: str) -> str:
    """One spelling per page: no fragment, no trailing index.html."""
    return urldefrag(url)[0].removesuffix("index.html")


def test_crawl_of_every_page_stays_on_localhost(open_context, site, notes):
    context = open_context()
    hosts = Counter()
    context.on("request", lambda r: hosts.update([urlparse(r.url).hostname or urlparse(r.url).scheme]))
    page = context.new_page()
    todo = [page_of(site.url + path) for path in site.pages()]
    seen, failed = set(), []
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        response = page.goto(url)
        if response is None or response.status != 200:
            failed.append((url, response and response.status))
            continue
        for href in page.evaluate(LINKS):
            target = page_of(urljoin(url, href))
            if target.startswith(site.url + "/") and target.endswith(("/", ".html")):
                todo.append(target)
    page.wait_for_load_state("networkidle")
    notes.write("crawl", [f"pages crawled: {len(seen)}"] + [f"requests to {h}: {n}" for h, n in hosts.most_common()])
    assert failed == []
    assert len(seen) >= len(site.pages())
    assert set(hosts) <= LOCAL_HOSTS, hosts
