"""The operations pages, rendered from the golden case clean-operations: Team, each person's
"what is mine", the account registry, the content calendar and the incident page."""
from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from playbook.check.checker import check
from playbook.site.all_pages import SiteOptions, render_site

from .contenttree import GOLDEN, copy_minimal, write_tree
from .test_render import parsed

AS_OF = dt.date(2026, 6, 1)


def rows(page) -> list[list[str]]:
    """The cells of every table row of a page, as text."""
    cells = re.compile(r"<t[dh][^>]*>(.*?)</t[dh]>", re.S)
    return [[" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells.findall(row)]
            for row in re.findall(r"<tr>(.*?)</tr>", page.markdown, re.S)]


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    root = tmp_path_factory.mktemp("ops") / "content"
    shutil.copytree(GOLDEN / "clean-operations" / "content", root)
    write_tree(root, {"policies/outage-procedure.yml": "title: Outage procedure\ntype: procedure\nstatus: active\n"
                                                       "owner: ada-park\nreview_date: '2026-09-01'\nmodes: [incident]\n"})
    return root


def pages(root, edition="internal"):
    result = check(root, as_of=AS_OF)
    assert not result.errors, result.errors
    return {p.path: p for p in render_site(result, SiteOptions(edition=edition, as_of=AS_OF))}


@pytest.fixture(scope="module")
def site(content):
    return pages(content)


def test_team_page_is_people_by_roles_and_what_they_own(site):
    team = parsed(site["team.md"])
    text = team.text
    assert "Incident decision maker" in text and "Digital content lead" in text
    table = rows(site["team.md"])
    assert table[0] == ["Person", "Position", "Incident decision maker", "Team lead", "Digital content lead",
                        "Account manager", "Playbook editor", "Owns and runs"]
    assert table[1] == ["Ada Park", "Head of Sales", "yes", "yes", "", "", "", "1 channel, 1 department, 1 policy"]
    assert table[2] == ["Ben Ortiz", "Social media coordinator", "", "", "yes", "yes", "", "1 channel, 1 tactic"]
    assert "Incident decision maker (acts in: In an incident): Ada Park" in text
    assert {"../people/ada-park/", "../people/ben-ortiz/"} <= set(team.hrefs())


def test_a_person_page_says_what_is_theirs_and_what_falls_due(site):
    text = parsed(site["people/ada-park.md"]).text
    assert "What is mine" in text and "Keeps credentials of LinkedIn" in text and "Heads Sales" in text
    assert "My roles Team lead, Incident decision maker" in text
    assert "What is due" in text and ["1 Sept 2026", "review", "Outage procedure"] in rows(site["people/ada-park.md"])


def test_the_registry_lists_every_account_with_its_people(site):
    table = rows(site["accounts.md"])
    assert table[1] == ["@grow-online https://www.linkedin.com/company/grow-online", "LinkedIn", "active", "Ben Ortiz",
                        "Ada Park", "Ada Park", "daily", "30 May 2026", "15 Jan 2026"]
    assert table[2] == ["@grow-online-events", "LinkedIn", "dormant", "", "", "", "", "not recorded", "not recorded"]


def test_the_registry_marks_what_is_missing_or_late(tmp_path):
    root = copy_minimal(tmp_path / "content")
    write_tree(root, {"channels/linkedin.yml": "title: LinkedIn\nplatform: LinkedIn\naccounts:\n"
                                               "  - {handle: '@a', managers: Someone, last_used: '2025-01-01'}\n"})
    result = check(root, as_of=AS_OF)
    assert {d.code for d in result.diagnostics} >= {"PB216", "PB217"}
    page = {p.path: p for p in render_site(result, SiteOptions(as_of=AS_OF))}["accounts.md"]
    assert rows(page)[1][3:8] == ["Someone", "nobody", "nobody", "", "1 Jan 2025 Overdue"]


def test_the_calendar_lays_themes_out_by_month_and_channel(site):
    calendar = parsed(site["calendar.md"]).text
    assert "Jun 2026" in calendar and "May 2027" in calendar
    assert "2 to 4 posts a week" in calendar
    assert calendar.count("Customer stories") == 5  # March to May and September to October


def test_the_incident_page_gathers_who_what_and_how_often(site):
    text = parsed(site["modes/incident.md"]).text
    assert "Incident decision maker: Ada Park" in text
    assert "Outage procedure" in text and "Service status updates" in text
    assert "LinkedIn Posting 2 to 6 posts a day First response within 30 minutes" in " ".join(text.split())  # its card
    assert "@grow-online on LinkedIn" in text
    assert 'href="modes/incident/"' in site["index.md"].markdown


def test_operations_pages_follow_the_edition(content):
    public = pages(content, "public")
    assert "team.md" not in public and "people/ada-park.md" not in public  # the people are internal
    assert "accounts.md" not in public  # so is the channel holding the accounts


def test_hidden_people_are_restricted_on_visible_pages(tmp_path, content):
    root = tmp_path / "content"
    shutil.copytree(content, root)
    for path in (root / "channels" / "linkedin.yml", root / "tactics" / "status-updates.yml"):
        path.write_text(path.read_text(encoding="utf-8") + "visibility: public\n", encoding="utf-8")
    person = root / "people" / "ada-park.yml"
    person.write_text(person.read_text(encoding="utf-8") + "visibility: confidential\n", encoding="utf-8")
    public = pages(root, "public")
    assert "accounts.md" not in public and "due.md" not in public  # operational details stay internal
    assert "ada-park" not in public["modes/incident.md"].markdown
    internal = pages(root, "internal")
    registry = parsed(internal["accounts.md"])
    assert "a restricted item" in registry.text and "Ada Park" not in internal["accounts.md"].markdown
    assert not [p.path for p in internal.values() if "ada-park" in p.markdown or "Ada Park" in p.markdown]


def test_pages_without_content_are_left_out(tmp_path):
    result = check(copy_minimal(tmp_path / "content"), as_of=AS_OF)
    paths = {p.path for p in render_site(result, SiteOptions(as_of=AS_OF))}
    assert not {"team.md", "accounts.md", "calendar.md", "modes/incident.md"} & paths


@pytest.mark.parametrize("config, words", [
    ("roles: {Team Lead: Lead}", "is not a valid name"),
    ("roles: {lead: {title: Lead, modes: [crisis]}}", "unknown mode 'crisis'"),
    ("roles: {lead: {title: Lead, acts: [steady]}}", "a role is a title"),
    ("roles: {lead: ''}", "give a title"),
    ("modes: {steady: [x]}", "give a title"),
    ("accounts: {unused_days: -1}", "from 0 to 109,572"),
    ("accounts: {stale_days: 3}", "unknown accounts setting"),
])
def test_a_broken_operations_configuration_is_a_usage_error(tmp_path, capsys, config, words):
    from playbook.cli.commands import main
    root = write_tree(copy_minimal(tmp_path / "content"), {"playbook.yml": config + "\n"})
    assert main(["validate", str(root)]) == 2
    err = capsys.readouterr().err
    assert words in err and "playbook.yml:1:" in err


def test_configured_roles_and_modes_replace_the_defaults(tmp_path):
    root = write_tree(copy_minimal(tmp_path / "content"), {
        "playbook.yml": "modes: {normal: Normal operations, emergency: Emergency}\n"
                        "roles: {duty-officer: {title: Duty officer, modes: [emergency]}, comms-lead: Communications lead}\n",
        "people/kim.yml": "title: Kim Lee\nroles: [duty-officer, comms-lead]\n",
        "tactics/alerts.yml": "title: Public alerts\ntype: share\nmodes: emergency\nserves: win-leads\nchannels: linkedin\n"})
    result = check(root, as_of=AS_OF)
    assert not result.errors, result.errors
    site = {p.path: p for p in render_site(result, SiteOptions(as_of=AS_OF))}
    assert "modes/emergency.md" in site and "modes/incident.md" not in site
    assert "Duty officer: Kim Lee" in parsed(site["modes/emergency.md"]).text
    assert rows(site["team.md"])[0][2:4] == ["Duty officer", "Communications lead"]


def test_the_organization_profile_is_on_the_home_page(tmp_path):
    root = write_tree(copy_minimal(tmp_path / "content"), {"playbook.yml": (
        "organization:\n  name: Fellside County Council\n  sector: Local government\n  sites: [Kendal, Penrith]\n"
        "  mission: Keep residents safe and informed.\n  values: Openness\n")})
    home = {p.path: p for p in render_site(check(root, as_of=AS_OF), SiteOptions(as_of=AS_OF))}["index.md"]
    text = parsed(home).text
    assert "Fellside County Council" in text and "Sites Kendal, Penrith" in text and "Values Openness" in text


@pytest.mark.parametrize("profile, words", [("organization: {motto: Be kind}", "unknown organization field"),
                                            ("organization: {name: [a, b]}", "must be text"),
                                            ("organization: {sites: [Kendal, 3]}", "text or a list of text")])
def test_a_broken_organization_profile_is_a_usage_error(tmp_path, capsys, profile, words):
    from playbook.cli.commands import main
    root = write_tree(copy_minimal(tmp_path / "content"), {"playbook.yml": profile + "\n"})
    assert main(["validate", str(root)]) == 2 and words in capsys.readouterr().err


def test_a_kpi_may_measure_a_strategy_and_the_scorecard_shows_it(tmp_path):
    root = write_tree(copy_minimal(tmp_path / "content"), {
        "kpis/online-share.yml": "title: Online share of sales\nmeasures: strategy:grow-online\nunit: '%'\n"
                                 "direction: increase\nbaseline: {value: 10, date: '2026-01-01'}\n"
                                 "target: {value: 40, date: '2027-12-31'}\nsource: Finance\ncadence: monthly\n",
        "measurements/online-share.csv": "date,value,note\n2026-05-01,11,\n"})
    result = check(root, as_of=AS_OF)
    assert not result.errors, result.errors
    site = {p.path: p for p in render_site(result, SiteOptions(as_of=AS_OF))}
    table = rows(site["scorecard.md"])
    at = [r[0] for r in table].index("Strategy-level indicators")
    assert table[at + 1][:2] == ["Online share of sales", "at risk"]
    assert "at risk" in parsed(site["scorecard.md"]).text.split("Strategy-level")[0]  # the strategy rolls it up


def test_an_edition_without_a_visible_strategy_warns(tmp_path):
    import subprocess
    import sys

    from .sitebuild import write_project
    project = write_project(tmp_path / "project", {})
    copy_minimal(project / "content" / "min")
    for entry in (project / "content" / "min").iterdir():
        entry.rename(project / "content" / entry.name)
    done = subprocess.run([sys.executable, "-m", "playbook", "build", "--strict", "--edition", "public", "--as-of", "2026-06-01"],
                          cwd=project, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and "the public edition shows no strategy (1 in the content" in done.stderr
    assert "Traceback" not in done.stderr and not (project / "site").exists()


def test_a_public_body_names_its_own_perspectives_and_building_blocks(tmp_path):
    config = ("perspectives: {community: Community, stakeholder: Stakeholders, financial: Public money}\n"
              "building_blocks: {mandate: Statutory mandate, residents: Residents we serve}\n")
    root = write_tree(copy_minimal(tmp_path / "content"), {"playbook.yml": config})
    goal = (root / "goals" / "win-leads.yml").read_text(encoding="utf-8")
    write_tree(root, {"goals/win-leads.yml": goal.replace("perspective: customer", "perspective: community"),
                      "strategies/grow-online.yml": (root / "strategies" / "grow-online.yml").read_text(encoding="utf-8")
                      + "building_blocks:\n  mandate: The Civil Contingencies Act duties.\n  residents: Everyone in the county.\n"})
    result = check(root, as_of=AS_OF)
    assert not result.errors, result.errors
    site = {p.path: p for p in render_site(result, SiteOptions(as_of=AS_OF))}
    assert "Perspective Community" in parsed(site["goals/win-leads.md"]).text
    assert "Statutory mandate The Civil Contingencies Act duties." in parsed(site["strategies/grow-online.md"]).text
    write_tree(root, {"goals/win-leads.yml": goal.replace("perspective: customer", "perspective: comunity"),
                      "strategies/grow-online.yml": "title: Grow\nstatement: S\nbuilding_blocks: {customers: C}\n"})
    found = {(d.file, d.code, d.message.split(" (")[0]) for d in check(root, as_of=AS_OF).errors}
    assert ("goals/win-leads.yml", "PB107", "unknown perspective 'comunity'") in found
    assert ("strategies/grow-online.yml", "PB107", "unknown building block 'customers'") in found
