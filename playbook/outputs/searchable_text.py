"""What search reads of a written page: its article alone, as a small page of its own.

A builder's glue marks the article of every page that may be found (`mark_searchable`) as it
writes the page. `site_search` then hands Pagefind, instead of the written pages, the small
pages `searchable_page` makes of them: a written page is mostly what search never reads (the
theme's header, sidebars and footer, the charts' SVG), and parsing that was most of the
index's cost. The small page keeps the page's language and the marked article, less what search
leaves out of it: every SVG (a chart's words are the page's, said in its text), every element
marked `data-search-exclude` (a listing of other pages, whose words each page holds) and the
anchor sign beside each heading. Pagefind makes the same record of it as of the written page.
"""
from __future__ import annotations

import heapq
import re

SEARCHABLE = "data-pagefind-body"
"""Marks the element whose text search reads; a page without it is not indexed."""
_ARTICLE = '<article class="md-content__inner md-typeset"'
_MARKED = f"{_ARTICLE} {SEARCHABLE}"
_CUT = (re.compile(r"<svg\b"), re.compile('<a class="headerlink"'), re.compile(r" data-search-exclude\b"))
"""Where an element to cut shows itself; each a pattern of its own, as one with alternatives is slower."""
_TAG = re.compile(r"<(\w+)")
_LANGUAGE = re.compile(r'<html\b[^>]*?\slang="([^"<>]*)"')


def mark_searchable(html: str) -> str:
    """The page with its article marked as the text search reads."""
    return html.replace(_ARTICLE, _MARKED, 1)


def searchable_page(html: str) -> str | None:
    """The page's marked article in a page of its own, in the page's language, without what
    search leaves out; None for a page that is not marked, which search does not read."""
    mark = html.find(_MARKED)
    if mark < 0:
        return None
    start = html.find(">", mark) + 1
    article = html[start:_element_end(html, "article", start, closing_only=True)]
    language = _LANGUAGE.search(html, 0, mark)
    lang = f' lang="{language[1]}"' if language else ""
    return f"<!DOCTYPE html>\n<html{lang}><body {SEARCHABLE}>{_without_cut(article)}</body></html>\n"


def _without_cut(html: str) -> str:
    kept, position = [], 0
    for found in heapq.merge(*(cut.finditer(html) for cut in _CUT), key=lambda found: found.start()):
        start = found.start() if found.group().startswith("<") else html.rfind("<", 0, found.start())
        if start < position or html.find(">", start, found.start()) >= 0:  # already cut, or words of the text
            continue
        tag_end = html.find(">", found.end()) + 1 or len(html)
        kept.append(html[position:start])
        closed = html[tag_end - 2] == "/"
        position = tag_end if closed else _element_end(html, _TAG.match(html, start)[1], tag_end)
    kept.append(html[position:])
    return "".join(kept)


def _element_end(html: str, tag: str, position: int, closing_only: bool = False) -> int:
    """Where the element open at `position` ends (after its end tag, or before it when
    `closing_only`), counting the elements of its name nested in it; the end of the text if never."""
    depth = 1
    for found in re.compile(rf"<(/?){tag}\b[^>]*>", re.I).finditer(html, position):
        depth += -1 if found.group(1) else 1
        if depth == 0:
            return found.start() if closing_only else found.end()
    return len(html)
