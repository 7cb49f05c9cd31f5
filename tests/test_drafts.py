"""Drafts: a goal, KPI, tactic or initiative marked `draft: true` is spared the completeness
rules, is never public, counts in no roll-up, and is reported once it outstays the date
playbook.yml sets for drafts. Each test runs the real checker, command or site pages on a
copy of the minimal playbook.
"""
from __future__ import annotations

import datetime as dt

import pytest

from playbook.check.checker import check
from playbook.cli.commands import main
from playbook.site.all_pages import SiteOptions, render_site
from playbook.site.render.view import View

from .contenttree import AS_OF, copy_minimal, write_tree

DAY = dt.date.fromisoformat(AS_OF)


def codes(root) -> list[str]:
    return sorted(d.code for d in check(root, as_of=DAY).diagnostics)


# -- a draft is spared what it still lacks, and nothing else --------------------------------------

@pytest.mark.parametrize("name, text, spared", [
    ("goals/grow-reach.yml", "title: Grow reach\ndepartment: sales\n", {"PB201", "PB202"}),
    ("tactics/posters.yml", "title: Posters\nserves: win-leads\n", {"PB204"}),
    ("tactics/stalls.yml", "title: Stalls\ncall_to_action: Visit us\n", {"PB203"}),
    ("kpis/reach.yml", "title: Reach\nmeasures: win-leads\n", {"PB205", "PB212"}),
    ("kpis/loose.yml", "title: Loose\nunit: posts\ndirection: increase\nsource: Log\ncadence: monthly\n"
                       "baseline: {value: 1, date: '2026-01-01'}\ntarget: {value: 9, date: '2027-01-01'}\n", {"PB212", "PB215"}),
])
def test_a_draft_is_spared_the_completeness_rules(tmp_path, name, text, spared):
    finished = codes(write_tree(copy_minimal(tmp_path / "a"), {name: text}))
    assert spared <= set(finished)  # the same entity, not a draft, is held to them
    assert codes(write_tree(copy_minimal(tmp_path / "b"), {name: text + "draft: true\n"})) == []


@pytest.mark.parametrize("text, code", [
    ("title: Grow reach\ndepartment: sales\nsupports: grow-onlin\ndraft: true\n", "PB102"),
    ("title: Grow reach\ndepartment: sales\ndue: '2026-02-30'\ndraft: true\n", "PB014"),
    ("title: Grow reach\ndepartment: sales\ncolour: red\ndraft: true\n", "PB012"),
    ("title: Grow reach\ndepartment: sales\ndraft: 'yes'\n", "PB010"),
    ("title: Grow reach\ndepartment: sales\nperspective: moon\ndraft: true\n", "PB107"),
])
def test_a_draft_is_held_to_every_other_rule(tmp_path, text, code):
    assert code in codes(write_tree(copy_minimal(tmp_path / "content"), {"goals/grow-reach.yml": text}))


# -- a draft is never public, and counts in no roll-up ----------------------------------------------

DRAFT_GOAL = "title: Zqdraftgoal\ndepartment: sales\nsupports: grow-online\nvisibility: public\ndraft: true\n"


def pages(root, edition: str) -> dict[str, str]:
    return {p.path: p.markdown for p in render_site(check(root, as_of=DAY), SiteOptions(edition=edition, as_of=DAY))}


def public_playbook(tmp_path, files):
    root = copy_minimal(tmp_path / "content")
    public = {name: (root / name).read_text(encoding="utf-8") + "visibility: public\n"
              for name in ("strategies/grow-online.yml", "goals/win-leads.yml", "kpis/qualified-leads.yml",
                           "departments/sales.yml")}
    return write_tree(root, {**public, **files})


@pytest.mark.parametrize("files", [
    {"goals/grow-reach.yml": DRAFT_GOAL},
    {"kpis/draft-kpi.yml": "title: Zqdraftkpi\nmeasures: win-leads\nvisibility: public\ndraft: true\n"},
    {"tactics/draft-tactic.yml": "title: Zqdrafttactic\nserves: win-leads\nvisibility: public\ndraft: true\n"},
    {"initiatives/draft-plan.yml": "title: Zqdraftplan\nstart: '2026-01-01'\nend: '2026-12-31'\nvisibility: public\n"
                                   "draft: true\n"},
    {"goals/grow-reach.yml": DRAFT_GOAL.replace("visibility: public\n", "")},
])
def test_a_draft_never_reaches_the_public_edition(tmp_path, files):
    root = public_playbook(tmp_path, files)
    public = pages(root, "public")
    assert "goals/win-leads.md" in public  # the public chain is there
    assert not [path for path, text in public.items() if "zqdraft" in text.casefold()]
    internal = pages(root, "internal")
    shown = [path for path, text in internal.items() if "zqdraft" in text.casefold()]
    assert shown and any("Draft: counted in no roll-up" in internal[path] for path in shown)


def test_an_off_track_draft_kpi_does_not_turn_its_goal_off_track(tmp_path):
    draft_kpi = ("title: Draft reach\nmeasures: win-leads\nunit: people\ndirection: increase\nsource: Survey\n"
                 "cadence: monthly\nbaseline: {value: 10, date: '2026-01-01'}\ntarget: {value: 1000, date: '2026-07-01'}\n")
    csv = "date,value,note\n2026-05-01,11,\n"
    for draft, status in (("draft: true\n", "on track"), ("", "off track")):
        root = write_tree(copy_minimal(tmp_path / status.replace(" ", "-")),
                          {"kpis/draft-reach.yml": draft_kpi + draft, "measurements/draft-reach.csv": csv})
        view = View(check(root, as_of=DAY), "internal", DAY)
        goal = view.graph.get("goal", "win-leads")
        assert view.goal_status(goal) == status.replace(" ", "-") or view.goal_status(goal) == status, draft
        assert view.strategy_status(view.graph.get("strategy", "grow-online")) == view.goal_status(goal)


# -- PB240: a draft past the date playbook.yml sets -----------------------------------------------

@pytest.mark.parametrize("due, reported", [("2026-05-31", True), ("2026-06-01", False), ("2025-01-01", True),
                                           ("2027-01-01", False)])
def test_a_draft_past_the_drafts_date_is_reported(tmp_path, due, reported):
    root = write_tree(copy_minimal(tmp_path / "content"), {"goals/grow-reach.yml": "title: G\ndepartment: sales\ndraft: true\n",
                                               "playbook.yml": f"drafts: {{due: '{due}'}}\n"})
    assert (codes(root) == ["PB240"]) is reported
    assert reported or codes(root) == []


def test_without_a_drafts_date_no_draft_is_late(tmp_path):
    root = write_tree(copy_minimal(tmp_path / "content"), {"goals/grow-reach.yml": "title: G\ndepartment: sales\ndraft: true\n"})
    assert codes(root) == []


def test_a_finished_entity_is_never_a_late_draft(tmp_path):
    root = write_tree(copy_minimal(tmp_path / "content"), {"goals/win-leads.yml": (copy_minimal(tmp_path / "x") / "goals/win-leads.yml")
                                               .read_text(encoding="utf-8") + "draft: false\n",
                                               "playbook.yml": "drafts: {due: '2026-01-01'}\n"})
    assert codes(root) == []


@pytest.mark.parametrize("text, message", [
    ("drafts: {due: '2026-02-30'}\n", "drafts due: '2026-02-30' is not a date"),
    ("drafts: {due: 5}\n", "drafts due: expected a date"),
    ("drafts: {until: '2026-01-01'}\n", "unknown drafts setting 'until'"),
    ("drafts: [2026-01-01]\n", "'drafts' must be a mapping"),
    ("drafts: {due: ''}\n", "is not a date"),
])
def test_a_broken_drafts_setting_is_a_usage_problem(tmp_path, capsys, text, message):
    root = write_tree(copy_minimal(tmp_path / "content"), {"playbook.yml": text})
    assert main(["validate", str(root), "--as-of", AS_OF]) == 2
    err = capsys.readouterr().err
    assert message in err and "playbook.yml:1:" in err and "Traceback" not in err
