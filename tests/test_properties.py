"""Property tests: random mutations of a valid playbook give located diagnostics, never an exception.

Each example copies the minimal valid playbook, applies one to four random mutations
(delete a line, change a value's type, insert text, bytes or YAML fragments, truncate or
duplicate, swap references, add, rename or delete files, scramble a measurement file) and
checks it. The runs are bounded for `make test`; to search longer, raise the number of
examples, e.g.

    PLAYBOOK_PROPERTY_EXAMPLES=5000 .venv/bin/python -m pytest tests/test_properties.py
"""
from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook.check.checker import check
from playbook.check.rules import RULES
from playbook.content import safe_yaml
from playbook.content.diagnostics import FORMATS
from playbook.content.model import KINDS
from tests.contenttree import AS_OF, MINIMAL, write_tree

EXAMPLES = int(os.environ.get("PLAYBOOK_PROPERTY_EXAMPLES", "150"))
BOUNDED = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

BASE = {p.relative_to(MINIMAL).as_posix(): p.read_bytes() for p in sorted(MINIMAL.rglob("*")) if p.is_file()}
IDS = ["grow-online", "sales", "win-leads", "webinars", "qualified-leads", "linkedin", "launch-webinars", "nope", "Win Leads"]
FRAGMENTS = [
    "[1, 2]", "{a: b}", "true", "null", "~", "42", "-7.5", '""', "''", "2026-13-45", "no", "on", "&a [*a]", "*undefined",
    "!!python/object:os.system ls", "[", "{", "- item", "key: value: other", "|\n  block\n  text", ">-\n  folded",
    "? [complex]\n: key", "<<: {a: 1}", "&x {y: *x}", "'unterminated", "\t- tabbed", "[[goal:nope]]", "goal:win-leads",
    "kpi:", "2026-02-29", "0x1F", "1e5", ".inf", "\u202e\u0000\ufeff", "😀",
]
DIRS = [*KINDS.values(), "measurements", "pages", "notes", "pages/deep", ""]
SUFFIXES = [".yml", ".yaml", ".md", ".csv", ".txt", ""]

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@st.composite
def line_edit(draw, data: bytes) -> bytes:
    """Delete, retype, duplicate a line, or insert a YAML fragment before it."""
    lines = data.split(b"\n")
    at = draw(st.integers(0, len(lines) - 1))
    how = draw(st.sampled_from(["delete", "retype", "duplicate", "fragment"]))
    if how == "delete":
        del lines[at]
    elif how == "retype":
        lines[at] = lines[at].split(b":", 1)[0] + b": " + draw(st.sampled_from(FRAGMENTS)).encode()
    elif how == "duplicate":
        lines[at:at] = lines[at:at + draw(st.integers(1, 3))]
    else:
        lines.insert(at, draw(st.sampled_from(FRAGMENTS)).encode())
    return b"\n".join(lines)


@st.composite
def byte_edit(draw, data: bytes) -> bytes:
    """Insert random text or bytes, or truncate."""
    pos = draw(st.integers(0, len(data)))
    how = draw(st.sampled_from(["text", "bytes", "truncate"]))
    if how == "truncate":
        return data[:pos]
    insert = draw(texts).encode("utf-8") if how == "text" else draw(st.binary(max_size=24))
    return data[:pos] + insert + data[pos:]


@st.composite
def mutation(draw, files: dict[str, bytes]) -> None:
    """Break the content one way, in place."""
    name = draw(st.sampled_from(sorted(files)))
    how = draw(st.sampled_from(["lines", "bytes", "swap_ref", "csv_bytes", "new_file", "rename", "delete_file"]))
    if how == "lines":
        files[name] = draw(line_edit(files[name]))
    elif how == "bytes":
        files[name] = draw(byte_edit(files[name]))
    elif how == "swap_ref":
        old, new = draw(st.sampled_from(IDS)), draw(st.sampled_from(IDS))
        files[name] = files[name].replace(old.encode(), new.encode())
    elif how == "csv_bytes":
        csv = "measurements/qualified-leads.csv"
        files[csv] = draw(byte_edit(files.get(csv, b"date,value\n")))
    elif how == "new_file":
        folder = draw(st.sampled_from(DIRS))
        stem = draw(st.sampled_from(IDS[:-1] + ["X_y", "-a"])) + draw(st.sampled_from(SUFFIXES))
        files[f"{folder}/{stem}".lstrip("/")] = draw(st.sampled_from(FRAGMENTS)).encode() + draw(st.binary(max_size=8))
    elif how == "rename":
        stem, dot, _ = name.rpartition(".")
        files[stem.upper() + dot + draw(st.sampled_from(["md", "yaml", "yml", "csv"]))] = files.pop(name)
    else:
        del files[name]


@st.composite
def mutated_playbooks(draw) -> dict[str, bytes]:
    """The minimal playbook after one to four mutations."""
    files = dict(BASE)
    for _ in range(draw(st.integers(1, 4))):
        if files:
            draw(mutation(files))
    return files


def assert_well_formed(diagnostics, root: Path) -> None:
    for d in diagnostics:
        assert d.code in RULES and d.severity in ("error", "warning")
        assert d.line >= 1 and d.column >= 1
        assert (root / d.file).exists(), d
        assert d.message
    for fmt in FORMATS.values():
        fmt(diagnostics)


@BOUNDED
@given(mutated_playbooks())
def test_mutated_playbook_gives_diagnostics_never_an_exception(files):
    with tempfile.TemporaryDirectory() as tmp:
        root = write_tree(Path(tmp) / "content", files)
        result = check(root, as_of=dt.date.fromisoformat(AS_OF))
        assert_well_formed(result.diagnostics, root)


@BOUNDED
@given(st.one_of(texts, st.lists(st.sampled_from(FRAGMENTS), max_size=6).map("\n".join)))
def test_yaml_loader_returns_values_or_a_located_problem(text):
    try:
        doc = safe_yaml.read_yaml(text)
    except safe_yaml.YamlProblem as problem:
        assert problem.line >= 1 and problem.column >= 1 and problem.code in RULES
        return
    for line, column in doc.locs.values():
        assert line >= 1 and column >= 1
