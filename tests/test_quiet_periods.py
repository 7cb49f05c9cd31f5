"""Quiet periods: on the content calendar of the editions that show them, and PB235 across the
turn of the year and for periods longer than a year (the golden cases pb235-pb236-quiet-periods
and quiet-periods-near-miss hold the rest)."""
from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from playbook.check.checker import check
from playbook.site.all_pages import SiteOptions, render_site

from .contenttree import GOLDEN, write_tree

AS_OF = dt.date(2026, 6, 1)
ELECTION = "title: County election\nvisibility: public\nreason: election\nstart: '2026-09-01'\nend: '2026-09-30'\n"


@pytest.fixture
def content(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(GOLDEN / "clean-operations" / "content", root)
    return root


def calendar(root, edition="internal") -> str | None:
    result = check(root, as_of=AS_OF)
    page = {p.path: p for p in render_site(result, SiteOptions(edition=edition, as_of=AS_OF))}.get("calendar.md")
    return page and page.markdown


def first_row(markdown: str) -> list[str]:
    row = re.search(r"<tbody><tr>(.*?)</tr>", markdown, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_the_calendar_lists_the_period_first_and_marks_its_months(content):
    write_tree(content, {"quiet-periods/county-election.yml": ELECTION + "channels: linkedin\n"})
    page = calendar(content)
    assert "Planned posts are held back in these quiet periods:" in page
    assert re.search(r'County election</a>: <time[^>]*>1 Sept? 2026</time> to <time[^>]*>30 Sept? 2026</time>, '
                     r'on <a href="\.\./channels/linkedin/">LinkedIn</a> \(election\)', page)
    assert first_row(page) == ["Quiet periods"] + [""] * 3 + ["County election"] + [""] * 8


def test_a_period_for_every_channel_says_so(content):
    write_tree(content, {"quiet-periods/county-election.yml": ELECTION})
    assert ", on every channel (election)" in calendar(content)


def test_a_period_alone_makes_the_calendar(content):
    for name in ("themes/customer-stories.yml",):
        (content / name).unlink()
    write_tree(content, {"channels/linkedin.yml": "title: LinkedIn\nplatform: LinkedIn\nowner: ben-ortiz\n",
                         "tactics/status-updates.yml": None})
    assert calendar(content) is None
    write_tree(content, {"quiet-periods/county-election.yml": ELECTION})
    assert "County election" in calendar(content)


@pytest.mark.parametrize("edition, shown", [("public", False), ("internal", False), ("confidential", True)])
def test_a_confidential_period_stays_off_lower_editions(content, edition, shown):
    write_tree(content, {"quiet-periods/zq-embargo.yml": ELECTION.replace("County election", "Zqembargox")
                         .replace("public", "confidential")})
    page = calendar(content, edition) or ""
    assert ("Zqembargox" in page) is shown and ("quiet-periods/zq-embargo" in page) is shown


def test_a_period_outside_the_twelve_months_is_not_on_the_calendar(content):
    write_tree(content, {"quiet-periods/later.yml": ELECTION.replace("2026-09", "2027-06")})
    assert "County election" not in calendar(content)


WRAPPED = [
    ("months: [1]", "'2026-12-20'", "'2027-01-05'"),
    ("months: [12]", "'2026-12-31'", "'2027-01-01'"),
    ("months: [7]", "'2026-12-01'", "'2028-01-31'"),  # longer than a year: every month
    ("start: '2027-01-01'", "'2026-12-20'", "'2027-01-05'"),  # runs from a date, no end
    ("end: '2026-12-20'", "'2026-12-20'", "'2027-01-05'"),  # runs until the period's first day
]


@pytest.mark.parametrize("when, start, end", WRAPPED)
def test_a_theme_inside_a_period_across_the_turn_of_the_year_is_reported(content, when, start, end):
    write_tree(content, {"themes/customer-stories.yml": f"title: Customer stories\n{when}\nchannels: linkedin\nserves: win-leads\n",
                         "quiet-periods/holidays.yml": f"title: Holidays\nreason: mourning\nstart: {start}\nend: {end}\n"})
    found = [d for d in check(content, as_of=AS_OF).diagnostics if d.code == "PB235"]
    assert [(d.file, d.line) for d in found] == [("themes/customer-stories.yml", 2)], found


@pytest.mark.parametrize("when", ["months: [2, 11]", "start: '2027-01-06'", "end: '2026-12-19'"])
def test_a_theme_beside_the_period_is_not(content, when):
    write_tree(content, {"themes/customer-stories.yml": f"title: Customer stories\n{when}\nchannels: linkedin\nserves: win-leads\n",
                         "quiet-periods/holidays.yml": "title: Holidays\nstart: '2026-12-20'\nend: '2027-01-05'\n"})
    assert [d for d in check(content, as_of=AS_OF).diagnostics if d.code == "PB235"] == []


def test_the_guides_example_checks_as_the_guide_says(content):
    guide = (GOLDEN.parents[1] / "guide" / "docs" / "how-to" / "plan-quiet-periods.md").read_text(encoding="utf-8")
    (name, text), = re.findall(r"^```yaml\n# (quiet-periods/\S+)\n(.*?)^```", guide, re.M | re.S)
    write_tree(content, {name: text, "channels/facebook.yml": "title: Facebook\nplatform: Facebook\nvisibility: public\n",
                         "channels/x.yml": "title: X\nplatform: X\nvisibility: public\n"})
    assert [d.code for d in check(content, as_of=AS_OF).diagnostics] == []
    write_tree(content, {"themes/spring-campaign.yml": "title: Spring campaign\nmonths: [4]\nchannels: x\nserves: win-leads\n"})
    found = [d for d in check(content, as_of=AS_OF).diagnostics if d.code == "PB235"]
    assert [(d.file, d.line, d.column) for d in found] == [("themes/spring-campaign.yml", 2, 9)]
    assert "quiet period 'county-election-2027' (2027-03-29 to 2027-05-06)" in found[0].message


@pytest.mark.parametrize("today", ["2026-01-15", "2026-04-20", "2026-05-06", "2026-05-07", "2026-12-06"])
def test_the_public_agency_templates_election_is_always_on_its_calendar_and_clear(tmp_path, today):
    from playbook.scaffold.starter import init
    day = dt.date.fromisoformat(today)
    init(tmp_path / "plan", day, template="public-agency")
    result = check(tmp_path / "plan" / "content", as_of=day)
    assert result.diagnostics == []
    pages = {p.path: p.markdown for p in render_site(result, SiteOptions(edition="public", as_of=day))}
    assert "County council election</a>: <time" in pages["calendar.md"]
