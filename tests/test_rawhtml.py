"""The plugin's raw HTML stash: every page of the sample comes out of Python-Markdown exactly as without it."""
from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest

from playbook.check.checker import check
from playbook.site.all_pages import SiteOptions, render_site
from plugins.rawhtml import AnchorMemo, anchor_ids, stash, unstash

from .sitebuild import REPO

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details"]
CONFIGS = {"toc": {"permalink": True}}


class Ids(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.ids.update(value for name, value in attrs if name == "id")


@pytest.fixture(scope="module")
def pages():
    result = check(REPO / "content")
    return render_site(result, SiteOptions(as_of=result.as_of))


def convert(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS, extension_configs=CONFIGS)


def test_stashed_pages_render_byte_for_byte_as_before(pages):
    assert len(pages) > 80
    for page in pages:
        skeleton, blocks = stash(page.markdown)
        skeleton = skeleton.split("---\n", 2)[2]
        assert blocks and "<" not in skeleton, page.path
        assert unstash(convert(skeleton), blocks) == convert(page.markdown.split("---\n", 2)[2]), page.path


def test_anchor_ids_are_the_ids_an_html_parser_finds(pages):
    found = 0
    for page in pages:
        _, blocks = stash(page.markdown)
        assert anchor_ids(blocks) == Ids("\n".join(blocks)).ids, page.path
        found += len(anchor_ids(blocks))
    assert found > 20


def test_the_anchor_memo_finds_what_a_parser_finds_over_builds(pages):
    """Build after build, with blocks kept, changed, moved to another page and gone: the ids each
    page holds are the ones a parser finds, and only blocks still in the site stay remembered."""
    memo = AnchorMemo()
    builds = [[stash(p.markdown)[1] for p in pages],
              [stash(p.markdown.replace('id="', 'id="x-'))[1] for p in pages[:40]],
              [stash(p.markdown)[1] for p in reversed(pages)],
              [stash(p.markdown)[1] for p in pages[::3]]]
    for build in builds:
        memo.next_build()
        for blocks in build:
            assert memo.anchor_ids(blocks) == Ids("\n".join(blocks)).ids
    assert set(memo._now) == {block for blocks in builds[-1] for block in blocks}
