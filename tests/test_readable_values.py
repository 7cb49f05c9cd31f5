"""Readable values: pages say what a reader says, not what an editor typed.

Role and mode titles, not their keys; month names, not numbers; "3 posts a week", not "3 to 3";
a posting plan as one sentence, not a block of keys; numbers worked out from a KPI as precise as
its own numbers and no more; a sentence built from the organization's own terms stays grammatical
("the Office of Public Affairs pursues", not "... office pursues"); no editor jargon on the Team
page. Each test renders the golden `clean-operations` playbook, changed one way, with the real engine.
"""
from __future__ import annotations

import re
import shutil

import pytest

from playbook.check.checker import check
from playbook.content.model import Entity
from playbook.content.safe_yaml import read_yaml
from playbook.i18n import language, use
from playbook.site.all_pages import SiteOptions, render_site
from playbook.site.render.kpi import worked_out

from .contenttree import GOLDEN, write_tree
from .test_mode_readiness import AS_OF

LINKEDIN = (GOLDEN / "clean-operations" / "content" / "channels" / "linkedin.yml").read_text(encoding="utf-8")
PLAYBOOK_YML = (GOLDEN / "clean-operations" / "content" / "playbook.yml").read_text(encoding="utf-8")


def fresh(tmp_path, files=None):
    root = tmp_path / "content"
    shutil.copytree(GOLDEN / "clean-operations" / "content", root)
    return write_tree(root, files or {})


def pages(root, lang=None) -> dict[str, str]:
    result = check(root, as_of=AS_OF)
    assert result.errors == [], result.errors
    return {p.path: p.markdown for p in render_site(result, SiteOptions("internal", AS_OF, language=lang))}


def text(markdown: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", markdown).split())


def with_plan(plan: str) -> dict:
    """The LinkedIn channel with one more posting plan in the incident mode."""
    return {"channels/linkedin.yml": LINKEDIN + f"  - {{mode: incident, {plan}}}\n"}


# "3 posts a week" ---------------------------------------------------------------------------------

COUNTS = {
    "three a week": ("frequency: {per: week, min: 3, max: 3}", None, "3 posts a week"),
    "one a day": ("frequency: {per: day, min: 1, max: 1}", None, "1 post a day"),
    "twelve a month": ("frequency: {per: month, min: 12, max: 12}", None, "12 posts a month"),
    "a range stays a range": ("frequency: {per: week, min: 2, max: 5}", None, "2 to 5 posts a week"),
    "German": ("frequency: {per: week, min: 3, max: 3}", "de", "3 Beiträge pro Woche"),
}


@pytest.mark.parametrize("plan, lang, expected", COUNTS.values(), ids=COUNTS.keys())
def test_an_exact_count_reads_as_one_number(tmp_path, plan, lang, expected):
    site = pages(fresh(tmp_path, with_plan(plan)), lang)
    page = text(site["modes/incident.md"]) + text(site["channels/linkedin.md"])
    assert expected in page
    assert not re.search(r"\b(\d+) (to|bis) \1\b", page)


# a posting plan as a sentence ------------------------------------------------------------------------

SENTENCES = {
    "weekdays": ("frequency: {per: week, min: 3, max: 3}, weekdays: [mon, wed]", "3 posts a week, on Mon, Wed"),
    "an interval": ("frequency: {per: day, min: 4, max: 8}, interval: {every: 2, unit: hour}",
                    "4 to 8 posts a day, every 2 hours"),
    "all three": ("frequency: {per: day, min: 2}, interval: {every: 30, unit: minute}, weekdays: [sat]",
                  "at least 2 posts a day, every 30 minutes, on Sat"),
    "at most": ("frequency: {per: month, max: 4}", "at most 4 posts a month"),
    "frequency only": ("frequency: {per: week, min: 1, max: 2}", "1 to 2 posts a week"),
}


@pytest.mark.parametrize("plan, expected", SENTENCES.values(), ids=SENTENCES.keys())
def test_a_posting_plan_reads_as_a_sentence_on_the_channel_page(tmp_path, plan, expected):
    page = pages(fresh(tmp_path, with_plan(plan)))["channels/linkedin.md"]
    details = page[page.index("<dt>Posting</dt>"):page.index("</dd>", page.index("<dt>Posting</dt>"))]
    assert expected in text(details)
    for key in ("Per", "Min", "Max", "Weekdays", "Interval", "Every", "Unit"):
        assert f"<th scope=\"col\">{key}</th>" not in details and f"<dt>{key}</dt>" not in details, key


# months, roles and modes by name -------------------------------------------------------------------------

MONTHS = {
    "summer": ("[6, 7]", None, ["June", "July"]),
    "one month": ("[12]", None, ["December"]),
    "German": ("[3, 10]", "de", ["März", "Oktober"]),
    "French": ("[1]", "fr", ["janvier"]),
    "a whole year": ("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]", None, ["January", "May", "December"]),
}


@pytest.mark.parametrize("months, lang, names", MONTHS.values(), ids=MONTHS.keys())
def test_a_theme_names_its_months(tmp_path, months, lang, names):
    theme = f"title: Customer stories\nmonths: {months}\nchannels: linkedin\nserves: win-leads\n"
    page = pages(fresh(tmp_path, {"themes/customer-stories.yml": theme}), lang)["themes/customer-stories.md"]
    field = page[page.index("</dt>", page.index("<dt>")):page.index("</dd>", page.index("<dt>"))]
    assert [n for n in names if n in field] == names
    assert not re.search(r"<li>\d+</li>|<dd>\d+</dd>", field)


TITLES = {
    "a person's roles": ({}, "people/ada-park.md", ["Team lead", "Incident decision maker"], ["team-lead", "incident-decision-maker"]),
    "a tactic's modes": ({}, "tactics/status-updates.md", ["In an incident"], [">incident<"]),
    "a posting plan's mode": ({}, "channels/linkedin.md", ["In an incident"], [">incident<"]),
    "a renamed mode": ({"playbook.yml": PLAYBOOK_YML.replace("incident: In an incident", "incident: Emergency")},
                       "tactics/status-updates.md", ["Emergency"], [">incident<"]),
    "a role renamed in playbook.yml": (
        {"playbook.yml": PLAYBOOK_YML + "roles:\n  team-lead: Shift lead\n  incident-decision-maker: "
                                        "{title: Decider, modes: [incident]}\n  account-manager: Account manager\n"
                                        "  content-lead: Content lead\n"},
        "people/ada-park.md", ["Shift lead", "Decider"], ["team-lead"]),
}


@pytest.mark.parametrize("files, path, shown, hidden", TITLES.values(), ids=TITLES.keys())
def test_roles_and_modes_read_as_their_titles(tmp_path, files, path, shown, hidden):
    page = pages(fresh(tmp_path, files))[path]
    body = page[page.index("## Details"):page.index('<details class="info pb-editors"')]
    for title in shown:
        assert title in body, title
    for key in hidden:
        assert key not in body, key


# grammatical sentences from the organization's own terms ----------------------------------------------------

STATEMENTS = {
    "an office named as one": ({"playbook.yml": PLAYBOOK_YML + "terms:\n  department: Office\n",
                                "departments/sales.yml": "title: Office of Public Affairs\nhead: ada-park\nsupports: grow-online\n"
                                                         "social_media: {role: Inform the public}\n"},
                               "The Office of Public Affairs pursues the goal", "Affairs office"),
    "a department named as one": ({"departments/sales.yml": "title: Sales department\nhead: ada-park\nsupports: grow-online\n"
                                                            "social_media: {role: Find leads}\n"},
                                  "The Sales department pursues the goal", "department department"),
    "a name without the word keeps it": ({}, "The Sales department pursues the goal", "Sales pursues"),
    "a strategy named as one": ({"strategies/grow-online.yml": "title: Online growth strategy\nstatement: Grow.\n"
                                                               "horizon: {start: '2026-01-01', end: '2027-12-31'}\n"},
                                "in support of the Online growth strategy", "strategy Online growth strategy"),
    "a goal named as one": ({"goals/win-leads.yml": "title: Lead goal for 2027\ndepartment: sales\nsupports: grow-online\n"
                                                    "perspective: customer\ndue: '2027-06-30'\n"},
                            "pursues the Lead goal for 2027 in support", "goal Lead goal"),
}


@pytest.mark.parametrize("files, said, never", STATEMENTS.values(), ids=STATEMENTS.keys())
def test_a_statement_names_each_kind_once(tmp_path, files, said, never):
    page = pages(fresh(tmp_path, files))["goals/win-leads.md"]
    statement = text(page[page.index('class="pb-statement"'):page.index("</p>", page.index('class="pb-statement"'))])
    statement = re.sub(r"^class=\"pb-statement\"> ", "", statement)
    assert said in statement and never not in statement and "  " not in statement


# numbers worked out from a KPI ------------------------------------------------------------------------------

def kpi(unit: str = "people") -> Entity:
    return Entity("kpi", "reach", "kpis/reach.yml", read_yaml(f"title: Reach\nunit: {unit}\n"))


ROUNDED = {
    "a runaway projection": (73473980.309, [10.125, 300.5], "73,473,980 people"),
    "a plan in whole numbers": (1234.5678, [10, 300], "1,235 people"),
    "a small rate": (0.12345, [0.1, 0.125], "0.123 people"),
    "a plan in tenths": (87.654, [80.5, 90.0], "87.7 people"),
    "a negative change": (-1234.56, [-10.25, 5.5], "-1,235 people"),
}


@pytest.mark.parametrize("value, plan, expected", ROUNDED.values(), ids=ROUNDED.keys())
def test_a_worked_out_number_is_as_precise_as_the_kpi(value, plan, expected):
    with use(language("en")):
        assert worked_out(value, kpi(), plan) == expected


def test_the_team_page_speaks_no_editor_jargon(tmp_path):
    page = text(pages(fresh(tmp_path))["team.md"])
    assert "playbook.yml" not in page and "2 people and 5 roles." in page
