"""Operations depth: roles in order, default roles that lose their mode, and the mode page
that answers the first hour from data (the public-agency template, and small variants)."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest

from playbook.check.checker import check
from playbook.check.config import load_config
from playbook.scaffold.starter import init
from playbook.site.all_pages import SiteOptions, render_site

from .contenttree import GOLDEN, write_tree
from .test_render import parsed

AS_OF = dt.date(2026, 6, 1)


def fresh(tmp_path, files: dict[str, str]):
    root = tmp_path / "content"
    shutil.copytree(GOLDEN / "clean-operations" / "content", root)
    write_tree(root, files)
    return root


def site(root, edition="internal", as_of=AS_OF):
    result = check(root, as_of=as_of)
    return result, {p.path: p for p in render_site(result, SiteOptions(edition=edition, as_of=as_of))}


# A default role tied to a mode that playbook.yml no longer names must not become an every-mode role.
STRANDING = {
    "renamed": "modes:\n  steady: Steady state\n  emergency: Emergency\n",
    "removed": "modes:\n  steady: Steady state\n",
    "renamed in another case": "modes:\n  steady: Steady state\n  Incident-x: X\n".replace("Incident-x", "incidents"),
    "with rules and accounts": "rules:\n  PB206: off\naccounts:\n  unused_days: 60\nmodes:\n  routine: Routine\n  outage: Outage\n",
    "with terms": "terms:\n  goal: Objective\nmodes:\n  normal: Normal\n  crisis: Crisis\n",
}


@pytest.mark.parametrize("playbook_yml", STRANDING.values(), ids=STRANDING.keys())
def test_a_default_role_whose_mode_is_gone_is_reported_and_acts_in_no_mode(tmp_path, playbook_yml):
    root = fresh(tmp_path, {"playbook.yml": playbook_yml, "people/ada-park.yml": "title: Ada Park\nroles: [team-lead]\n"})
    config = load_config(root)
    assert config.stranded == {"incident-decision-maker": ("incident",)}
    assert not any(config.acts_in("incident-decision-maker", mode) for mode in config.modes)
    assert all(config.acts_in("team-lead", mode) for mode in config.modes)
    result = check(root, as_of=AS_OF)
    pb111 = [d for d in result.diagnostics if d.code == "PB111"]
    assert len(pb111) == 1 and pb111[0].file == "playbook.yml" and "incident-decision-maker" in pb111[0].message


KEPT = {
    "defaults": "",
    "incident kept": "modes:\n  steady: Steady state\n  incident: In an incident\n  outage: Outage\n",
    "roles section": "modes:\n  steady: Steady\n  emergency: Emergency\nroles:\n  lead: Lead\n",
    "roles section naming the new mode": "modes:\n  steady: Steady\n  emergency: Emergency\nroles:\n"
                                          "  incident-decision-maker: {title: Decider, modes: [emergency]}\n",
    "incident first": "modes:\n  incident: In an incident\n  steady: Steady\n",
}


@pytest.mark.parametrize("playbook_yml", KEPT.values(), ids=KEPT.keys())
def test_no_report_when_no_default_role_loses_its_mode(tmp_path, playbook_yml):
    root = fresh(tmp_path, {"playbook.yml": playbook_yml} if playbook_yml else {})
    if not playbook_yml:
        (root / "playbook.yml").unlink()
    config = load_config(root)
    assert config.stranded == {}
    assert [d for d in check(root, as_of=AS_OF).diagnostics if d.code == "PB111"] == []


def section(page, title: str) -> str:
    """The text of one section of a page: from its heading to the next."""
    text = parsed(page).text
    start = text.index(title) + len(title)
    following = [text.find(h, start) for h in HEADINGS if text.find(h, start) > 0]
    return text[start:min(following)] if following else text[start:]


HEADINGS = ["Who posts", "The first message and how soon", "How to pause scheduled publishing",
            "Who holds the recovery codes", "Accounts used", "Partners to coordinate with", "What to watch",
            "The last exercise", "Holding statements still valid", "Procedures to follow"]


# The roles that act in every mode belong on each mode page, with their holders in order.
EVERY_MODE = {
    "team lead from person roles": ({}, "Team lead", "Ada Park"),
    "content lead": ({}, "Digital content lead", "Ben Ortiz"),
    "role file order": ({"roles/team-lead.yml": "title: Team lead\nholders:\n  - person: ben-ortiz\n  - person: ada-park\n"},
                        "Team lead", "Ben Ortiz; deputy: Ada Park"),
    "outside holder": ({"roles/account-manager.yml": "title: Account manager\nholders:\n  - name: Duty interpreter\n"
                                                     "    organization: Lingua\n"},
                       "Account manager", "Duty interpreter (Lingua); deputy: Ben Ortiz"),
    "three in order": ({"roles/incident-decision-maker.yml": "title: Decider\nholders:\n  - person: ben-ortiz\n"
                                                             "  - name: EOC manager on duty\n"},
                       "Incident decision maker", "Ben Ortiz; deputy: EOC manager on duty; then: Ada Park"),
}


@pytest.mark.parametrize("files,role,holders", EVERY_MODE.values(), ids=EVERY_MODE.keys())
def test_the_mode_page_lists_every_mode_roles_with_holders_in_order(tmp_path, files, role, holders):
    result, pages = site(fresh(tmp_path, files))
    assert not result.errors, result.errors
    acting = section(pages["modes/incident.md"], "Who decides and acts")
    assert f"{role}: {holders}" in " ".join(acting.split())


def test_a_stranded_role_is_on_no_mode_page_and_says_so_on_the_team_page(tmp_path):
    root = fresh(tmp_path, {"playbook.yml": "modes:\n  steady: Steady state\n  emergency: Emergency\n",
                            "tactics/status-updates.yml": "title: Updates\ntype: share\nmodes: [emergency]\n"
                                                          "serves: win-leads\nchannels: linkedin\n",
                            "channels/linkedin.yml": (GOLDEN / "clean-operations/content/channels/linkedin.yml")
                            .read_text().replace("mode: incident", "mode: emergency")})
    result, pages = site(root)
    assert "Incident decision maker" not in section(pages["modes/emergency.md"], "Who decides and acts")
    assert "Team lead" in section(pages["modes/emergency.md"], "Who decides and acts")
    assert "Incident decision maker (acts in no mode)" in parsed(pages["team.md"]).text


@pytest.fixture(scope="module")
def agency(tmp_path_factory):
    folder = tmp_path_factory.mktemp("agency") / "plan"
    init(folder, AS_OF, template="public-agency")
    return folder / "content"


def test_the_template_mode_page_answers_every_question_from_data(agency):
    result, pages = site(agency)
    assert not result.diagnostics, result.diagnostics
    page = pages["modes/incident.md"]
    assert "pb-empty" not in page.markdown  # no blanks: every part answered from data
    text = " ".join(parsed(page).text.split())
    for expected in ["Incident decision maker: Ana Lopez; deputy: Sam Okafor; then: EOC manager on duty",
                     "Call Ana Lopez: +44 1539 000 110 Call Sam Okafor: +44 1539 000 113",
                     "Drafts: Priya Das; Reviews: Ana Lopez; Publishes: Lee Chan",
                     "First message: \u201cWe are aware of an emergency", "within 15 minutes of the alert",
                     "County publishing suite: In Publisher, choose Pause all scheduled posts",
                     "Ana Lopez, Sam Okafor", "Environment Agency flood team", "#FellsideFlood",
                     "Winter flood drill", "The duty officer could not pause", "We are responding",
                     "every 2 hours", "Interpreter: Duty interpreter (Lakeland Language Services"]:
        assert expected in text, expected
    assert "The Polish translation" not in text  # a closed finding is not open


def test_the_public_mode_page_shows_no_operational_detail(agency, tmp_path):
    root = tmp_path / "content"
    shutil.copytree(agency, root)
    for name in ("channels/facebook.yml", "channels/instagram.yml", "relationships/environment-agency.yml"):
        path = root / name
        path.write_text(path.read_text().replace("title: ", "visibility: public\ntitle: ", 1))
    result, pages = site(root, edition="public")
    text = " ".join(parsed(pages["modes/incident.md"]).text.split())
    assert "Environment Agency flood team" in text  # a public partner stays; the rest is internal
    assert "Incident decision maker: Ana Lopez" in text  # the public director, by her own roles; her deputies are internal
    for internal in ["Pause all scheduled posts", "Priya Das", "#FellsideFlood", "We are responding", "deputy",
                     "Winter flood drill", "Lakeland"]:
        assert internal not in text, internal


@pytest.mark.parametrize("exercises", [
    {"exercises/grow-online.yml": "{a: b}\n"},                                                       # no title, no mode
    {"exercises/drill.yml": "title: Drill\ndate: '2026-03-01'\nmodes: [steady]\n"},                   # the routine mode only
    {"exercises/drill.yml": "title: Drill\ndate: '2026-03-01'\n"},                                    # no modes
    {"exercises/a.yml": "title: A\n", "exercises/b.yml": "title: B\ndate: '2026-02-01'\nmodes: [crisis]\n"},  # unknown mode
    {"exercises/drill.yml": "title: Drill\nmodes: [incident]\n"},                                     # no date
])
def test_without_a_playbook_yml_the_unexercised_mode_is_reported_on_a_file_that_exists(tmp_path, exercises):
    """The default modes need no playbook.yml; an unexercised one is then reported on the first
    exercise, never on a playbook.yml that is not there."""
    root = shutil.copytree(GOLDEN / "clean-minimal" / "content", tmp_path / "content")
    write_tree(root, exercises)
    assert not (root / "playbook.yml").exists()
    diags = check(root, as_of=dt.date(2026, 6, 1)).diagnostics
    assert [d for d in diags if d.code == "PB231"], diags
    assert all((root / d.file).is_file() for d in diags), [d for d in diags if not (root / d.file).is_file()]
