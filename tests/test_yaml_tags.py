"""The safe YAML reader asks YAML 1.1's resolver for a tag only where the tag matters
(`safe_yaml._Loader`); what it reads is what it read with every node resolved: the same
values, numbers, locations and problems, for words YAML 1.1 and 1.2 read differently,
numbers of every form, merge keys, explicit tags, aliases and front matter."""
from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook.content import safe_yaml
from playbook.content.safe_yaml import YamlProblem, read_yaml

FULL_LOADER = safe_yaml._SafeLoader  # the same composer, resolving every node


def _read(text: str, loader, monkeypatch, line_offset: int = 0):
    monkeypatch.setattr(safe_yaml, "_Loader", loader)
    try:
        doc = read_yaml(text, line_offset)
    except YamlProblem as problem:
        return ("problem", problem.message, problem.line, problem.column, problem.code)
    return (doc.value, doc.locs, doc.key_locs, doc.numbers,
            [(p.message, p.line, p.column, p.code) for p in doc.problems])


def _both(text: str, monkeypatch, line_offset: int = 0):
    with monkeypatch.context() as patch:
        fast = _read(text, safe_yaml._Loader, patch, line_offset)
    with monkeypatch.context() as patch:
        full = _read(text, FULL_LOADER, patch, line_offset)
    return fast, full


WORDS = ["yes", "No", "on", "OFF", "y", "n", "~", "null", "Null", "NULL", "", "true", "True", "TRUE", "false",
         "FALSE", "tRUE", "=", "<<", ".inf", "-.inf", ".NaN", ".5", "+.5", "-.5e3", "1e5", "1E+5", "1.0e+5", "1_000",
         "0x1F", "0o17", "017", "0b101", "1:30", "190:20:30", "1:30.5", "2026-01-05", "2026-01-05 10:00:00",
         "+12", "-0", "0", "007", "3.10", "1.", "-1.5e-3", "1e400", "9" * 41, "12345678901234567", "Care plans",
         "+ sign", "- dash", ". dot", "v1.2", "1st", "12 units", "3 + 4"]


@pytest.mark.parametrize("word", WORDS)
def test_a_plain_word_reads_as_with_every_node_resolved(word, monkeypatch):
    text = f"a: {word}\nlist: [{word}, x]\nnested:\n  - b: {word}\n" if word else "a:\nlist: [x]\n"
    fast, full = _both(text, monkeypatch)
    assert fast == full


@pytest.mark.parametrize("text", [
    "a: !!str 12\nb: !!int 12\nc: !!float 1e5\nd: !!bool yes\ne: ! 12\nf: !!null x\n",
    "base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n",
    "'<<': 3\n\"<<\": 4\n",
    "a: &x [1, 2.5, yes, null]\nb: *x\nc: *x\n",
    "a: 1\na: 2\n'1': x\n1: y\n",
    "? [complex]\n: value\n",
    "a: |\n  12\nb: >\n  true\nc: '12'\nd: \"null\"\n",
    "- 1\n- -2\n- +3.5\n- .5\n- 1e5\n- 0x10\n",
])
def test_a_document_reads_as_with_every_node_resolved(text, monkeypatch):
    fast, full = _both(text, monkeypatch)
    assert fast == full


def test_front_matter_lines_are_shifted_alike(monkeypatch):
    fast, full = _both("title: x\nvalue: 12\nflag: yes\n", monkeypatch, line_offset=1)
    assert fast == full
    assert fast[1][("value",)] == (3, 8)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789+-._eExXoObB:~<nNulLtTrRuUfFaAsSyY ", min_size=0, max_size=12))
def test_any_plain_scalar_reads_as_with_every_node_resolved(word):
    text = f"a: {word}\nb: [{word}]\n"
    try:
        yaml.compose(text, Loader=FULL_LOADER)
    except yaml.YAMLError:
        return  # not a plain scalar where it stands; the reader reports it either way
    with pytest.MonkeyPatch.context() as patch:
        fast = _read(text, safe_yaml._Loader, patch)
    with pytest.MonkeyPatch.context() as patch:
        full = _read(text, FULL_LOADER, patch)
    assert fast == full
