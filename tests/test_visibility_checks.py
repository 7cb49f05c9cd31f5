"""Visibility values are checked wherever they are written, and every way text can name a
more restricted thing is reported (PB104) rather than silently shown as "a restricted item".

Each variant is a small content folder: the minimal playbook plus one file.
"""
from __future__ import annotations

import pytest

from playbook.check.checker import check

from .contenttree import copy_minimal, write_tree

BAD_VISIBILITY = [
    ("Public", "PB013"), ("publc", "PB013"), ("PUBLIC", "PB013"), ("'public '", "PB013"), ("secret", "PB013"),
    ("1", "PB013"), ("true", "PB013"), ("[public]", "PB013"), ("{level: public}", "PB013"), ("''", "PB013"),
]


@pytest.mark.parametrize("value, code", BAD_VISIBILITY)
def test_a_free_page_visibility_is_checked_like_an_entity_one(tmp_path, value, code):
    root = write_tree(copy_minimal(tmp_path / "content"),
                      {"pages/guide.md": f"---\ntitle: Guide\nvisibility: {value}\n---\nText.\n"})
    found = [d for d in check(root).errors if d.file == "pages/guide.md"]
    assert [(d.line, d.column) for d in found] == [(3, 13)], found
    assert found[0].code in ("PB010", "PB013") and "visibility" in found[0].message


@pytest.mark.parametrize("value", ["Confidential", "internal\u200b", "2"])
def test_an_entity_visibility_is_checked_too(tmp_path, value):
    root = write_tree(copy_minimal(tmp_path / "content"),
                      {"channels/extra.yml": f"title: Extra\nplatform: X\nvisibility: '{value}'\n"})
    found = [d for d in check(root).errors if d.file == "channels/extra.yml"]
    assert [(d.line, d.column, d.code) for d in found] == [(3, 13, "PB013")]


@pytest.mark.parametrize("fields", ["title: [a, b]", "tags: guide", "summary: {a: 1}", "description: [x]"])
def test_other_page_fields_have_types(tmp_path, fields):
    root = write_tree(copy_minimal(tmp_path / "content"), {"pages/guide.md": f"---\n{fields}\n---\nText.\n"})
    assert [d.code for d in check(root).errors if d.file == "pages/guide.md"] == ["PB010"]


HIDDEN = {
    "goals/secret-goal.yml": "title: Secret goal\nvisibility: confidential\nsupports: grow-online\ndepartment: sales\n",
    "pages/secret-page.md": "---\ntitle: Secret page\nvisibility: confidential\n---\nHidden.\n",
}
NAMING = [
    ("pages/open.md", "---\nvisibility: public\n---\nSee [[goal:secret-goal]].\n", (4, 5)),
    ("pages/open.md", "---\nvisibility: internal\n---\nSee [[goal:secret-goal|the plan]].\n", (4, 5)),
    ("pages/open.md", "---\nvisibility: public\n---\nSee [it](secret-page.md).\n", (4, 10)),
    ("pages/open.md", "---\nvisibility: public\n---\nSee [it](../goals/secret-goal.yml#why).\n", (4, 10)),
    ("pages/open.md", "---\nvisibility: public\n---\nSee [it][r].\n\n[r]: secret-page.md\n", (6, 6)),
    ("pages/deep/open.md", "---\ntitle: Deep\n---\nSee <a href=\"../secret-page.md\">it</a>.\n", (4, 14)),
    ("channels/open.md", "---\ntitle: Open\nplatform: X\n---\nSee [[goal:secret-goal]].\n", (5, 5)),
    ("channels/open.md", "---\ntitle: Open\nplatform: X\n---\nSee [the page](../pages/secret-page.md).\n", (5, 16)),
]


@pytest.mark.parametrize("file, text, where", NAMING)
def test_text_naming_something_more_restricted_is_reported(tmp_path, file, text, where):
    root = write_tree(copy_minimal(tmp_path / "content"), {**HIDDEN, file: text})
    found = [d for d in check(root, as_of=None).diagnostics if d.code == "PB104" and d.file == file]
    assert [(d.line, d.column) for d in found] == [where], found
    assert found[0].severity == "warning" and "restricted" in found[0].message


@pytest.mark.parametrize("text", ["See [[goal:win-leads]].", "See [the guide](guide.md).", "[x](https://example.org/a.md)"])
def test_text_naming_what_its_readers_may_see_is_not_reported(tmp_path, text):
    root = write_tree(copy_minimal(tmp_path / "content"), {
        "pages/guide.md": "---\ntitle: Guide\n---\nHello.\n",
        "pages/open.md": f"---\ntitle: Open\n---\n{text}\n"})
    assert [d for d in check(root).diagnostics if d.code == "PB104" and d.file == "pages/open.md"] == []
