"""Milestone states: planned, done, dropped, blocked, and unknown where a milestone says
nothing. Each state is drawn and counted on the roadmap; `playbook due` lists what is still
to be reached, and a milestone of unknown state is never overdue. Each test runs the real
command or pages on a copy of the minimal playbook.
"""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from playbook.check.checker import check
from playbook.cli.commands import main
from playbook.site.all_pages import SiteOptions, render_site

from .contenttree import copy_minimal, write_tree

DAY = dt.date(2026, 6, 1)
STONES = {  # title -> the fields after title and date (all dated 1 May 2026, before the as-of date)
    "Zqplanned": "state: planned",
    "Zqblocked": "state: blocked",
    "Zqdone": "state: done",
    "Zqdropped": "state: dropped",
    "Zqunknown": "",
    "Zqnotdone": "done: false",
    "Zqdoneflag": "done: true",
}


def playbook(tmp_path, stones: dict[str, str]):
    items = "".join(f"  - title: {title}\n    date: '2026-05-01'\n" + (f"    {extra}\n" if extra else "")
                    for title, extra in stones.items())
    text = ("title: Launch the webinar series\nphase: Foundation\nstart: '2026-01-01'\nend: '2027-12-31'\n"
            "owner: Ada\nmilestones:\n" + items)
    return write_tree(copy_minimal(tmp_path / "content"), {"initiatives/launch-webinars.yml": text})


def due(capsys, root) -> dict[str, dict]:
    assert main(["due", "--content", str(root), "--format", "json", "--as-of", DAY.isoformat()]) == 0
    return {item["detail"]: item for item in json.loads(capsys.readouterr().out) if item["what"] == "milestone"}


@pytest.mark.parametrize("title, listed, overdue", [
    ("Zqplanned", True, True),
    ("Zqblocked", True, True),
    ("Zqnotdone", True, True),
    ("Zqunknown", True, False),
    ("Zqdone", False, False),
    ("Zqdropped", False, False),
    ("Zqdoneflag", False, False),
])
def test_due_lists_what_is_still_to_be_reached_and_never_an_unknown_one_as_overdue(tmp_path, capsys, title, listed,
                                                                                   overdue):
    items = due(capsys, playbook(tmp_path, {title: STONES[title]}))
    assert (title in items) == listed
    if listed:
        assert items[title]["overdue"] is overdue


def test_the_text_list_says_an_unknown_milestone_has_passed_without_counting_it_overdue(tmp_path, capsys):
    root = playbook(tmp_path, {"Zqunknown": "", "Zqplanned": "state: planned"})
    assert main(["due", "--content", str(root), "--as-of", DAY.isoformat()]) == 0
    out = capsys.readouterr().out
    assert "passed, state unknown milestone of initiative 'Launch the webinar series': Zqunknown" in out
    assert "overdue by 31 days  milestone of initiative 'Launch the webinar series': Zqplanned" in out
    assert "3 due, 1 overdue" in out  # and the KPI's measurement, due today


def roadmap(root) -> str:
    pages = render_site(check(root, as_of=DAY), SiteOptions(edition="internal", as_of=DAY))
    return next(p.markdown for p in pages if p.path == "roadmap.md")


def test_the_roadmap_counts_and_draws_every_state(tmp_path):
    page = roadmap(playbook(tmp_path, STONES))
    counts = page[page.index('class="pb-milestone-counts"'):].split("</p>", 1)[0]
    assert counts.endswith(">3 overdue, 1 unknown, 2 done, 1 dropped.")  # planned, blocked and done: false are late
    for state in ("done", "planned", "blocked", "dropped", "unknown"):
        assert f'class="pb-milestone pb-milestone-{state}"' in page
    for words in ("Milestone done", "Milestone planned", "Blocked", "Dropped", "State unknown"):
        assert f">{words}</text>" in page  # the legend names each state drawn
    assert "(state unknown)</title>" in page and "(blocked)</title>" in page


@pytest.mark.parametrize("stones, absent", [
    ({"Zqplanned": "state: planned"}, ("Blocked", "Dropped", "State unknown")),
    ({"Zqunknown": ""}, ("Blocked", "Dropped")),
    ({"Zqdropped": "state: dropped"}, ("Blocked", "State unknown")),
    ({"Zqblocked": "state: blocked"}, ("Dropped", "State unknown")),
    ({"Zqdone": "state: done"}, ("Blocked", "Dropped", "State unknown")),
])
def test_the_legend_names_only_the_states_drawn(tmp_path, stones, absent):
    page = roadmap(playbook(tmp_path, stones))
    assert ">Milestone done</text>" in page and ">Milestone planned</text>" in page
    assert not [words for words in absent if f">{words}</text>" in page]


def test_an_unknown_milestone_stays_in_the_table_as_unknown_not_overdue(tmp_path):
    page = roadmap(playbook(tmp_path, {"Zqunknown": "", "Zqdone": "state: done"}))
    table, closed = page.split("Done and dropped milestones", 1)
    row = table[re.search(r"<td[^>]*>Zqunknown", table).start():].split("</tr>", 1)[0]
    assert 'pb-state--unknown">unknown<' in row and "overdue" not in row
    assert "Zqdone" in closed
