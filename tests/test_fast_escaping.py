"""The element builders' own escaping writes exactly what markupsafe and xml.sax.saxutils write."""
from __future__ import annotations

import re
from xml.sax.saxutils import quoteattr

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup, escape

from playbook.site import svg
from playbook.site.render import html

TRICKY = [
    "", " ", "  ", "a  b", " lead", "trail ", "\t tab", "line\nbreak", "cr\r\nlf", "\x00nul", "\x0bvt\x0c",
    "\x85next", "\u2028sep\u2029", "\ufffe\uffff", "\x7fdel", 'say "hi"', "it's", "both \"'", "<b>&amp;</b>",
    "&#39; &#34;", "caf\u00e9 \u2014 \U0001f600", "x\u00a0y",  # a no-break space is kept as it is
]
TEXT = st.one_of(st.sampled_from(TRICKY), st.text(), st.text(alphabet=" \t\n\"'<>&ab\x00\x85\u2028"))


def _clean_before(value) -> str:
    return re.sub("[ \t\n\r\f\v\x85\u2028\u2029]+", " ",
                  re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]", "", str(value))).strip(" ")


class _Html:
    def __html__(self):
        return "<i>ready</i>"


@pytest.mark.parametrize("text", TRICKY)
def test_svg_text_is_cleaned_and_quoted_as_before(text):
    assert svg.clean(text) == _clean_before(text)
    assert svg.attrs({"title": text}) == f" title={quoteattr(_clean_before(text))}"


@pytest.mark.parametrize("text", TRICKY)
def test_html_text_is_escaped_as_markupsafe_does(text):
    assert html.el("p", text, title=text) == f'<p title="{escape(text)}">{escape(text)}</p>'


@pytest.mark.parametrize("value", [Markup("<b>x</b>"), _Html(), 42, 3.5, Markup("a &amp; b")])
def test_markup_and_other_values_keep_their_meaning(value):
    assert html.el("span", data_x=value) == f'<span data-x="{escape(value)}"></span>'


@pytest.mark.parametrize("children", [["a", Markup("<b>b</b>"), ("c<", ["&d"])], [], [None, "x"], Markup("<i/>")])
def test_nested_children_are_joined_as_before(children):
    expected = "".join(str(escape(c)) if isinstance(c, str) else ("" if c is None else "".join(
        str(escape(x)) if isinstance(x, str) else "".join(map(str, map(escape, x))) for x in c)) for c in children) \
        if not isinstance(children, Markup) else str(children)
    assert html.el("div", children) == f"<div>{expected}</div>"


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_any_text_is_written_as_before(text):
    assert svg.clean(text) == _clean_before(text)
    assert svg.attrs({"aria_label": text}) == f" aria-label={quoteattr(_clean_before(text))}"
    assert html.el("td", text, data_label=text) == f'<td data-label="{escape(text)}">{escape(text)}</td>'


def test_attribute_names_are_written_from_keywords():
    assert html.el("a", "x", class_="c", data_pb_sort="1", aria_hidden=True, hidden=False) == \
        '<a class="c" data-pb-sort="1" aria-hidden>x</a>'
    assert svg.attrs({"class_": "c", "font_family": "sans-serif", "x": 1.5, "y": None}) == \
        ' class="c" font-family="sans-serif" x="1.5"'
