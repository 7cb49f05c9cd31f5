"""Corrective actions: initiatives and milestones name the KPIs or goals they address; the KPI
page, the scorecard and the book's "needs attention" show each action with its state, as the
edition sees it; PB241 (golden cases pb241-*) reports what has none. Each test runs the real
checker, pages or commands on a copy of the minimal playbook.
"""
from __future__ import annotations

import datetime as dt

import pytest

from playbook.check.checker import check
from playbook.cli.commands import main
from playbook.site.all_pages import SiteOptions, render_site

from .contenttree import copy_minimal, write_tree

DAY = dt.date(2026, 6, 1)
OFF = "date,value,note\n2026-02-01,10,\n2026-03-01,11,\n2026-04-01,12,\n2026-05-01,12,\n"
"""Measurements that leave the minimal KPI (qualified leads) at risk from February and off track from 1 May."""


def initiative(start: str, end: str, extra: str, visibility: str = "internal") -> str:
    return f"title: Zqfixx webinar rescue\nphase: Fix\nstart: '{start}'\nend: '{end}'\nvisibility: {visibility}\n{extra}"


def pages(root, edition: str = "internal") -> dict[str, str]:
    return {p.path: p.markdown for p in render_site(check(root, as_of=DAY), SiteOptions(edition=edition, as_of=DAY))}


def playbook(tmp_path, files: dict):
    return write_tree(copy_minimal(tmp_path / "content"), {"measurements/qualified-leads.csv": OFF, **files})


@pytest.mark.parametrize("action, state", [
    (initiative("2026-01-01", "2026-12-31", "addresses: qualified-leads\n"), "under way"),
    (initiative("2026-07-01", "2026-12-31", "addresses: [kpi:qualified-leads]\n"), "planned"),
    (initiative("2026-01-01", "2026-05-01", "addresses: win-leads\n"), "ended"),  # through the goal it measures
    (initiative("2026-01-01", "2026-12-31", "milestones:\n  - {title: Zqstepx new format, date: '2026-07-01', "
                                            "state: blocked, addresses: qualified-leads}\n"), "blocked"),
    (initiative("2026-01-01", "2026-12-31", "milestones:\n  - {title: Zqstepx new format, date: '2026-07-01', "
                                            "addresses: goal:win-leads}\n"), "unknown"),
    (initiative("2026-01-01", "2026-12-31", "milestones:\n  - {title: Zqstepx new format, date: '2026-05-01', "
                                            "done: true, addresses: qualified-leads}\n"), "done"),
])
def test_the_kpi_page_and_the_scorecard_show_the_action_and_its_state(tmp_path, action, state):
    site = pages(playbook(tmp_path, {"initiatives/rescue.yml": action}))
    kpi_page, scorecard = site["kpis/qualified-leads.md"], site["scorecard.md"]
    facts = kpi_page[kpi_page.index("Corrective action"):]
    assert "Zqfixx webinar rescue</a>" in facts and f">{state}</span>" in facts
    assert ("Zqstepx new format" in facts) == ("milestones" in action)
    row = scorecard[scorecard.index('class="pb-action"'):]
    assert "Zqfixx webinar rescue</a>" in row and f">{state}</span>" in row


def test_no_action_means_no_line(tmp_path):
    site = pages(playbook(tmp_path, {}))
    assert "Corrective action" not in site["kpis/qualified-leads.md"]
    assert 'class="pb-action"' not in site["scorecard.md"]


@pytest.mark.parametrize("visibility, edition", [("confidential", "internal"), ("internal", "public"),
                                                 ("confidential", "public")])
def test_an_action_the_edition_hides_is_not_named(tmp_path, visibility, edition):
    base = copy_minimal(tmp_path / "base")
    files = {name: (base / name).read_text(encoding="utf-8") + "visibility: public\n"
             for name in ("strategies/grow-online.yml", "goals/win-leads.yml", "kpis/qualified-leads.yml",
                          "departments/sales.yml")}
    files["initiatives/rescue.yml"] = initiative("2026-01-01", "2026-12-31", "addresses: qualified-leads\nmilestones:\n"
                                                 "  - {title: Zqstepx, date: '2026-07-01', addresses: win-leads}\n",
                                                 visibility)
    site = pages(playbook(tmp_path, files), edition)
    text = "".join(site.values()).lower()
    assert "zqfixx" not in text and "zqstepx" not in text
    assert "Corrective action" not in site["kpis/qualified-leads.md"]


def test_the_book_says_the_action_or_that_none_is_named(tmp_path):
    root = playbook(tmp_path, {})
    book = tmp_path / "book.html"
    assert main(["report", str(root), "--out", str(book), "--as-of", DAY.isoformat()]) == 0
    attention = book.read_text(encoding="utf-8").split("id=\"needs-attention\"", 1)[1].split("</section>", 1)[0]
    assert "Corrective action: <span class=\"pb-empty\">none named</span>" in attention
    write_tree(root, {"initiatives/rescue.yml": initiative("2026-01-01", "2026-12-31", "addresses: qualified-leads\n")})
    assert main(["report", str(root), "--out", str(book), "--as-of", DAY.isoformat()]) == 0
    attention = book.read_text(encoding="utf-8").split("id=\"needs-attention\"", 1)[1].split("</section>", 1)[0]
    assert "Zqfixx webinar rescue" in attention and ">under way</span>" in attention


@pytest.mark.parametrize("setting", ["actions: {grace_days: -1}", "actions: {grace_days: ten}",
                                     "actions: {grace: 30}", "actions: [30]", "actions: {grace_days: 200000}"])
def test_a_broken_grace_period_is_a_usage_error(tmp_path, capsys, setting):
    root = playbook(tmp_path, {"playbook.yml": setting + "\n"})
    assert main(["validate", str(root)]) == 2
    err = capsys.readouterr().err
    assert "playbook.yml:1:" in err and "Traceback" not in err


@pytest.mark.parametrize("grace, reported", [(0, True), (29, True), (31, True), (32, False), (400, False)])
def test_the_grace_period_decides(tmp_path, grace, reported):
    """Off track since the measurement of 1 May (at risk before), 31 days before 1 June."""
    root = playbook(tmp_path, {"playbook.yml": f"actions: {{grace_days: {grace}}}\n"})
    codes = [d.code for d in check(root, as_of=DAY).diagnostics]
    assert ("PB241" in codes) == reported


def test_each_kpis_actions_cost_no_walk_over_every_goal(tmp_path, monkeypatch):
    """Asking every KPI for its actions works out each goal's KPIs once, not once per KPI:
    the walk over every goal for every KPI made the pages grow with goals x KPIs."""
    import benchmarks.generate
    from playbook.check import corrective_actions

    calls = []
    real = corrective_actions.goal_kpis
    monkeypatch.setattr(corrective_actions, "goal_kpis", lambda graph, goal: calls.append(goal) or real(graph, goal))
    for entities in (200, 400):
        folder = benchmarks.generate.generate(entities, tmp_path / str(entities))
        result = check(folder, as_of=DAY)
        calls.clear()
        found = corrective_actions.all_actions(result.graph, DAY)
        kpis = result.graph.of_kind("kpi")
        asked = [corrective_actions.actions_for(result.graph, kpi, DAY, found) for kpi in kpis]
        goals = result.graph.of_kind("goal")
        assert len(calls) == len(goals), (entities, len(calls), len(goals), len(kpis))
        assert sum(map(len, asked)) >= len(kpis) // 2  # the generator's last initiative addresses every goal
