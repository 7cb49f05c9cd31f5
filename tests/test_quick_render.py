"""The engine's pages, rendered without Python-Markdown, are the pages Python-Markdown makes.

`plugins.quick_render` writes an engine page's headings and raw HTML placeholders itself.
The sample playbook, built by MkDocs in English and in German, is the same file for file as
when every page goes through Python-Markdown; pages of headings of any text are the same HTML
and table of contents under several settings of the table-of-contents extension; and what
the quick path cannot vouch for (a custom permalink, a site's other extensions, a heading with
an entity or a character outside its set, any other Markdown) goes to Python-Markdown.
"""
from __future__ import annotations

import os
import subprocess
import sys

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from pymdownx import slugs

from playbook.site.render.markdown_page import heading
from plugins.quick_render import QuickRender

from .sitebuild import copy_sample, in_language

MARKDOWN_ONLY = ("import runpy, sys; import plugins.quick_render as quick; "
                 "quick.QuickRender._same = lambda self, md, text: False; "
                 "sys.argv = ['mkdocs', *sys.argv[1:]]; runpy.run_module('mkdocs', run_name='__main__')")
"""`mkdocs build`, with every page rendered by Python-Markdown."""
ENV = {"SOURCE_DATE_EPOCH": "1780000000", "NO_MKDOCS_2_WARNING": "1"}  # the same date on both sites


def build(folder, site: str, quick: bool) -> dict[str, bytes]:
    command = [sys.executable, *(["-m", "mkdocs"] if quick else ["-c", MARKDOWN_ONLY]), "build", "--strict", "-d", site]
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=600, env={**os.environ, **ENV})
    assert done.returncode == 0, done.stderr
    root = folder / site
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_sample_site_is_the_same_with_or_without_python_markdown(tmp_path, language):
    folder = in_language(copy_sample(tmp_path / "sample"), language)
    assert QuickRender(load_config(str(folder / "mkdocs.yml"))).usable
    quick, standard = build(folder, "quick-site", quick=True), build(folder, "markdown-site", quick=False)
    assert sorted(quick) == sorted(standard)
    assert [name for name in quick if quick[name] != standard[name]] == []


def config(**toc) -> dict:
    return {"markdown_extensions": ["toc", "tables", "attr_list", "md_in_html", "admonition", "pymdownx.details"],
            "mdx_configs": {"toc": {"permalink": True, **toc}}}


CONFIGS = {
    "permalink": config(),
    "depth 2 to 3": config(toc_depth="2-3"),
    "titled permalink": config(permalink_title="Link to this part"),
    "own separator": config(separator="_"),
    "unicode slugs": config(slugify=slugs.slugify(case="lower")),
}
WORDS = st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=8)
SIGNS = ["-", "(x)", "A.B", "1+2", "[x]", "#7", "_c_", "*d*", "!", "a > b", "R&D", "<i>", "--", "...", ">>",
         "Status", "Status_1", "\u00dcber", "\u65e5\u672c"]
TITLES = st.lists(st.one_of(WORDS, st.sampled_from(SIGNS)), min_size=1, max_size=5).map(" ".join)
PARTS = st.lists(st.one_of(st.tuples(st.integers(2, 6), TITLES).map(lambda t: heading(t[1], t[0])),
                           st.integers(0, 30).map(lambda n: f"pb-raw-html-{n}")), max_size=12)


@pytest.mark.parametrize("name", CONFIGS)
@settings(max_examples=150, deadline=None)
@given(parts=PARTS)
def test_a_page_of_headings_is_what_python_markdown_makes_of_it(name, parts):
    settings_ = CONFIGS[name]
    quick = QuickRender(settings_)
    assert quick.usable, name
    text = "\n\n".join(parts) + "\n"
    md = markdown.Markdown(extensions=settings_["markdown_extensions"], extension_configs=settings_["mdx_configs"])
    rendered = quick.render(text)
    assert rendered is not None, text  # every heading `heading` writes of letters, digits and escapes
    assert rendered == (md.convert(text), md.toc_tokens)


@pytest.mark.parametrize("toc", [{"permalink": "#"}, {"permalink": True, "anchorlink": True},
                                 {"permalink": True, "permalink_leading": True}, {"permalink": False}])
def test_table_of_contents_settings_it_does_not_write_leave_every_page_to_python_markdown(toc):
    quick = QuickRender({"markdown_extensions": ["toc"], "mdx_configs": {"toc": toc}})
    assert not quick.usable
    assert quick.render("## Status\n\npb-raw-html-0\n") is None


TRICKY = ["## A \\-\\- B\n", "## C \\.\\.\\. D\n", "## E \\>\\> F &gt;&gt; G &lt;&lt;\n", "## \\(c\\) \\(tm\\) 1/2\n",
          "## R&amp;D\n\npb-raw-html-0\n"]


@pytest.mark.parametrize("extensions", [["smarty"], ["pymdownx.smartsymbols"], ["pymdownx.caret", "pymdownx.tilde"],
                                        ["pymdownx.emoji"], ["sane_lists", "abbr", "footnotes"]])
@pytest.mark.parametrize("text", TRICKY)
def test_a_sites_other_extensions_get_the_page_python_markdown_makes(extensions, text):
    """Whatever the site's extensions make of a heading, the quick path makes the same or stands aside."""
    settings_ = {"markdown_extensions": ["toc", *extensions], "mdx_configs": {"toc": {"permalink": True}}}
    md = markdown.Markdown(extensions=settings_["markdown_extensions"], extension_configs=settings_["mdx_configs"])
    assert QuickRender(settings_).render(text) in (None, (md.convert(text), md.toc_tokens))


@pytest.mark.parametrize("text", [
    "A paragraph of text.\n",
    "## Status\n\nA paragraph.\n",
    "# A title\n\npb-raw-html-0\n",
    "## Fish &amp;amp; chips\n",
    "## An &eacute;\n",
    "## Key: value\n",
    "## Smart 'quotes'\n",
    "## Two  spaces\n",
    "## Closing hashes ##\n",
    "####### Seven\n",
    "## \n",
    "## Status\n* a list\n",
    "pb-raw-html-0 and more\n",
])
def test_a_page_with_anything_else_goes_to_python_markdown(text):
    quick = QuickRender(CONFIGS["permalink"])
    assert quick.usable and quick.render(text) is None
