"""The checker's fast paths decide exactly what the slow ones would.

Each shortcut that keeps `playbook validate` fast on large playbooks skips work only where the
work could find nothing, so each is run here against the full computation on inputs made to
tell them apart:

* the compiled schema (`surely_valid`) never passes what the validator fails, so an entity is
  checked in full wherever it may have an error: patterns at a line's end, control characters,
  booleans where numbers belong, impossible dates, unknown words and fields;
* texts are searched for credentials only when they hold one of the words every credential
  pattern needs, in any of the cases the pattern's IGNORECASE matches (ı, İ, ſ, the Kelvin sign);
* Markdown nesting is measured only on lines that could nest too deep, and brackets left open
  only in texts long enough to make too much work of them;
* a diagnostic's file is made relative to the current folder as `os.path.relpath` makes it;
* a document's texts, and a graph's entities of one kind, come out as the plain walk and sort
  gave them;
* the goals each KPI measures are worked out once per check, however many KPIs are off track;
* the cyclic garbage collector is back on after a check, whether it ended well or not.
"""
from __future__ import annotations

import datetime as dt
import gc
import os
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook.check import alignment, corrective_actions
from playbook.check.checker import check
from playbook.check.config import ConfigError
from playbook.check.credentials import SECRET_TEXT, may_hold_credential, redact
from playbook.content import markdown_bounds, schemas
from playbook.content.diagnostics import Diagnostic
from playbook.content.markdown_bounds import (
    MAX_LINK_WORK,
    MAX_NESTING,
    link_work,
    markdown_problem,
    nesting,
)
from playbook.content.safe_yaml import read_yaml

from .contenttree import AS_OF, copy_minimal, write_tree

PERSON = "title: Ada Park\nrole: Editor\ncontact:\n  email: {email}\n  phone: {phone}\n"
WRONG_PEOPLE = {
    "email-newline-at-end": PERSON.format(email='"ada@example.org\\n"', phone='"+44 1524 000 000"'),
    "phone-newline-at-end": PERSON.format(email="ada@example.org", phone='"+44 1524 000 000\\n"'),
    "email-with-a-separator-control": PERSON.format(email='"ada\\x1c@example.org"', phone='"+44 1524 000 000"'),
    "email-with-no-break-space": PERSON.format(email='"ada\\u00a0x@example.org"', phone='"+44 1524 000 000"'),
    "phone-too-short": PERSON.format(email="ada@example.org", phone='"+44"'),
    "phone-a-number": PERSON.format(email="ada@example.org", phone="441524000000"),
    "email-a-list": PERSON.format(email="[ada@example.org]", phone='"+44 1524 000 000"'),
}
KPI = "content/kpis/qualified-leads.yml"
WRONG_KPIS = {
    "baseline-value-true": ("  value: 10\n", "  value: true\n"),
    "target-value-text": ("  value: 300\n", "  value: 1e5\n"),
    "impossible-date": ('date: "2027-06-30"', 'date: "2027-02-30"'),
    "date-with-newline": ('date: "2027-06-30"', 'date: "2027-06-30\\n"'),
    "unknown-cadence": ("cadence: monthly", "cadence: montly"),
    "cadence-in-capitals": ("cadence: monthly", "cadence: Monthly"),
    "unknown-field": ("cadence: monthly", "cadence: monthly\ncadense: monthly"),
    "waiver-rule-with-newline": ("cadence: monthly", 'cadence: monthly\nwaivers:\n  - rule: "PB211\\n"\n'
                                 '    reason: Seasonal\n    owner: Ada\n    expires: "2026-12-31"'),
}


def _findings(content, monkeypatch, compile_after: int):
    monkeypatch.setattr(schemas, "COMPILE_AFTER", compile_after)
    schemas._checked.clear()
    return [(d.file, d.line, d.column, d.code, d.message) for d in check(content, as_of=dt.date.fromisoformat(AS_OF)).diagnostics]


def _fast_and_slow(content, monkeypatch):
    fast, slow = _findings(content, monkeypatch, 0), _findings(content, monkeypatch, 10**9)
    monkeypatch.setattr(schemas, "COMPILE_AFTER", 0)
    return fast, slow


@pytest.mark.parametrize("case", sorted(WRONG_PEOPLE))
def test_the_compiled_schema_passes_no_person_the_validator_fails(case, tmp_path, monkeypatch):
    content = copy_minimal(tmp_path / "c")
    write_tree(content, {"people/ada-park.yml": WRONG_PEOPLE[case]})
    fast, slow = _fast_and_slow(content, monkeypatch)
    assert fast == slow
    assert any(f[0].endswith("ada-park.yml") and f[3].startswith("PB01") for f in fast), fast


@pytest.mark.parametrize("case", sorted(WRONG_KPIS))
def test_the_compiled_schema_passes_no_kpi_the_validator_fails(case, tmp_path, monkeypatch):
    content = copy_minimal(tmp_path / "c")
    path = content / KPI.removeprefix("content/")
    old, new = WRONG_KPIS[case]
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    fast, slow = _fast_and_slow(content, monkeypatch)
    assert fast == slow
    assert any(f[0].endswith("qualified-leads.yml") for f in fast), fast  # the clean playbook has none


@pytest.mark.parametrize("kind, data", [
    ("person", {"title": "A", "contact": {"email": "a@b\n"}}),
    ("person", {"title": "A", "contact": {"phone": "+44 12345\n"}}),
    ("channel", {"title": "A", "platform": "LinkedIn", "url": " https://example.org"}),
    ("kpi", {"title": "A", "baseline": {"value": True, "date": "2026-01-01"}}),
    ("kpi", {"title": "A", "cadence": ["monthly"]}),
    ("kpi", {"title": "A", "target": {"value": 1, "date": "2026-13-01"}}),
    ("strategy", {"title": ""}),
    ("goal", {"title": "A", "supports": [{"id": "x"}]}),
])
def test_surely_valid_is_never_more_lenient_than_the_validator(kind, data, monkeypatch):
    """Where the two differ, the compiled check is the stricter: a text ending in a line break
    meets '^...$' for the validator (Python's '$' matches before it), not for the compiled one."""
    monkeypatch.setattr(schemas, "COMPILE_AFTER", 0)
    errors = list(schemas.validator(kind).iter_errors(data))
    assert not (errors and schemas.surely_valid(kind, data))
    assert not schemas.surely_valid(kind, data)


def test_a_late_error_in_a_large_playbook_is_still_found(tmp_path, monkeypatch):
    """More tactics than COMPILE_AFTER: the last ones are judged by the compiled schema first."""
    monkeypatch.setattr(schemas, "COMPILE_AFTER", 3)
    schemas._checked.clear()
    content = copy_minimal(tmp_path / "c")
    tactic = (content / "tactics" / "webinars.yml").read_text(encoding="utf-8")
    write_tree(content, {f"tactics/webinars-{i}.yml": tactic for i in range(8)})
    write_tree(content, {"tactics/webinars-7.yml": tactic + "call_to_acton: Sign up\n"})
    found = [(d.file, d.code) for d in check(content, as_of=dt.date.fromisoformat(AS_OF)).diagnostics]
    assert ("tactics/webinars-7.yml", "PB012") in [(f.split("content/")[-1], c) for f, c in found]
    assert schemas._checked["tactic"] > schemas.COMPILE_AFTER


CREDENTIALS = [
    "password: hunter22", "PASSWORD = hunter22", "Pass: hunter22", "pa\u017fsword: hunter22",
    "p\u0131n: 12345678", "P\u0130N is 12345678", "api_\u212aey: abcdefgh", "API-KEY=abcdefgh",
    "client secret: abcdefgh", "Bearer abcdefghijklmnopqrstuvwxyz", "BEARER abcdefghijklmnopqrstuvwxyz",
    "https://ada:s3cret@example.org/", "-----BEGIN RSA PRIVATE KEY-----abc", "GHP_abcdefghijklmnopqrstuvwxyz",
    "github_pat_abcdefghijklmnopqrstuvwxyz", "github_pat_11AAAAAAA0BbCcDdEe1234567890", "GITHUB_PAT_" + "1" * 24,
    "xoxb-1234567890-abcdef", "AKIAABCDEFGHIJKLMNOP",
    "sk_live_abcdefghijklmnopqrst", "sk-" + "a" * 32, "glpat-abcdefghijklmnopqrstu", "AIza" + "b" * 35,
    "npm_" + "c" * 36, "SG.abcdefghijklmnopq.abcdefghijklmnopq", "hooks.slack.com/services/T000/B000/XXXXXXXXXXXX",
    "eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.SflKxwRJSMeKKF2QT4f", "the token: abcdefgh", "Token:   \"abcdefgh\"",
]


@pytest.mark.parametrize("text", CREDENTIALS)
def test_every_credential_passes_the_word_filter(text, tmp_path):
    assert SECRET_TEXT.search(text), "each case is a credential"
    assert may_hold_credential(text)
    assert redact(f"deploy with {text} today") != f"deploy with {text} today"
    content = copy_minimal(tmp_path / "c")
    write_tree(content, {"pages/notes.md": f"---\ntitle: Notes\n---\nWe keep it here: {text}\n"})
    result = check(content, as_of=dt.date.fromisoformat(AS_OF))
    assert any(d.code == "PB017" and d.file.endswith("pages/notes.md") for d in result.diagnostics)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="pasSwordPINKıİſK:= \"'-_.tokenbearghxAIzSG/@k", max_size=160))
def test_the_word_filter_never_hides_a_match(text):
    """Short texts, whose answers are kept, and long ones, asked twice."""
    if SECRET_TEXT.search(text):
        assert may_hold_credential(text) and may_hold_credential(text)


def _nesting_everywhere(text: str):
    """markdown_problem's nesting check, run on every line (what it did before the filter)."""
    offset = 0
    for line in text.split("\n"):
        depth, at = nesting(line)
        if depth > MAX_NESTING:
            return offset + at
        offset += len(line) + 1
    return None


DEEP = {
    "quotes": ">" * (MAX_NESTING + 1) + " x",
    "spaced-quotes": "> " * (MAX_NESTING + 1) + "x",
    "tabs": "\t" * (MAX_NESTING + 1) + "- x",
    "tabs-after-spaces": "   \t" * (MAX_NESTING + 1) + "x",
    "arabic-indic-numbers": "\u0661. " * (MAX_NESTING + 1) + "x",
    "mixed-markers": "- > 1) * + " * 5 + "x",
    "second-line": "intro\n" + "> " * 30 + "x",
    "after-crlf": "intro\r\n" + "> " * 30 + "x",
}


@pytest.mark.parametrize("case", sorted(DEEP))
def test_deep_lines_are_still_measured(case):
    text = DEEP[case]
    expected = _nesting_everywhere(text)
    assert expected is not None, "each case nests too deep"
    problem = markdown_problem(text)
    assert problem is not None and problem[0] == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \t>-*+1.)\u0661x\n\r", max_size=120))
def test_the_nesting_filter_agrees_with_measuring_every_line(text):
    expected = _nesting_everywhere(text)
    problem = markdown_problem(text)
    if expected is None:
        assert problem is None or "nests" not in problem[1]
    else:
        assert problem is not None and problem[0] == expected


def _walk(value, path=()):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, (dict, list)):
        for key, item in (value.items() if isinstance(value, dict) else enumerate(value)):
            yield from _walk(item, path + (key,))


@pytest.mark.parametrize("text", [
    "a: x\nb: [1, y, {c: z, d: [w, 2]}]\ne: {f: {g: v}}\n",
    "just text\n",
    "- a\n- [b, [c, [d]]]\n- {e: f}\n",
    "a: 1\nb: true\nc: null\n",
    "a: &x {b: [c, d]}\ne: *x\nf: '3.10'\n",
])
def test_a_documents_texts_come_in_document_order(text):
    doc = read_yaml(text)
    assert doc.strings() == list(_walk(doc.value))


def test_of_kind_is_sorted_by_id_and_a_copy(tmp_path):
    content = copy_minimal(tmp_path / "c")
    write_tree(content, {f"goals/g-{c}.yml": "title: G\nsupports: grow-online\nmeasured_by: [qualified-leads]\n"
                         for c in "cab"})
    graph = check(content, as_of=dt.date.fromisoformat(AS_OF)).graph
    goals = graph.of_kind("goal")
    assert [g.id for g in goals] == sorted(g.id for g in goals) == ["g-a", "g-b", "g-c", "win-leads"]
    goals.clear()
    assert len(graph.of_kind("goal")) == 4
    graph.entities = {k: e for k, e in graph.entities.items() if e.id != "g-b"}
    assert [g.id for g in graph.of_kind("goal")] == ["g-a", "g-c", "win-leads"]


def test_the_goals_of_each_kpi_are_worked_out_once(tmp_path, monkeypatch):
    """Many off-track KPIs and many goals: goal_kpis runs once per goal, not once per goal and KPI."""
    content = copy_minimal(tmp_path / "c")
    kpi = (content / "kpis" / "qualified-leads.yml").read_text(encoding="utf-8")
    csv = (content / "measurements" / "qualified-leads.csv").read_text(encoding="utf-8")
    write_tree(content, {f"kpis/leads-{i}.yml": kpi.replace("measures: win-leads", f"measures: goal-{i}") for i in range(6)})
    write_tree(content, {f"measurements/leads-{i}.csv": csv for i in range(6)})
    write_tree(content, {f"goals/goal-{i}.yml": "title: G\nsupports: grow-online\n" for i in range(6)})
    calls = []
    real = alignment.goal_kpis
    monkeypatch.setattr(corrective_actions, "goal_kpis", lambda graph, goal: calls.append(goal.id) or real(graph, goal))
    check(content, as_of=dt.date.fromisoformat(AS_OF))
    assert len(calls) == len(set(calls)) == 7


def test_the_collector_is_back_on_after_a_check(tmp_path):
    content = copy_minimal(tmp_path / "c")
    assert gc.isenabled()
    check(content, as_of=dt.date.fromisoformat(AS_OF))
    assert gc.isenabled()
    write_tree(content, {"playbook.yml": "thresholds: [\n"})
    with pytest.raises(ConfigError):
        check(content, as_of=dt.date.fromisoformat(AS_OF))
    assert gc.isenabled()
    gc.disable()
    try:
        check(copy_minimal(tmp_path / "b"), as_of=dt.date.fromisoformat(AS_OF))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_deep_line_filter_is_the_bound_it_stands_for():
    assert markdown_bounds._DEEP.pattern.endswith(f"{{{MAX_NESTING + 1}}}")
    assert re.search(r"\\d", markdown_bounds._DEEP.pattern)


def _link_work_everywhere(text: str) -> int:
    """The open-bracket work of every paragraph of the text, measured whatever its length."""
    return sum(link_work(block)[0] for block in re.split(r"\n[ \t]*\n", text))


SHORT = markdown_bounds._SURELY_BOUNDED


@pytest.mark.parametrize("text", ["[" * SHORT, "](" * (SHORT // 2), "[" * (SHORT - 1) + "]", "x](" * (SHORT // 3),
                                  ("[" * 99 + "\n") * (SHORT // 100), "\\[" * (SHORT // 3)])
def test_the_worst_short_texts_stay_within_the_link_bound(text):
    assert len(text) <= SHORT and _link_work_everywhere(text) <= MAX_LINK_WORK
    assert markdown_problem(text) is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="[]()\\x \n", min_size=SHORT - 60, max_size=SHORT))
def test_no_short_text_breaks_the_link_bound(text):
    assert _link_work_everywhere(text) <= MAX_LINK_WORK


@pytest.mark.parametrize("text", ["[" * (SHORT * 3 // 2), "](" * SHORT, "a [" * SHORT])
def test_a_longer_text_is_still_measured_and_refused(text):
    assert _link_work_everywhere(text) > MAX_LINK_WORK
    assert markdown_problem(text) is not None


def _relpath_each_time(root: str, file: str) -> str:
    """What `Diagnostic.relative_to` gave when it asked `os.path.relpath` for each diagnostic."""
    path = os.path.join(root, file)
    rel = os.path.relpath(path)
    return path if rel.startswith("..") and os.path.isabs(path) else rel


@settings(max_examples=300, deadline=None)
@given(root=st.sampled_from(["content", ".", "./content/", "a/../content", "../elsewhere/content", "c/d", "@CWD/content",
                             "@CWD", "/tmp/somewhere/content", "/", "..", "../..", "@CWD/..", "@CWD/../..", "../@HERE"]),
       parts=st.lists(st.sampled_from(["goals", "..", ".", "g.yaml", "ü ß.md", "", "measurements", "/etc", "@HERE"]),
                      max_size=4))
def test_a_diagnostics_file_is_made_relative_as_relpath_makes_it(root, parts):
    """From the project's folder, roots inside, outside and above it; files whose path leads
    back into the current folder (`..` as the root, then the current folder's own name)."""
    here = os.path.basename(os.getcwd())
    root = root.replace("@CWD", os.getcwd()).replace("@HERE", here)
    file = os.path.join(*(here if part == "@HERE" else part for part in parts)) if parts else "g.yaml"
    diagnostic = Diagnostic(file, 3, 4, "error", "PB001", "x")
    assert diagnostic.relative_to(root).file == _relpath_each_time(root, file)


def test_a_diagnostics_file_follows_a_change_of_folder(tmp_path, monkeypatch):
    diagnostic = Diagnostic("goals/g.yaml", 1, 1, "error", "PB001", "x")
    assert diagnostic.relative_to("content").file == os.path.join("content", "goals", "g.yaml")
    (tmp_path / "inner").mkdir()
    monkeypatch.chdir(tmp_path / "inner")
    assert diagnostic.relative_to(str(tmp_path / "content")).file == str(tmp_path / "content" / "goals" / "g.yaml")
    assert diagnostic.relative_to("../content").file == os.path.join("..", "content", "goals", "g.yaml")
    assert diagnostic.relative_to(str(tmp_path / "inner" / "c")).file == os.path.join("c", "goals", "g.yaml")
    assert diagnostic.relative_to("content").file == os.path.join("content", "goals", "g.yaml")


@pytest.mark.parametrize("root", ["..", "../.", "../../content", "@ABS", "@ABS/", "../goals/.."])
def test_a_diagnostics_file_under_the_current_folder_is_named_from_it(tmp_path, monkeypatch, root):
    """`playbook validate ..` run from inside the content folder names the file from there."""
    (tmp_path / "content" / "goals").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "content" / "goals")
    root = root.replace("@ABS", str(tmp_path / "content"))
    diagnostic = Diagnostic("goals/g.yaml", 1, 1, "error", "PB001", "x")
    assert diagnostic.relative_to(root).file == "g.yaml" == _relpath_each_time(root, "goals/g.yaml")
