"""Golden-file tests: each folder under tests/golden/ is a tiny playbook and the exact output.

A case is `tests/golden/<name>/content/...` (the input files) and `expected.txt`:

    # what the case shows (lines starting with '#' are comments)
    as-of: 2026-06-01
    exit: 1
    args: --strict            (optional: more command line arguments)
    near-miss: PB202 PB213    (optional: codes the case comes close to and must not raise)
    ---
    goals/win-leads.yml:3:5: error PB102 ...
    1 error, 0 warnings.

The body is what `playbook validate . --as-of DATE` prints, run through the real entry
point with the case's content folder as the current folder (so paths print relative to
it): standard output, then standard error. To rewrite every body from the current output
(the header stays), run

    PLAYBOOK_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

and review the diff by eye: an expected file states what is right, not what the code does.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from playbook.check.rules import RULES
from playbook.cli.commands import main
from tests.contenttree import GOLDEN

UPDATE = os.environ.get("PLAYBOOK_UPDATE_GOLDEN") == "1"
DIAGNOSTIC = re.compile(r"^\S.*?:\d+:\d+: (?:error|warning) (PB\d{3}) ", re.M)
"""A diagnostic line of the text format; the group is its rule code."""


@dataclass
class Case:
    folder: Path
    header: list[str]
    settings: dict[str, str]
    body: list[str]

    @classmethod
    def read(cls, folder: Path) -> "Case":
        text = (folder / "expected.txt").read_text(encoding="utf-8")
        head, sep, body = text.partition("---\n")
        assert sep, f"{folder.name}/expected.txt: the header must end with a '---' line"
        header = head.splitlines()
        settings = dict(line.split(": ", 1) for line in header if line and not line.startswith("#"))
        return cls(folder, header, settings, body.splitlines())

    def argv(self) -> list[str]:
        return ["validate", ".", "--as-of", self.settings["as-of"], *self.settings.get("args", "").split()]

    @property
    def near_misses(self) -> set[str]:
        return set(self.settings.get("near-miss", "").split())

    def write(self, body: list[str]) -> None:
        text = "\n".join(self.header + ["---"] + body) + "\n"
        (self.folder / "expected.txt").write_text(text, encoding="utf-8")


CASES = sorted(p.parent for p in GOLDEN.glob("*/expected.txt"))


def codes(lines: list[str]) -> set[str]:
    return set(DIAGNOSTIC.findall("\n".join(lines)))


def run_case(case: Case, capsys, monkeypatch) -> tuple[int, list[str]]:
    monkeypatch.chdir(case.folder / "content")
    code = main(case.argv())
    out = capsys.readouterr()
    return code, out.out.splitlines() + out.err.splitlines()


@pytest.mark.parametrize("folder", CASES, ids=[p.name for p in CASES])
def test_golden_case(folder, capsys, monkeypatch):
    case = Case.read(folder)
    code, lines = run_case(case, capsys, monkeypatch)
    if UPDATE and lines != case.body:
        case.write(lines)
        case = Case.read(folder)
    assert lines == case.body
    assert code == int(case.settings["exit"])
    assert not case.near_misses & codes(lines)


def test_every_rule_is_triggered_by_a_golden_case():
    found = {code for folder in CASES for code in codes(Case.read(folder).body)}
    assert set(RULES) - found == set()


def test_every_rule_has_a_golden_near_miss():
    near = {code for folder in CASES for code in Case.read(folder).near_misses}
    assert set(RULES) - near == set()
    assert near <= set(RULES)


def test_case_headers_are_complete():
    for folder in CASES:
        case = Case.read(folder)
        assert case.header[0].startswith("# "), f"{folder.name}: say what the case shows on the first line"
        assert {"as-of", "exit"} <= set(case.settings), folder.name
        assert (folder / "content").is_dir(), folder.name
