"""A document's texts are measured for Markdown bounds at once where none could break one,
and one by one otherwise: `document_problem` finds exactly the first text that breaks a bound,
where the first text that breaks one sits, as looking at every text in turn does."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook.content.markdown_bounds import MAX_NESTING, document_problem, markdown_problem
from playbook.content.safe_yaml import read_yaml

DEEP = "> " * (MAX_NESTING + 1) + "x"
OPEN = "[" * 3000 + "x"


def _text_by_text(doc):
    for path, value in doc.strings():
        problem = markdown_problem(value)
        if problem:
            return (*doc.loc(path), "PB016", problem[1])
    return None


def _doc(texts: list[str]):
    import json
    return read_yaml("".join(f"t{i}: {json.dumps(text)}\n" for i, text in enumerate(texts)))


@pytest.mark.parametrize("texts, line", [
    (["plain", "words", DEEP], 3),
    ([DEEP, "plain"], 1),
    (["plain", OPEN, DEEP], 2),
    (["ends with ]", "(starts with a parenthesis", OPEN], 3),
    (["a" * 20, "> " * 11, "> " * 11 + "x", DEEP], 4),
    (["text\n" + DEEP, "plain"], 1),
    (["plain", "](" * 2100], 2),
    (["one [link](x)", "two", "x" * 30], None),
    (["- " * 10, "- " * 10, "1. " * 7], None),
])
def test_the_first_text_that_breaks_a_bound_is_found(texts, line):
    doc = _doc(texts)
    found = document_problem(doc, None, 1)
    assert found == _text_by_text(doc)
    assert (found[0] if found else None) == line


_piece = st.sampled_from(["> ", "- ", "1. ", "\t", "  ", "[", "](", "]", "(", "x", "\n", "\\["])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_piece, max_size=30).map("".join), min_size=1, max_size=4))
def test_any_texts_give_what_looking_at_each_gives(texts):
    doc = _doc(texts)
    assert document_problem(doc, None, 1) == _text_by_text(doc)
