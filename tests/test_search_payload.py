"""The search index holds each page's own words once: not the print page, not the charts' text."""
from __future__ import annotations

import html
import json
import re

import pytest

from .sitebuild import copy_sample, mkdocs_build

SVG = re.compile(r"<svg\b.*?</svg>", re.S)
DESC = re.compile(r"<(title|desc) id=\"[^\"]*\">([^<]+)</\1>")
TAG = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = copy_sample(tmp_path_factory.mktemp("search-payload"))
    proc = mkdocs_build(folder, "--strict")
    assert proc.returncode == 0, proc.stderr
    docs = json.loads((folder / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return folder / "site", docs


def _words(text: str) -> str:
    return " ".join(html.unescape(TAG.sub(" ", text)).split())


def _indexed(docs, location: str) -> str:
    return _words(" ".join(d["title"] + " " + d["text"] for d in docs
                           if d["location"].split("#")[0] == location))


def test_the_print_page_is_not_indexed(site):
    folder, docs = site
    assert (folder / "print" / "index.html").is_file()
    assert [d["location"] for d in docs if d["location"].startswith("print/")] == []


@pytest.mark.parametrize("location", ["scorecard/", "roadmap/", "alignment/"])
def test_a_pages_charts_are_not_indexed_but_its_text_is(site, location):
    """Every chart's name and description that the page does not say in its text stays out
    of the index (the page holds at least one); the page's own text is in it."""
    folder, docs = site
    page = (folder / location / "index.html").read_text(encoding="utf-8")
    article = page[page.index("<article"):page.index("</article>")]
    outside = _words(SVG.sub(" ", article))
    chart_words = {_words(text) for svg in SVG.findall(article) for _, text in DESC.findall(svg)}
    only_in_charts = {w for w in chart_words if w and w not in outside}
    indexed = _indexed(docs, location)
    assert only_in_charts, f"{location} draws no chart with words of its own"
    assert [w for w in only_in_charts if w in indexed] == []
    assert _words(re.search(r"<h1[^>]*>(.*?)</h1>", article, re.S)[1]) in indexed


def test_an_entity_pages_chart_is_not_indexed(site):
    folder, docs = site
    pages = [p for p in (folder / "kpis").glob("*/index.html") if "<svg" in p.read_text(encoding="utf-8")]
    assert pages
    for path in pages:
        article = path.read_text(encoding="utf-8")
        location = f"kpis/{path.parent.name}/"
        chart_words = {_words(t) for svg in SVG.findall(article) for _, t in DESC.findall(svg)}
        outside = _words(SVG.sub(" ", article))
        indexed = _indexed(docs, location)
        assert indexed
        assert [w for w in chart_words if w not in outside and w in indexed] == [], location
