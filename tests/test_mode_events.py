"""Per-event reminders: a per-event KPI or review falls due `readiness.follow_up_days` after
each event (a record in exercises/) of its modes that nothing dated on or after it follows;
in `playbook due`, the calendar feed, the person's page and What's due, in what each edition
shows. What PB244 reports of a per-event review is in tests/golden/pb244-*."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from playbook.check.checker import check
from playbook.cli.commands import main
from playbook.site.all_pages import SiteOptions, render_site

from .contenttree import copy_minimal, write_tree

DAY = dt.date(2026, 6, 1)
PEOPLE = {"people/ada.yml": "title: Ada Park\nvisibility: public\nposition: Community lead\n"}
MODES = "modes:\n  steady: Steady state\n  incident: In an incident\n  storm: Severe weather\n"


def kpi(fields: str = "modes: incident\n", visibility: str = "public") -> dict[str, str]:
    return {"kpis/first-post.yml": f"title: Zqfirstpost minutes to first post\nvisibility: {visibility}\nowner: ada\n"
                                   "measures: win-leads\nunit: minutes\ndirection: decrease\n"
                                   "baseline: {value: 90, date: '2026-01-01'}\ntarget: {value: 30, date: '2027-06-30'}\n"
                                   f"source: Incident log\ncadence: per-event\n{fields}"}


def event(name: str, day: str, modes: str = "incident", visibility: str = "public") -> dict[str, str]:
    return {f"exercises/{name}.yml": f"title: Zq {name}\nvisibility: {visibility}\ndate: '{day}'\nmodes: [{modes}]\n"}


def readings(*days: str) -> dict[str, str]:
    return {"measurements/first-post.csv": "date,value,note\n" + "".join(f"{day},45,\n" for day in days)}


def playbook(tmp_path, *parts: dict[str, str], config: str = MODES):
    files = {**PEOPLE, "playbook.yml": config}
    for part in parts:
        files.update(part)
    return write_tree(copy_minimal(tmp_path / "content"), files)


def due(capsys, root, *args: str, what: str = "measurement") -> list[tuple[str, bool, str]]:
    assert main(["due", "--content", str(root), "--format", "json", "--as-of", DAY.isoformat(), *args]) == 0
    items = json.loads(capsys.readouterr().out)
    return [(i["date"], i["overdue"], i["detail"]) for i in items if i["what"] == what and "Zq" in i["title"]]


@pytest.mark.parametrize("parts, expected", [
    ((), []),  # no event
    ((event("drill", "2026-03-10"), readings("2026-03-12")), []),  # a reading after the event
    ((event("drill", "2026-03-10"), readings("2026-03-10")), []),  # a reading on the event's day
    ((event("drill", "2026-03-10"), readings("2026-03-01")), [("2026-03-17", True, "Zq drill")]),  # reading before
    ((event("drill", "2026-03-10"), event("flood", "2026-05-28")),  # two events, no reading
     [("2026-03-17", True, "Zq drill"), ("2026-06-04", False, "Zq flood")]),
    ((event("drill", "2026-03-10"), event("flood", "2026-05-28"), readings("2026-04-01")),  # read between them
     [("2026-06-04", False, "Zq flood")]),
    ((event("gale", "2026-03-10", "storm"),), []),  # an event of another mode
    ((event("both", "2026-03-10", "storm, incident"),), [("2026-03-17", True, "Zq both")]),  # one of its modes
    ((event("old", "2025-11-01"),), []),  # before the KPI's baseline
])
def test_a_per_event_kpi_falls_due_after_each_event_with_no_reading_since(tmp_path, capsys, parts, expected):
    assert due(capsys, playbook(tmp_path, kpi(), *parts)) == expected


def test_a_per_event_kpi_that_names_no_mode_follows_no_event(tmp_path, capsys):
    assert due(capsys, playbook(tmp_path, kpi(""), event("drill", "2026-03-10"))) == []


def test_a_kpi_with_a_calendar_cadence_ignores_events(tmp_path, capsys):
    root = playbook(tmp_path, kpi("modes: incident\n"), event("drill", "2026-03-10"), readings("2026-05-20"))
    text = (root / "kpis/first-post.yml").read_text().replace("cadence: per-event", "cadence: monthly")
    (root / "kpis/first-post.yml").write_text(text)
    assert due(capsys, root) == [("2026-06-20", False, "")]


@pytest.mark.parametrize("days, date", [(0, "2026-03-10"), (3, "2026-03-13"), (30, "2026-04-09")])
def test_the_follow_up_days_are_set_in_playbook_yml(tmp_path, capsys, days, date):
    root = playbook(tmp_path, kpi(), event("drill", "2026-03-10"), config=MODES + f"readiness:\n  follow_up_days: {days}\n")
    assert due(capsys, root) == [(date, True, "Zq drill")]


@pytest.mark.parametrize("kpi_level, event_level, edition, listed", [
    ("internal", "public", "public", False),  # a hidden KPI
    ("public", "internal", "public", False),  # a hidden event: its date would tell it happened
    ("confidential", "public", "internal", False),
    ("public", "confidential", "internal", False),
    ("public", "internal", "internal", True),
    ("confidential", "confidential", "confidential", True),
])
def test_a_hidden_kpi_or_event_makes_no_reminder_in_an_edition_that_hides_it(tmp_path, capsys, kpi_level,
                                                                           event_level, edition, listed):
    root = playbook(tmp_path, kpi(visibility=kpi_level), event("drill", "2026-03-10", visibility=event_level))
    assert bool(due(capsys, root, "--edition", edition)) == listed


def test_the_reminder_reaches_the_feed_the_persons_page_and_whats_due(tmp_path, capsys):
    root = playbook(tmp_path, kpi(), event("drill", "2026-05-28"))
    assert main(["due", "--content", str(root), "--format", "ics", "--as-of", DAY.isoformat()]) == 0
    ics = capsys.readouterr().out
    assert "UID:measurement-kpi-first-post-after-exercise-drill@" in ics and "DTSTART;VALUE=DATE:20260604" in ics
    site = {p.path: p.markdown for p in render_site(check(root, as_of=DAY), SiteOptions(edition="internal", as_of=DAY))}
    assert "Zqfirstpost" in site["due.md"] and "Zq drill" in site["due.md"]
    assert "Zqfirstpost" in site["people/ada.md"] and "Zq drill" in site["people/ada.md"]


REVIEW = ("reviews/after-action.yml", "title: Zq after-action review\nvisibility: public\nowner: ada\ncadence: per-event\n"
          "starts: '2026-01-01'\nmodes: incident\noutput: report\n")


def review(held: tuple[str, ...] = (), ends: str = "") -> dict[str, str]:
    name, text = REVIEW
    text += f"ends: '{ends}'\n" if ends else ""
    return {name: text + ("held:\n" + "".join(f"  - date: '{d}'\n" for d in held) if held else "")}


@pytest.mark.parametrize("parts, expected", [
    ((review(),), []),  # no event
    ((review(("2026-03-11",)), event("drill", "2026-03-10")), []),  # held after it
    ((review(("2026-03-01",)), event("drill", "2026-03-10")), [("2026-03-17", True, "Zq drill")]),  # held before it
    ((review(), event("drill", "2026-03-10"), event("flood", "2026-05-28")),
     [("2026-03-17", True, "Zq drill"), ("2026-06-04", False, "Zq flood")]),
    ((review(), event("gale", "2026-03-10", "storm")), []),  # another mode
    ((review(), event("drill", "2026-03-10"), {"reports.yml": "- date: 2026-03-12\n  review: after-action\n"}), []),
    ((review(), event("old", "2025-12-31")), []),  # before it starts
    ((review(ends="2026-03-31"), event("drill", "2026-03-10"), event("flood", "2026-05-28")),  # after it ends
     [("2026-03-17", True, "Zq drill")]),
    ((review(ends="2026-03-10"), event("drill", "2026-03-10")), [("2026-03-17", True, "Zq drill")]),  # on its last day
])
def test_a_per_event_review_falls_due_after_each_event_with_no_record_since(tmp_path, capsys, parts, expected):
    assert due(capsys, playbook(tmp_path, *parts), what="occurrence") == expected
