"""An entity page shows what the checker found about that entity, so readers see what editors see,
and never what its edition may not show."""
from __future__ import annotations

import datetime as dt

from playbook.check.checker import check
from playbook.site.all_pages import SiteOptions, render_site

from .contenttree import copy_minimal, write_tree
from .test_render import parsed

LATE = dt.date(2026, 9, 1)  # the minimal playbook's last measurement is of 2026-05-01: stale by then


def rendered(root, edition="internal"):
    result = check(root, as_of=LATE)
    assert not result.errors, result.errors
    return {p.path: p for p in render_site(result, SiteOptions(edition=edition, as_of=LATE))}


def test_stale_data_vague_goals_overdue_reviews_and_accounts_are_noted(tmp_path):
    root = write_tree(copy_minimal(tmp_path / "content"), {
        "playbook.yml": "rules: {PB202: warning}\n",
        "goals/awareness.yml": "title: Build awareness\nsupports: grow-online\ndepartment: sales\n",
        "policies/p.yml": "title: P\ntype: policy\nstatus: active\nowner: A\nreview_date: '2026-07-01'\n",
        "channels/linkedin.yml": "title: LinkedIn\nplatform: LinkedIn\naccounts:\n"
                                 "  - {handle: '@a', managers: M, backup: B, custodian: C, last_used: '2026-01-01'}\n"})
    pages = rendered(root)
    expected = {"kpis/qualified-leads.md": "was last measured on 2026-05-01", "goals/awareness.md": "is measured by no KPI",
                "policies/p.md": "was due for review", "channels/linkedin.md": "was last used on 2026-01-01"}
    for path, words in expected.items():
        text = parsed(pages[path]).text
        assert "What the checker found" in text and words in text, path
    assert "What the checker found" not in parsed(pages["tactics/webinars.md"]).text


def test_findings_about_withheld_measurements_stay_withheld(tmp_path):
    root = copy_minimal(tmp_path / "content")
    kpi = root / "kpis" / "qualified-leads.yml"
    kpi.write_text(kpi.read_text(encoding="utf-8") + "visibility: public\nmeasurements_visibility: confidential\n",
                   encoding="utf-8")
    for edition, shown in (("public", False), ("internal", False), ("confidential", True)):
        page = rendered(root, edition)["kpis/qualified-leads.md"]
        assert ("2026-05-01" in page.markdown) is shown, edition
