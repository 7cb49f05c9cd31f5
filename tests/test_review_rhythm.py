"""The review rhythm: a recurring review's next occurrence in `playbook due`, its calendar
feed and the What's due page, for each cadence; what PB244 reports is in tests/golden/pb244-*."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from playbook.check.checker import check
from playbook.cli.commands import main
from playbook.site.all_pages import SiteOptions, render_site

from .contenttree import copy_minimal, write_tree

DAY = dt.date(2026, 6, 1)  # a Monday


def playbook(tmp_path, fields: str, visibility: str = "internal"):
    text = f"title: Zqroundup\nowner: Ada Lovelace\nvisibility: {visibility}\ninputs: [qualified-leads, linkedin]\n{fields}"
    return write_tree(copy_minimal(tmp_path / "content"), {"reviews/roundup.yml": text})


def due(capsys, root, *args: str) -> list[dict]:
    assert main(["due", "--content", str(root), "--format", "json", "--as-of", DAY.isoformat(), *args]) == 0
    return [item for item in json.loads(capsys.readouterr().out) if item["what"] == "occurrence"]


def held(*days: str) -> str:
    return "held:\n" + "".join(f"  - date: '{day}'\n" for day in days)


@pytest.mark.parametrize("fields, date, overdue", [
    ("cadence: weekly\nstarts: '2026-05-04'\n" + held("2026-05-04", "2026-05-11", "2026-05-18", "2026-05-25"),
     "2026-06-01", False),
    ("cadence: weekly\nstarts: '2026-05-04'\n" + held("2026-05-04", "2026-05-11", "2026-05-18"), "2026-05-25", True),
    ("cadence: monthly\nstarts: '2026-01-31'\n" + held("2026-04-30"), "2026-05-31", True),
    ("cadence: monthly\nstarts: '2026-04-01'\n" + held("2026-04-01", "2026-05-04"), "2026-06-01", False),
    ("cadence: quarterly\nstarts: '2026-01-15'\n", "2026-01-15", True),
    ("cadence: quarterly\nstarts: '2026-07-01'\n", "2026-07-01", False),
    ("cadence: annual\nstarts: '2024-02-29'\n" + held("2024-02-29", "2025-02-28", "2026-02-28"), "2027-02-28", False),
])
def test_due_lists_the_first_occurrence_after_the_last_record(tmp_path, capsys, fields, date, overdue):
    items = due(capsys, playbook(tmp_path, fields))
    assert [(i["date"], i["overdue"], i["owner"]) for i in items] == [(date, overdue, "Ada Lovelace")]


@pytest.mark.parametrize("fields", [
    "cadence: per-event\nstarts: '2026-01-01'\nmodes: incident\n",
    "cadence: weekly\nstarts: '2026-03-02'\nends: '2026-03-16'\n" + held("2026-03-02", "2026-03-09", "2026-03-16"),
    "cadence: monthly\nstarts: '2026-01-01'\nends: '2026-03-31'\n" + held("2026-01-02", "2026-02-01", "2026-03-02"),
])
def test_a_review_with_no_occurrence_ahead_falls_due_never(tmp_path, capsys, fields):
    assert due(capsys, playbook(tmp_path, fields)) == []


def test_the_calendar_feed_and_the_whats_due_page_carry_the_next_occurrence(tmp_path, capsys):
    root = playbook(tmp_path, "cadence: weekly\nstarts: '2026-05-04'\n" + held("2026-05-04"))
    assert main(["due", "--content", str(root), "--format", "ics", "--as-of", DAY.isoformat()]) == 0
    ics = capsys.readouterr().out
    assert "UID:occurrence-review-roundup@" in ics and "DTSTART;VALUE=DATE:20260511" in ics
    pages = render_site(check(root, as_of=DAY), SiteOptions(edition="internal", as_of=DAY))
    page = next(p.markdown for p in pages if p.path == "due.md")
    assert "Zqroundup" in page and "occurrence" in page


@pytest.mark.parametrize("visibility, edition, listed", [
    ("internal", "public", False),
    ("confidential", "internal", False),
    ("confidential", "confidential", True),
    ("public", "internal", True),
])
def test_a_hidden_review_falls_due_in_no_edition_that_hides_it(tmp_path, capsys, visibility, edition, listed):
    root = playbook(tmp_path, "cadence: weekly\nstarts: '2026-05-04'\n", visibility)
    assert bool(due(capsys, root, "--edition", edition)) == listed
