"""Entity pages show each relation once and fold what only editors need.

A field or backlink that names only entities the chain (or a person's "What is mine") already
lists is left out, and a section left empty is not shown; the id, visibility, file, a KPI's
import rule and the git history sit in one folded "For editors" block, with "Edit this file"
when mkdocs.yml gives the repository's edit address, checked in its final form.
"""
from __future__ import annotations

import re
import shutil

import pytest

from playbook.check.checker import check
from playbook.check.site_paths import edit_base
from playbook.site.all_pages import SiteOptions, render_site

from .contenttree import GOLDEN, write_tree
from .sitebuild import MKDOCS_YML, mkdocs_build, write_project
from .test_mode_readiness import AS_OF

GITHUB = "https://github.com/tarnside/playbook/edit/main/content/"


def fresh(tmp_path, files=None):
    root = tmp_path / "content"
    shutil.copytree(GOLDEN / "clean-operations" / "content", root)
    return write_tree(root, files or {})


def pages(root, edition="internal", **options) -> dict[str, str]:
    result = check(root, as_of=AS_OF)
    assert result.errors == [], result.errors
    return {p.path: p.markdown for p in render_site(result, SiteOptions(edition, AS_OF, **options))}


def section(page: str, title: str) -> str:
    """The Markdown of one `## title` section, up to the next heading or the editors' block."""
    start = page.index(f"## {title}")
    ends = [i for i in (page.find("\n## ", start + 1), page.find('<details class="info pb-editors"', start)) if i > 0]
    return page[start:min(ends)]


def hrefs(markdown: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', markdown)


# each relation once ------------------------------------------------------------------------------------

def test_a_goal_lists_its_chain_once(tmp_path):
    page = pages(fresh(tmp_path))["goals/win-leads.md"]
    details, referenced = section(page, "Details"), section(page, "Referenced by")
    for linked in ("strategies/grow-online/", "departments/sales/", "kpis/qualified-leads/", "tactics/webinars/"):
        assert not any(h.endswith(linked) for h in hrefs(details) + hrefs(referenced)), linked
        assert any(h.endswith(linked) for h in hrefs(section(page, "Chain"))), linked
    assert "themes/customer-stories/" in referenced  # not in the chain: still a backlink


def test_a_kpi_does_not_repeat_the_goal_it_measures(tmp_path):
    page = pages(fresh(tmp_path))["kpis/qualified-leads.md"]
    assert "<dt>Measures</dt>" not in page and "goals/win-leads/" in section(page, "Chain")


def test_a_person_page_has_no_referenced_by_repeating_what_is_mine(tmp_path):
    page = pages(fresh(tmp_path))["people/ada-park.md"]
    assert "## What is mine" in page and "## Referenced by" not in page
    assert "<dt>Department</dt>" not in page  # she heads it: What is mine says so


def test_a_field_naming_a_hidden_entity_too_is_kept(tmp_path):
    root = fresh(tmp_path, {"playbook.yml": "rules: {PB108: warning, PB202: warning}\n"
                                            "modes: {steady: Steady state, incident: In an incident}\n",
                            "goals/secret.yml": "title: Secret goal\nvisibility: confidential\nsupports: grow-online\n"
                                                 "department: sales\ndue: '2027-06-30'\n",
                            "tactics/webinars.yml": "title: Monthly product webinars\nowner: ben-ortiz\n"
                                                    "serves: [win-leads, secret]\nchannels: linkedin\n"
                                                    "call_to_action: Register for the next webinar\n"})
    page = pages(root)["tactics/webinars.md"]
    assert "<dt>Serves</dt>" in page and "a restricted item" in section(page, "Details")


def test_a_relation_outside_the_chain_stays_in_details(tmp_path):
    page = pages(fresh(tmp_path))["tactics/webinars.md"]
    assert "channels/linkedin/" in section(page, "Details")  # channels are not in the chain
    assert "goals/win-leads/" not in section(page, "Details")  # the goal it serves is


def test_empty_sections_are_not_shown(tmp_path):
    root = fresh(tmp_path, {"themes/customer-stories.yml": None})
    page = pages(root)["goals/win-leads.md"]
    assert "## Referenced by" not in page  # its only backlink outside the chain is gone
    strategy = pages(root)["strategies/grow-online.md"]
    assert "## Details" not in strategy or section(strategy, "Details").count("<dt>") > 0


# for editors -------------------------------------------------------------------------------------------

def editors(page: str) -> str:
    return page[page.index('<details class="info pb-editors"'):]


def test_the_id_visibility_file_and_import_rule_are_folded_for_editors(tmp_path):
    kpi = (GOLDEN / "clean-operations" / "content" / "kpis" / "qualified-leads.yml").read_text(encoding="utf-8")
    root = fresh(tmp_path, {"kpis/qualified-leads.yml": kpi + "import: {match: 'linkedin-*.csv', date: Date, value: Leads}\n"})
    page = pages(root)["kpis/qualified-leads.md"]
    folded = editors(page)
    assert "<summary>For editors</summary>" in folded and "kpi:qualified-leads" in folded
    assert "<dt>Visibility</dt>" in folded and "kpis/qualified-leads.yml" in folded and "linkedin" in folded
    head = page[:page.index("</div>", page.index('class="pb-head"'))]
    assert "kpi:qualified-leads" not in head and "Visibility" not in head
    assert "linkedin" not in page[:page.index('<details class="info pb-editors"')]  # the import rule is not in Details


EDITS = {
    "github": ("https://github.com/tarnside/playbook", "edit/main/docs/", "docs", "content",
               "https://github.com/tarnside/playbook/edit/main/content/goals/win-leads.yml"),
    "a trailing slash and docs elsewhere": ("https://git.example.org/org/plan/", "-/edit/main/site/docs", "site/docs", "plan/content",
                                            "https://git.example.org/org/plan/-/edit/main/plan/content/goals/win-leads.yml"),
    "an absolute edit_uri": ("https://github.com/o/r", "https://edit.example.org/o/r/docs/", "docs", "content",
                             "https://edit.example.org/o/r/content/goals/win-leads.yml"),
}


@pytest.mark.parametrize("repo, uri, docs, content, expected", EDITS.values(), ids=EDITS.keys())
def test_edit_this_file_leads_to_the_content_file(tmp_path, repo, uri, docs, content, expected):
    page = pages(fresh(tmp_path), edit_base=edit_base(repo, uri, docs, content))["goals/win-leads.md"]
    assert re.findall(r'<a href="([^"]+)" class="pb-edit"', editors(page)) == [expected]


NO_EDIT = {
    "no repository": (None, "edit/main/docs/"),
    "no edit_uri": ("https://github.com/o/r", None),
    "an empty edit_uri": ("https://github.com/o/r", ""),
    "a script address": ("javascript:alert(1)//", "edit/main/docs/"),
    "a script edit_uri": ("https://github.com/o/r", "javascript:alert(1)//"),
    "a file address": ("file:///etc", "edit/main/docs/"),
}


@pytest.mark.parametrize("repo, uri", NO_EDIT.values(), ids=NO_EDIT.keys())
def test_no_edit_link_without_a_web_address(tmp_path, repo, uri):
    site = pages(fresh(tmp_path), edit_base=edit_base(repo, uri, "docs", "content"))
    assert not any('class="pb-edit"' in page for page in site.values())
    assert not any('href="javascript' in page or 'href="file:' in page for page in site.values())


def test_a_file_name_is_quoted_in_the_edit_address(tmp_path):
    root = fresh(tmp_path, {"goals/win leads & more.yml": "title: Odd file\nsupports: grow-online\ndepartment: sales\n"
                                                          "due: '2027-06-30'\n"})
    result = check(root, as_of=AS_OF)
    site = {p.path: p.markdown for p in render_site(result, SiteOptions("internal", AS_OF, edit_base=GITHUB))}
    page = next(m for path, m in site.items() if path.startswith("goals/") and 'title: "Odd file"' in m)
    assert "goals/win%20leads%20%26%20more.yml" in editors(page)


def test_mkdocs_reads_repo_url_and_edit_uri(tmp_path):
    project = write_project(tmp_path, {}, mkdocs_yml="repo_url: https://github.com/tarnside/playbook\n"
                                                      "edit_uri: edit/main/docs/\n" + MKDOCS_YML.format(options=""))
    shutil.copytree(GOLDEN / "clean-operations" / "content", project / "content")
    done = mkdocs_build(project)
    assert done.returncode == 0, done.stderr
    html = (project / "site" / "goals" / "win-leads" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/tarnside/playbook/edit/main/content/goals/win-leads.yml"' in html
