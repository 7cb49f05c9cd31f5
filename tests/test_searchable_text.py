"""Search reads a small page made of each written page's article: the same index as Pagefind makes
of the written pages, from a fraction of the HTML, and nothing of the theme or the charts."""
from __future__ import annotations

import filecmp
import re
import shutil

import pytest

from playbook.outputs.pagefind_service import PagefindService
from playbook.outputs.searchable_text import (
    SEARCHABLE,
    mark_searchable,
    searchable_page,
)
from playbook.outputs.site_search import BUNDLE, index_site

from .sitebuild import copy_sample, mkdocs_build, search_records

ARTICLE = '<article class="md-content__inner md-typeset">'


def _page(article: str, lang: str = "en", before: str = "", after: str = "") -> str:
    return mark_searchable(f'<!doctype html><html lang="{lang}" class="no-js"><head><title>T</title></head><body>'
                           f'<nav class="md-nav">{before}</nav><main>{ARTICLE}{article}</article></main>'
                           f'<footer>{after}</footer></body></html>')


def _body(small: str) -> str:
    return small[small.index(f"<body {SEARCHABLE}>") + len(f"<body {SEARCHABLE}>"):small.index("</body>")]


@pytest.mark.parametrize("article, kept", [
    ('<h1>Title</h1><svg viewBox="0 0 1 1"><title>chart words</title><text>42</text></svg><p>own</p>',
     "<h1>Title</h1><p>own</p>"),
    ('<p>a</p><svg><g><svg><text>inner</text></svg><text>outer</text></g></svg><p>b</p>', "<p>a</p><p>b</p>"),
    ('<p>a</p><div class="pb-table-wrap" data-search-exclude><div><table><tr><td>other page</td></tr></table></div>'
     '</div><p>b</p>', "<p>a</p><p>b</p>"),
    ('<h2 id="x">Chain<a class="headerlink" href="#x" title="Permanent link">&para;</a></h2>', '<h2 id="x">Chain</h2>'),
    ('<p>a<svg class="icon"/>b</p><ul data-search-exclude><li><ul><li>x</li></ul></li></ul><p>c</p>',
     "<p>ab</p><p>c</p>"),
    ('<figure data-search-exclude><svg><text>t</text></svg><figcaption>cap</figcaption></figure><p>kept</p>',
     "<p>kept</p>"),
])
def test_what_search_leaves_out_is_cut_whole_and_the_rest_kept(article, kept):
    assert _body(searchable_page(_page(article))) == kept


@pytest.mark.parametrize("lang", ["en", "de", "fr", "es", "pt-BR"])
def test_the_small_page_keeps_the_pages_language(lang):
    assert searchable_page(_page("<h1>x</h1>", lang=lang)).startswith(f'<!DOCTYPE html>\n<html lang="{lang}"><body ')


@pytest.mark.parametrize("before, after", [
    ("data-pagefind-body", ""),
    ("&lt;article class=&quot;md-content__inner md-typeset&quot; data-pagefind-body&gt;", ""),
    ("<svg><text>sidebar</text></svg> Sidebar words", "Footer words"),
    ("", "</article> after"),
    ('<a class="headerlink" href="#">x</a>', '<div data-search-exclude>f</div>'),
])
def test_nothing_outside_the_marked_article_is_read(before, after):
    small = searchable_page(_page("<h1>Own</h1><p>words</p>", before=before, after=after))
    assert _body(small) == "<h1>Own</h1><p>words</p>"


@pytest.mark.parametrize("page", [
    "<html><body><article><h1>A</h1></article></body></html>",
    f"<html><body><p>{SEARCHABLE}</p></body></html>",
    f'<html><body>{ARTICLE}<h1>A</h1></article></body></html>',
    "",
    '<html lang="en"><body><article class="md-content__inner">x</article></body></html>',
])
def test_a_page_that_is_not_marked_is_not_read(page):
    assert searchable_page(page) is None


def test_an_article_nested_in_the_article_stays_whole():
    small = searchable_page(_page("<p>a</p><article><p>inner</p></article><p>b</p>"))
    assert _body(small) == "<p>a</p><article><p>inner</p></article><p>b</p>"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    folder = copy_sample(tmp_path_factory.mktemp("searchable"))
    done = mkdocs_build(folder, "--strict")
    assert done.returncode == 0, done.stderr
    return folder / "site"


def test_the_index_is_the_one_pagefind_makes_of_the_written_pages(sample, tmp_path):
    """Pagefind handed the written pages themselves, in the same order, leaving out what the small
    pages leave out, writes the very same files: every record, word and section is as it was."""
    site = tmp_path / "site"
    shutil.copytree(sample, site)
    index_site(site)
    whole = tmp_path / "whole"
    with PagefindService(config={"exclude_selectors": ["svg", "[data-search-exclude]", ".headerlink"]}) as pagefind:
        for path in sorted(site.rglob("*.html"), key=lambda path: path.relative_to(site).as_posix()):
            if not path.is_relative_to(site / BUNDLE):
                pagefind.add(path.relative_to(site).as_posix(), path.read_text(encoding="utf-8"))
        for name, data in pagefind.files():
            (whole / name).parent.mkdir(parents=True, exist_ok=True)
            (whole / name).write_bytes(data)
    published = site / BUNDLE
    for folder in ("fragment", "index"):
        names = sorted(p.name for p in (published / folder).iterdir())
        assert names == sorted(p.name for p in (whole / folder).iterdir()) and names
        assert filecmp.cmpfiles(published / folder, whole / folder, names, shallow=False)[0] == names
    assert len(search_records(site)) > 100


def test_pagefind_is_given_only_the_articles(sample, tmp_path, monkeypatch):
    """What Pagefind parses holds none of the theme's navigation, no SVG and not the mode bar every
    page shows, and is a small part of the site."""
    seen = {}
    real_add = PagefindService.add

    def add(self, path, html):
        seen[path] = html
        return real_add(self, path, html)

    monkeypatch.setattr(PagefindService, "add", add)
    site = tmp_path / "site"
    shutil.copytree(sample, site)
    index_site(site)
    written = sum(len(p.read_text(encoding="utf-8")) for p in sample.rglob("*.html"))
    assert len(seen) == len(search_records(sample)) > 100
    assert sum('class="pb-mode-bar"' in p.read_text(encoding="utf-8") for p in sample.rglob("*.html")) > 100
    assert not [p for p, text in seen.items() if re.search(r"<svg|md-sidebar|md-header|md-footer|headerlink|pb-mode-bar", text)]
    assert sum(map(len, seen.values())) < written / 3
