"""The site source for builders that run no plugins, made light for Zensical.

* `raw_html_blocks`: every page of the sample converts byte for byte as without the extension, and
  no raw HTML of a marked page reaches Python-Markdown's HTML parser; a page without the mark (the
  project's own) converts exactly as before, whatever HTML it holds.
* The builder's link check is off when every page is the engine's, and on when docs_dir holds
  Markdown pages of the project's own or the project sets `validation` itself; a real Zensical build
  shows each.
* `search_sections`: a section past `MAX_WORDS` keeps its later blocks out of search, whatever its
  blocks; a real Zensical build leaves their words out of its index and in the page.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import subprocess
import sys

import markdown
import pytest
from markdown.preprocessors import Preprocessor

from playbook.check.checker import check
from playbook.outputs import search_sections
from playbook.outputs.raw_html_blocks import MARK, NAME, marked
from playbook.outputs.search_sections import MAX_WORDS, bounded, words
from playbook.outputs.site_source import (
    LINKS_UNCHECKED,
    builder_config,
    has_own_pages,
    prepare,
    write_source,
)
from playbook.site.all_pages import SiteOptions, render_site

from .sitebuild import REPO, copy_sample

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details"]
CONFIGS = {"toc": {"permalink": True}}
needs_zensical = pytest.mark.skipif(importlib.util.find_spec("zensical") is None, reason="zensical is not installed")


class RawHtmlSeen(Preprocessor):
    """Records the lines that reach the HTML block parser and start with a tag."""

    def run(self, lines):
        self.md.raw_seen = [line for line in lines if line.startswith("<") and not line.startswith("<!--")]
        return lines


def convert(text: str, *extensions) -> tuple[str, list[str]]:
    md = markdown.Markdown(extensions=[*EXTENSIONS, *extensions], extension_configs=CONFIGS)
    md.preprocessors.register(RawHtmlSeen(md), "raw_seen", 21)  # just before the HTML block parser (20)
    return md.convert(text), md.raw_seen


def body(page_markdown: str) -> str:
    return page_markdown.split("---\n", 2)[2]


@pytest.fixture(scope="module")
def pages():
    result = check(REPO / "content")
    return render_site(result, SiteOptions(as_of=result.as_of))


def test_marked_pages_convert_byte_for_byte_as_without_the_extension(pages):
    assert len(pages) > 80
    for page in pages:
        fast, seen = convert(body(marked(page.markdown)), NAME)
        plain, plain_seen = convert(body(page.markdown))
        assert plain_seen and seen == [], page.path  # the HTML parser read the raw HTML before, not now
        assert fast == plain, page.path


OWN_PAGES = {
    "md_in_html": "<div markdown>\n\n**bold** words\n\n</div>\n",
    "inline start": "<span>odd</span> then *emphasis* and `code`\n",
    "blank lines in HTML": "<div>\n\n<p>one</p>\n\n</div>\n\nA *paragraph*.\n",
    "details": '<details markdown="1">\n<summary>More</summary>\n\n- a list\n- of two\n\n</details>\n',
    "comment": "<!-- a directive -->\n\n# Title\n\n<em>inline</em> *text*\n",
    "mark not first": f"# Title\n\n{MARK}\n\n<span>late</span> *mark*\n",
}


@pytest.mark.parametrize("text", OWN_PAGES.values(), ids=OWN_PAGES.keys())
def test_a_page_without_the_mark_converts_as_without_the_extension(text):
    assert convert(text, NAME) == convert(text)


def test_the_mark_shows_nothing_even_without_the_extension():
    assert convert(marked("---\ntitle: x\n---\n\n<p>Only this</p>\n").split("---\n", 2)[2])[0] == "<p>Only this</p>"


# The builder's configuration ------------------------------------------------------------------------

@pytest.mark.parametrize("extensions, expected", [
    (None, None),  # unset: each builder keeps its own defaults
    (["tables"], ["tables", NAME]),
    ([{"toc": {"permalink": True}}, "admonition"], [{"toc": {"permalink": True}}, "admonition", NAME]),
    ({"toc": {"permalink": True}, "tables": None}, [{"toc": {"permalink": True}}, {"tables": None}, NAME]),
    ({}, [NAME]),
])
def test_the_source_names_the_extension_after_the_projects_own(extensions, expected):
    settings = {"site_name": "x"} | ({"markdown_extensions": extensions} if extensions is not None else {})
    assert builder_config(settings, []).get("markdown_extensions") == expected


@pytest.mark.parametrize("settings, own_pages, expected", [
    ({}, False, LINKS_UNCHECKED),
    ({}, True, None),
    ({"validation": {"links": {"not_found": "warn"}}}, False, {"links": {"not_found": "warn"}}),
    ({"validation": False}, False, False),
    ({"validation": {"nav": {"omitted_files": "ignore"}}}, True, {"nav": {"omitted_files": "ignore"}}),
])
def test_the_builders_link_check_is_off_only_when_every_page_is_the_engines(settings, own_pages, expected):
    assert builder_config({"site_name": "x", **settings}, [], own_pages).get("validation") == expected


@pytest.mark.parametrize("files, exclude, expected", [
    ({}, None, False),
    ({"README.md": "# Notes"}, "README.md\n", False),
    ({"README.md": "# Notes", "extra.css": "a{}"}, None, True),
    ({"guide/intro.markdown": "# Intro"}, "README.md\n", True),
    ({".hidden.md": "x", "templates/t.md": "x", "logo.svg": "<svg/>"}, None, False),
    ({"drafts/a.md": "x", "drafts/b.md": "x"}, "drafts/\n", False),
    ({"drafts/a.md": "x", "b.md": "x"}, "drafts/\n", True),
])
def test_own_pages_are_markdown_files_the_builder_publishes(tmp_path, files, exclude, expected):
    for name, text in files.items():
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    assert has_own_pages(tmp_path / "docs", exclude) is expected


def zensical_build(project, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "playbook", "build", "--builder", "zensical",
                           "--site-dir", "site", *args], cwd=project, capture_output=True, text=True, timeout=600)


@needs_zensical
@pytest.mark.parametrize("docs, extra, fails", [
    ({}, "", False),  # only the engine's pages: no link check
    ({"notes.md": "# Notes\n\nSee [x](missing.md).\n"}, "", True),  # a page of the project's own: checked
    ({"notes.md": "# Notes\n\nSee [x](missing.md).\n"}, "exclude_docs: |\n  notes.md\n", False),  # not published
    ({"notes.md": "# Notes\n\nSee [x](missing.md).\n"}, "validation:\n  links:\n    not_found: ignore\n", False),
])
def test_zensical_checks_the_links_of_the_projects_own_pages(tmp_path, docs, extra, fails):
    project = copy_sample(tmp_path)
    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text(encoding="utf-8") + extra, encoding="utf-8")
    for name, text in docs.items():
        (project / "docs" / name).write_text(text, encoding="utf-8")
    done = zensical_build(project, "--strict")
    assert (done.returncode != 0) is fails, done.stderr[-2000:]
    assert (project / "site" / "index.html").is_file() is not fails
    assert "Traceback" not in done.stdout


# Search sections ----------------------------------------------------------------------------------

def block(n: int, tag: str = "p", word: str = "w") -> str:
    return f"<{tag} class=\"x\">" + " ".join(f"{word}{i}" for i in range(n)) + f"</{tag}>"


def page(*parts: str) -> str:
    return "\n\n".join(["---\ntitle: \"T\"\n---", *parts]) + "\n"


def excluded(markdown: str) -> list[bool]:
    return [" data-search-exclude" in part.split(">", 1)[0] for part in markdown.split("\n\n")[1:]]


@pytest.mark.parametrize("parts, expected", [
    ((block(100), "## Two", block(100)), [False, False, False]),  # small: as it was
    ((block(MAX_WORDS - 10), block(9), block(5)), [False, False, True]),  # past the bound in its third block
    ((block(MAX_WORDS + 1, "table"),), [True]),  # one block too long by itself
    ((block(MAX_WORDS // 2 + 1), "## Two", block(MAX_WORDS // 2 + 1)), [False, False, False]),  # a heading starts anew
    ((block(MAX_WORDS), "<!-- a comment -->", "## Two", block(1), block(MAX_WORDS), block(1, "ul")),
     [False, False, False, False, True, True]),  # comments and headings are never marked
    ((block(MAX_WORDS // 3, word="a-b:c"), block(3)), [False, True]),  # words as Zensical's search splits them
])
def test_a_section_keeps_its_blocks_past_the_bound_from_search(parts, expected):
    result = bounded(page(*parts))
    assert excluded(result) == expected
    assert result.replace(" data-search-exclude", "") == page(*parts)  # nothing else changed


def test_words_are_counted_as_zensicals_search_separates_them():
    assert words('<p class="a b">one-two three_four <em>five</em>:six 1.5 end. &amp; "q"</p>') == 10


@needs_zensical
def test_a_real_zensical_index_leaves_the_marked_words_out_and_the_page_keeps_them(tmp_path, monkeypatch):
    monkeypatch.setattr(search_sections, "MAX_WORDS", 40)
    project = copy_sample(tmp_path / "p")
    theme = (project / "content" / "themes" / "lancaster-countdown.yml").read_text(encoding="utf-8")
    for i in range(40):  # each runs in June 2026, so the home page's "This month" lists it
        (project / "content" / "themes" / f"t{i}.yml").write_text(theme.replace("Lancaster countdown", f"Theme zq{i}x").replace(
            '"2026-09-01"', '"2026-01-01"'), encoding="utf-8")
    source = prepare(project / "mkdocs.yml", "internal", dt.date(2026, 6, 1))
    assert not source.result.errors
    write_source(tmp_path / "src", source)
    home = (tmp_path / "src" / "docs" / "index.md").read_text(encoding="utf-8")
    assert "data-search-exclude" in home
    done = subprocess.run([sys.executable, "-m", "zensical", "build", "-f", str(tmp_path / "src" / "mkdocs.yml")],
                          cwd=tmp_path / "src", capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    index = json.loads((tmp_path / "src" / "site" / "search.json").read_text(encoding="utf-8"))
    indexed = " ".join(item["text"] for item in index["items"] if item["location"] in ("", "#this-month"))
    shown = (tmp_path / "src" / "site" / "index.html").read_text(encoding="utf-8")
    left_out = {name for b in home.split("\n\n") if re.match(r"<[a-z]+ data-search-exclude", b)
                for name in re.findall(r"zq\d+x", b)}
    assert len(left_out) == 40 and all(name in shown for name in left_out)
    assert not any(name in indexed for name in left_out)
