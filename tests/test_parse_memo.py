"""The check under `serve` does not parse a file again whose text is unchanged (`ParseMemo`),
and gives exactly what a check without the memo gives: later stages change an entity's fields
in place (a number kept as the text written, a value of the wrong type set aside), and that
must never reach the next check."""
from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Callable

import pytest

from playbook.check.checker import check
from playbook.content import parse_memo
from playbook.content.parse_memo import ParseMemo

from .contenttree import copy_minimal, write_tree

AS_OF = dt.date(2026, 6, 1)
INITIATIVE = "title: Launch\nowner: Ada\nstart: '2026-01-01'\nend: '2026-12-31'\n"

VARIANTS = {
    "number kept as text": {"policies/p.yml": "title: 3.10\ntype: policy\nstatus: active\nowner: A\nversion: 3.10\n"
                                              "review_date: '2027-01-01'\ntags: [1.50]\n"},
    "title of the wrong type": {"channels/linkedin.yml": "title: [Linked, In]\nplatform: LinkedIn\n"},
    "count written as words": {"departments/sales.yml": "title: Sales\nhead: Ada\nsocial_media: {role: Leads}\n"
                                                        "resources:\n  people: twelve\n"},
    "list item of the wrong type": {"initiatives/launch-webinars.yml": INITIATIVE + "milestones:\n  - title: One\n"
                                    "    date: '2026-02-01'\n    done: yes\n  - 5\n"},
    "mapping where a list goes": {"initiatives/launch-webinars.yml": INITIATIVE + "milestones:\n  first: soon\n"},
    "front matter and body": {"goals/win-leads.yml": None,
                              "goals/win-leads.md": "---\ntitle: Win leads\nsupports: grow-online\nversion: 2.0\n---\n"
                                                    "Body with **Markdown**.\n"},
    "unparsable file": {"channels/linkedin.yml": "title: [LinkedIn\nplatform: LinkedIn\n"},
    "measurement rows with problems": {"measurements/qualified-leads.csv": "date,value,note\n2026-01-31,120,ok\n"
                                       "2026-02-30,130,no such day\n2026-03-31,lots,\n2026-04-30,150,\"open\n"},
    "measurements of no KPI": {"measurements/gone.csv": "date,value\n2026-01-31,1\n"},
    "measurement file without its header": {"measurements/qualified-leads.csv": "2026-01-31,120\n"},
}


def facts(result) -> tuple:
    """What a check says: its findings, and every entity's fields and body."""
    entities = sorted((e.key, repr(e.data), e.body) for e in result.graph.entities.values())
    series = sorted((file, s.kpi, s.points) for file, s in result.content.series.items())
    return [(d.file, d.line, d.column, d.code, d.message) for d in result.diagnostics], entities, series


@pytest.mark.parametrize("variant", VARIANTS)
def test_checks_with_the_memo_say_what_a_check_without_it_says(tmp_path, monkeypatch, variant):
    root = write_tree(copy_minimal(tmp_path / "content"), VARIANTS[variant])
    monkeypatch.setattr(parse_memo, "SETTLED_NS", -(10 ** 18))  # files just written count as settled: texts are kept
    memo = ParseMemo()
    plain = facts(check(root, AS_OF))
    assert facts(check(root, AS_OF, memo=memo)) == plain
    assert facts(check(root, AS_OF, memo=memo)) == plain  # every file taken from the memo this time
    assert facts(check(root, AS_OF, memo=memo)) == plain


def test_a_changed_file_is_read_again_and_a_reverted_one_too(tmp_path):
    root = copy_minimal(tmp_path / "content")
    memo = ParseMemo()
    check(root, AS_OF, memo=memo)
    original = (root / "kpis" / "qualified-leads.yml").read_text(encoding="utf-8")
    for text in (original.replace("title: Qualified leads from social", "title: Renamed"),
                 original.replace("value: 300", "value: [300]"), original):
        write_tree(root, {"kpis/qualified-leads.yml": text})
        assert facts(check(root, AS_OF, memo=memo)) == facts(check(root, AS_OF))
    assert check(root, AS_OF, memo=memo).graph.get("kpi", "qualified-leads").title == "Qualified leads from social"


def test_a_changed_measurement_file_is_read_again_and_its_rows_are_the_checks_own(tmp_path):
    root = copy_minimal(tmp_path / "content")
    memo = ParseMemo()
    first = check(root, AS_OF, memo=memo)
    first.content.series["measurements/qualified-leads.csv"].points.clear()  # a later stage's change stays its own
    assert facts(check(root, AS_OF, memo=memo)) == facts(check(root, AS_OF))
    csv = root / "measurements" / "qualified-leads.csv"
    original = csv.read_text(encoding="utf-8")
    for text in (original + "2026-05-31,999,late\n", original.replace("date,value", "day,value"), original):
        csv.write_text(text, encoding="utf-8")
        assert facts(check(root, AS_OF, memo=memo)) == facts(check(root, AS_OF))


def test_fields_handed_out_are_copies(tmp_path):
    root = copy_minimal(tmp_path / "content")
    memo = ParseMemo()
    first = check(root, AS_OF, memo=memo).graph.get("kpi", "qualified-leads")
    first.data["target"]["value"] = -1
    first.data.pop("unit")
    again = check(root, AS_OF, memo=memo).graph.get("kpi", "qualified-leads")
    assert again.data["target"]["value"] == 300 and again.data["unit"] == "leads"


def test_only_unchanged_texts_are_taken(tmp_path):
    calls = []
    memo = ParseMemo()

    def parse(text):
        def run():
            calls.append(text)
            from playbook.content.loader import parse_document
            return parse_document(text, "channels/c.yml", False)
        return run

    for text in ("title: A\n", "title: A\n", "title: B\n", "title: A\n", "title: A\n"):
        doc, __, __ = memo.parsed("channels/c.yml", text, parse(text))
        assert doc.value == {"title": text[7]}
    assert calls == ["title: A\n", "title: B\n", "title: A\n"]


def reader(path: Path) -> tuple[list[str], Callable[[], str]]:
    """(what was read, a function that reads the file through the memo as the loader does)."""
    reads: list[str] = []

    def read(memo: ParseMemo, status: object = None) -> str:
        def whole() -> str:
            reads.append(path.read_text(encoding="utf-8"))
            return reads[-1]
        return memo.text(str(path), status or os.stat(path), whole)
    return reads, read


def _put_back_times(path: Path, status: os.stat_result) -> None:
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))


def _in_place(path: Path) -> str:
    status = path.stat()
    path.write_text("title: B\n", encoding="utf-8")
    _put_back_times(path, status)
    return "title: B\n"


def _replaced(path: Path) -> str:
    status, other = path.stat(), path.with_name("other.yml")
    other.write_text("title: C\n", encoding="utf-8")
    _put_back_times(other, status)
    os.replace(other, path)
    return "title: C\n"


CHANGES = {
    "rewritten in place with the same size, its times put back": _in_place,
    "replaced by a file of the same size and times": _replaced,
    "grown": lambda path: path.write_text("title: Longer\n", encoding="utf-8") and "title: Longer\n",
    "emptied": lambda path: path.write_text("", encoding="utf-8") or "",
    "touched": lambda path: os.utime(path) or "title: A\n",
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_file_left_alone_is_read_once_and_any_change_is_seen(tmp_path, monkeypatch, change):
    monkeypatch.setattr(parse_memo, "SETTLED_NS", 100_000_000)
    path = tmp_path / "goal.yml"
    path.write_text("title: A\n", encoding="utf-8")
    time.sleep(0.15)  # longer than SETTLED_NS here, and than a clock tick of the test's file system
    memo, (reads, read) = ParseMemo(), reader(path)
    assert [read(memo) for _ in range(3)] == ["title: A\n"] * 3 and len(reads) == 1
    changed = CHANGES[change](path)
    assert read(memo) == changed and len(reads) == 2


def test_a_file_that_has_just_changed_is_read_every_time(tmp_path):
    path = tmp_path / "goal.yml"
    path.write_text("title: A\n", encoding="utf-8")
    memo, (reads, read) = ParseMemo(), reader(path)
    assert [read(memo) for _ in range(3)] == ["title: A\n"] * 3 and len(reads) == 3


@pytest.mark.parametrize("age_s, reads_expected", [(0, 3), (1.5, 3), (2.5, 3), (4, 1), (3600, 1)])
def test_only_times_older_than_a_clock_tick_can_tell_a_later_change(tmp_path, monkeypatch, age_s, reads_expected):
    """On a file system whose clock ticks coarsely, two writes in one tick leave the same times:
    a file seen that soon after its change is read again; one left alone longer is not."""
    path = tmp_path / "goal.yml"
    path.write_text("title: A\n", encoding="utf-8")
    real = os.stat(path)
    changed_at = time.time_ns() - int(age_s * 1e9)
    frozen = SimpleNamespace(st_dev=real.st_dev, st_ino=real.st_ino, st_size=real.st_size, st_mtime_ns=changed_at,
                             st_ctime_ns=changed_at)
    memo, (reads, read) = ParseMemo(), reader(path)
    for text in ("title: A\n", "title: B\n", "title: C\n"):  # the same size and, as seen, the same times
        path.write_text(text, encoding="utf-8")
        read(memo, frozen)
    assert len(reads) == reads_expected


def test_a_file_gone_since_its_last_reading_says_so(tmp_path):
    from playbook.content.loader import ContentError, read_text
    (tmp_path / "goals").mkdir()
    path = tmp_path / "goals" / "g.yml"
    path.write_text("title: A\n", encoding="utf-8")
    memo = ParseMemo()
    assert read_text(tmp_path, "goals/g.yml", memo) == "title: A\n"
    path.unlink()
    with pytest.raises(ContentError) as gone:
        read_text(tmp_path, "goals/g.yml", memo)
    assert gone.value.diagnostic.code == "PB002"
