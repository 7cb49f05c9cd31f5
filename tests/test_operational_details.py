"""Who runs an account, who keeps its credentials and when its access was reviewed are internal
unless an editor opts in, per account or per field; accounts and posting plans have a visibility
of their own; making such details public is reported (PB220)."""
from __future__ import annotations

import datetime as dt

import pytest

from playbook.check.checker import check
from playbook.site.all_pages import SiteOptions, render_site

from .contenttree import copy_minimal, write_tree

AS_OF = dt.date(2026, 6, 1)
PEOPLE = {
    "people/ada.yml": "title: Ada Zqmanagerx\nvisibility: public\n",
    "people/bo.yml": "title: Bo Quinn\nvisibility: public\n",
}


def channel(account: str, posting: str = "") -> dict[str, str]:
    return {**PEOPLE, "channels/x.yml": "title: X\nplatform: X\nvisibility: public\naccounts:\n"
                                        f"  - {{handle: '@zqhandlex', {account}}}\n" + posting}


DETAILS = "managers: [ada], backup: bo, custodian: Cyd Custodian, use: zqusex, last_used: '2026-05-02', " \
          "access_reviewed: '2026-01-09'"


def pages(tmp_path, files: dict[str, str], edition: str) -> dict[str, str]:
    root = write_tree(copy_minimal(tmp_path / edition / "content"), files)
    result = check(root, as_of=AS_OF)
    assert not result.errors, result.errors
    return {p.path: p.markdown for p in render_site(result, SiteOptions(edition=edition, as_of=AS_OF))}


def everything(site: dict[str, str]) -> str:
    """Every page but the people's own (whose names are public)."""
    return "\n".join(text for path, text in site.items() if not path.startswith("people/") and path != "team.md")


CASES = [  # (the account's fields, edition, what must show, what must not)
    (f"{DETAILS}", "public", [], ["@zqhandlex", "zqusex", "Cyd Custodian"]),  # an account is internal by default
    (f"visibility: public, {DETAILS}", "public", ["@zqhandlex"], ["zqusex", "Cyd Custodian", "2026-01-09", "9 Jan 2026"]),
    (f"visibility: public, details_visibility: {{custodian: public}}, {DETAILS}", "public",
     ["@zqhandlex", "Cyd Custodian"], ["zqusex", "9 Jan 2026"]),
    (f"visibility: public, details_visibility: public, {DETAILS}", "public", ["@zqhandlex", "Cyd Custodian", "zqusex"], []),
    (f"visibility: confidential, {DETAILS}", "internal", [], ["@zqhandlex", "zqusex", "Cyd Custodian"]),
    (f"{DETAILS}", "internal", ["@zqhandlex", "zqusex", "Cyd Custodian", "9 Jan 2026"], []),
    (f"visibility: public, details_visibility: {{managers: confidential}}, {DETAILS}", "internal",
     ["@zqhandlex", "Cyd Custodian"], ["Ada Zqmanagerx"]),
]


@pytest.mark.parametrize("account, edition, shown, hidden", CASES)
def test_account_details_follow_their_visibility(tmp_path, account, edition, shown, hidden):
    text = everything(pages(tmp_path, channel(account), edition))
    for word in shown:
        assert word in text, word
    for word in hidden:
        assert word not in text, word


def test_a_public_person_who_manages_a_hidden_account_shows_no_such_relation(tmp_path):
    site = pages(tmp_path, channel(DETAILS), "public")
    person = site["people/ada.md"]
    assert "Manages" not in person and "X" not in person.split("Details")[-1]


@pytest.mark.parametrize("plan, edition, shown", [
    ("{frequency: {per: week, min: 3}, best_practices: [zqpracticex]}", "public", False),
    ("{visibility: public, frequency: {per: week, min: 3}, best_practices: [zqpracticex]}", "public", True),
    ("{frequency: {per: week, min: 3}, best_practices: [zqpracticex]}", "internal", True),
    ("{visibility: confidential, frequency: {per: week, min: 3}, best_practices: [zqpracticex]}", "internal", False),
    ("{mode: incident, frequency: {per: day, min: 2}, best_practices: [zqpracticex]}", "public", False),
])
def test_posting_plans_have_a_visibility_of_their_own(tmp_path, plan, edition, shown):
    files = channel(f"visibility: public, {DETAILS}", f"posting:\n  - {plan}\n")
    assert ("zqpracticex" in everything(pages(tmp_path, files, edition))) is shown


def test_account_findings_are_not_shown_below_internal(tmp_path):
    files = {**channel("visibility: public, managers: [ada], last_used: '2025-01-01'"),  # no backup: PB216; unused: PB217
             "playbook.yml": "rules: {PB216: warning}\n"}
    public = pages(tmp_path / "p", files, "public")["channels/x.md"]
    internal = pages(tmp_path / "i", files, "internal")["channels/x.md"]
    assert "What the checker found" not in public and "zqhandlex" in public
    assert "has no backup" in internal and "was last used" in internal


def test_registry_and_due_list_are_internal(tmp_path):
    files = {**channel(f"visibility: public, {DETAILS}"),
             "policies/p.yml": "title: P\nvisibility: public\ntype: policy\nstatus: active\nowner: ada\n"
                               "review_date: '2026-05-01'\n"}
    public, internal = pages(tmp_path / "p", files, "public"), pages(tmp_path / "i", files, "internal")
    assert not {"accounts.md", "due.md"} & set(public) and {"accounts.md", "due.md"} <= set(internal)
    assert "What is due" not in public["people/ada.md"] and "What is due" in internal["people/ada.md"]
