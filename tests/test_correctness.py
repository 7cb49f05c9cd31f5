"""Smaller correctness defects, each with its variants: complete chains on department and
strategy pages, one message for a misspelt cadence, and text kept as written."""
from __future__ import annotations

import datetime as dt

import pytest

from playbook.check.checker import check
from playbook.site.all_pages import SiteOptions, render_site

from .contenttree import copy_minimal, write_tree

KPI = ("title: {title}\nmeasures: {measures}\nunit: leads\ndirection: increase\nbaseline: {{value: 1, date: '2026-01-01'}}\n"
       "target: {{value: 9, date: '2027-06-30'}}\nsource: CRM\ncadence: monthly\n")


def goal(title: str) -> str:
    return f"title: {title}\nsupports: grow-online\ndepartment: sales\ndue: '2027-06-30'\n"


SHARED = {
    "shared tactic": {"goals/second.yml": goal("Second goal"),
                      "tactics/webinars.yml": "title: Monthly webinars\nserves: [win-leads, second]\nchannels: linkedin\n"
                                              "call_to_action: Register\n",
                      "kpis/qualified-leads.yml": KPI.format(title="Qualified leads", measures="[win-leads, tactic:webinars]")},
    "shared kpi": {"goals/second.yml": goal("Second goal"),
                   "kpis/qualified-leads.yml": KPI.format(title="Qualified leads", measures="[win-leads, second]")},
    "kpi of a shared tactic": {"goals/second.yml": goal("Second goal"),
                               "tactics/webinars.yml": "title: Monthly webinars\nserves: [win-leads, second]\n"
                                                       "channels: linkedin\ncall_to_action: Register\n",
                               "kpis/signups.yml": KPI.format(title="Webinar signups", measures="tactic:webinars")},
    "three goals": {"goals/second.yml": goal("Second goal"), "goals/third.yml": goal("Third goal"),
                    "tactics/webinars.yml": "title: Monthly webinars\nserves: [win-leads, second, third]\n"
                                            "channels: linkedin\ncall_to_action: Register\n",
                    "kpis/qualified-leads.yml": KPI.format(title="Qualified leads", measures="[win-leads, second, third]")},
}


@pytest.mark.parametrize("case", list(SHARED))
def test_every_goal_chain_is_complete_on_department_and_strategy_pages(tmp_path, case):
    root = write_tree(copy_minimal(tmp_path / "content"), SHARED[case])
    result = check(root, as_of=dt.date(2026, 6, 1))
    assert not result.errors, result.errors
    pages = {p.path: p for p in render_site(result, SiteOptions(as_of=result.as_of))}
    goals = result.graph.of_kind("goal")
    for path in ("departments/sales.md", "strategies/grow-online.md"):
        markdown = pages[path].markdown
        chain = markdown[markdown.index('class="pb-chain"'):]
        for g in goals:
            start = chain.index(f">{g.title}</a>")
            following = [chain.find(f">{other.title}</a>") for other in goals if other is not g]
            end = min([i for i in following if i > start], default=len(chain))
            branch = chain[start:end]
            assert "Monthly webinars" in branch or case == "shared kpi", (path, g.id, case)
            assert "Qualified leads" in branch or "Webinar signups" in branch, (path, g.id, case)
        assert chain.count("Qualified leads") + chain.count("Webinar signups") >= len(goals)


@pytest.mark.parametrize("cadence", ["montly", "Monthly", "daily", "3"])
def test_a_misspelt_cadence_gets_one_message(tmp_path, cadence):
    root = copy_minimal(tmp_path / "content")
    kpi = (root / "kpis" / "qualified-leads.yml").read_text(encoding="utf-8").replace("cadence: monthly",
                                                                                      f"cadence: {cadence}")
    write_tree(root, {"kpis/qualified-leads.yml": kpi})
    result = check(root, as_of=dt.date(2027, 1, 1))  # long after the last measurement
    about = [d for d in result.diagnostics if d.file == "kpis/qualified-leads.yml"]
    assert [d.code for d in about] == ["PB013"], about
    assert "monthly cadence" not in " ".join(d.message for d in result.diagnostics)


@pytest.mark.parametrize("written", ["3.10", "2.0", "1.50", "10", "1e3", "0.0.1", "2026.1"])
def test_numbers_in_text_fields_keep_the_text_written(tmp_path, written):
    root = write_tree(copy_minimal(tmp_path / "content"), {
        "policies/p.yml": f"title: {written}\ntype: policy\nstatus: active\nowner: A\nversion: {written}\n"
                          f"review_date: '2027-01-01'\ntags: [{written}]\n"})
    result = check(root, as_of=dt.date(2026, 6, 1))
    policy = result.graph.get("policy", "p")
    assert policy.data["version"] == written and policy.data["title"] == written and policy.data["tags"] == [written]
    page = next(p for p in render_site(result, SiteOptions(as_of=result.as_of)) if p.path == "policies/p.md")
    assert f">{written}<" in page.markdown


def test_numbers_stay_numbers_where_the_schema_wants_one(tmp_path):
    root = copy_minimal(tmp_path / "content")
    result = check(root, as_of=dt.date(2026, 6, 1))
    kpi = result.graph.get("kpi", "qualified-leads")
    assert kpi.data["target"]["value"] == 300 and isinstance(kpi.data["target"]["value"], int)
