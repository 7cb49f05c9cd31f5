"""The check under `serve` does not parse a file again whose text is unchanged (`ParseMemo`),
and gives exactly what a check without the memo gives: later stages change an entity's fields
in place (a number kept as the text written, a value of the wrong type set aside), and that
must never reach the next check."""
from __future__ import annotations

import datetime as dt

import pytest

from playbook.check.checker import check
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
def test_checks_with_the_memo_say_what_a_check_without_it_says(tmp_path, variant):
    root = write_tree(copy_minimal(tmp_path / "content"), VARIANTS[variant])
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
