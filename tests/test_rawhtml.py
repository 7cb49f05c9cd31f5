"""The plugin's raw HTML stash: every page of the sample comes out of Python-Markdown exactly as without it."""
from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook.check.checker import check
from playbook.site.all_pages import SiteOptions, render_site
from plugins.rawhtml import ID, AnchorMemo, anchor_ids, ids_in, stash, unstash

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


PIECES = list('<>aZ idx="=\t\n1é') + ["\x1c", "\u00a0", "\u2003", ' id="', "<a ", '<p id="', '">', "<b\tid=", "data-id=\""]
"""Letters, quotes, brackets and whitespace of every kind the pattern's \\s takes, and pieces of tags."""


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_ids_in_finds_what_the_pattern_finds(text):
    assert ids_in(text) == ID.findall(text)


@pytest.mark.parametrize("text", [
    '<a id="x" id="y">',  # the second id of a tag is no match: the pattern goes on after the first
    '<a title="<b id=\'q\'" id="x">',  # a '<' inside a value ends the tag for the pattern
    'says id="x" <p id="y">',  # text before a tag
    '<p id="<b id="z">',  # a value holding '<'
    '<p id="x', '<1 id="x">', '<p\u2003id="x">', '<p\x1cid="x">', 'id="', '', '<p id="">',
    '<div>\n<p data-id="a" id="b">', '<p>id="x"</p>',
])
def test_ids_in_on_hostile_tags(text):
    assert ids_in(text) == ID.findall(text)


def test_ids_in_on_the_sample_pages(pages):
    for page in pages:
        assert ids_in(page.markdown) == ID.findall(page.markdown), page.path
