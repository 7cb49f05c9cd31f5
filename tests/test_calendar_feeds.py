"""Each person's due list as a calendar feed in the site: only in editions that show due lists,
only the person's own items, only what the edition shows; the person's page links to it.

The feeds are made by the real `build_site`, written by the real MkDocs build and by
`playbook render`, and read back with the `icalendar` library.
"""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

import icalendar
import pytest

from playbook.check.checker import check
from playbook.site.all_pages import SiteOptions, build_site

from .contenttree import copy_minimal, write_tree
from .sitebuild import mkdocs_build, write_project

DAY = dt.date(2026, 6, 1)
PEOPLE = {
    "people/ada.yml": "title: Ada Park\n",
    "people/ben.yml": "title: Ben Cole\n",
    "policies/posting.yml": "title: Posting policy\ntype: policy\nstatus: active\nowner: ada\nreview_date: '2026-05-15'\n",
    "initiatives/launch-webinars.yml": "title: Launch\nphase: One\nstart: '2026-01-01'\nend: '2027-12-31'\nowner: ben\n"
                                       "milestones: [{title: Second, date: '2026-07-01'}]\n",
}


@pytest.fixture
def content(tmp_path):
    root = copy_minimal(tmp_path / "content")
    write_tree(root, PEOPLE)
    return root


def feeds(root, edition="internal", **options) -> dict[str, dict[str, dt.date]]:
    """Feed path -> {event summary: date} in the edition's site."""
    site = build_site(check(root, as_of=DAY), SiteOptions(edition=edition, as_of=DAY, **options))
    return {path: {str(e["summary"]): e.decoded("dtstart") for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}
            for path, data in site.files.items() if path.endswith(".ics")}


def page(root, path, edition="internal", **options) -> str:
    site = build_site(check(root, as_of=DAY), SiteOptions(edition=edition, as_of=DAY, **options))
    return next(p.markdown for p in site.pages if p.path == path)


def test_each_person_gets_a_feed_of_their_own_items(content):
    assert feeds(content) == {
        "calendars/ada.ics": {"Review of policy 'Posting policy'": dt.date(2026, 5, 15)},
        "calendars/ben.ics": {"Milestone of initiative 'Launch': Second": dt.date(2026, 7, 1)}}


def test_a_person_with_nothing_due_gets_an_empty_feed_with_their_name(content):
    write_tree(content, {"people/cy.yml": "title: Cy Lane\n"})
    site = build_site(check(content, as_of=DAY), SiteOptions(as_of=DAY))
    calendar = icalendar.Calendar.from_ical(site.files["calendars/cy.ics"])
    assert calendar.walk("VEVENT") == [] and str(calendar["x-wr-calname"]) == "What is due: Cy Lane"


def test_the_public_edition_has_no_feed_and_no_subscribe_link(content):
    write_tree(content, {"people/ada.yml": "title: Ada Park\nvisibility: public\n"})
    assert feeds(content, "public") == {}
    assert "pb-subscribe" not in page(content, "people/ada.md", "public")


HIDDEN = {  # each plants one confidential thing that would put an item, or its words, in Ada's internal feed
    "kpi": {"kpis/secret-kpi.yml": "title: Zqsecret reach\nvisibility: confidential\nowner: ada\nmeasures: win-leads\n"
                                   "unit: posts\ndirection: increase\nbaseline: {value: 1, date: '2026-05-01'}\n"
                                   "target: {value: 9, date: '2026-12-31'}\nsource: Zqsecret\ncadence: weekly\n"},
    "policy": {"policies/secret.yml": "title: Zqsecret policy\nvisibility: confidential\ntype: policy\nstatus: active\n"
                                      "owner: ada\nreview_date: '2026-06-20'\n"},
    "milestone": {"initiatives/secret.yml": "title: Zqsecret launch\nvisibility: confidential\nphase: One\nowner: ada\n"
                                            "start: '2026-01-01'\nend: '2027-12-31'\nmilestones: [{title: Zqsecret, date: '2026-08-01'}]\n"},
    "withheld measurements": {"kpis/qualified-leads.yml": None, "kpis/qualified-leads.md":
                              "---\ntitle: Qualified leads from social\nowner: ada\nmeasures: win-leads\nunit: leads\n"
                              "direction: increase\nbaseline: {value: 10, date: '2026-01-01'}\n"
                              "target: {value: 90, date: '2026-12-31'}\nsource: CRM\ncadence: monthly\n"
                              "measurements_visibility: confidential\n---\n"},
    "access review": {"channels/linkedin.yml": None, "channels/secret.yml":
                      "title: LinkedIn\nplatform: LinkedIn\naccounts:\n  - {handle: '@zqsecret', custodian: ada, "
                      "access_reviewed: '2026-01-01', visibility: confidential}\n"},
}


@pytest.mark.parametrize("what", HIDDEN)
def test_a_feed_holds_nothing_the_edition_hides(content, what):
    write_tree(content, HIDDEN[what])
    confidential = feeds(content, "confidential")["calendars/ada.ics"]
    internal = feeds(content)["calendars/ada.ics"]
    assert len(confidential) == 2  # the scan can see the planted item
    assert internal == {"Review of policy 'Posting policy'": dt.date(2026, 5, 15)}


def test_a_hidden_person_has_no_feed_and_their_items_go_to_no_one(content):
    write_tree(content, {"people/ada.yml": "title: Ada Park\nvisibility: confidential\n"})
    assert "calendars/ada.ics" not in feeds(content)
    assert "Posting policy" not in str(feeds(content))
    assert "calendars/ada.ics" in feeds(content, "confidential")


@pytest.mark.parametrize("directory_urls, href", [(True, "../../calendars/ada.ics"), (False, "../calendars/ada.ics")])
def test_the_subscribe_link_points_at_the_feed(content, directory_urls, href):
    markdown = page(content, "people/ada.md", directory_urls=directory_urls)
    assert re.search(rf'<a href="{re.escape(href)}" type="text/calendar" class="pb-subscribe">', markdown)


def test_the_built_site_serves_each_feed_where_the_link_points(tmp_path, content):
    project = write_project(tmp_path / "p", {})
    content.rename(project / "content")
    built = mkdocs_build(project)
    assert built.returncode == 0, built.stderr
    html = (project / "site/people/ada/index.html").read_text(encoding="utf-8")
    href = re.search(r'<a href="([^"]+)" type="text/calendar"', html).group(1)
    feed = (project / "site/people/ada" / href).resolve()
    assert feed == (project / "site/calendars/ada.ics").resolve()
    assert [str(e["summary"]) for e in icalendar.Calendar.from_ical(feed.read_bytes()).walk("VEVENT")] == [
        "Review of policy 'Posting policy'"]


def test_render_writes_the_feeds_for_other_builders(tmp_path, content):
    project = write_project(tmp_path / "p", {})
    content.rename(project / "content")
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "playbook", "render", "--config", str(project / "mkdocs.yml"),
                           str(out), "--as-of", "2026-06-01"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (out / "docs/calendars").iterdir()) == ["ada.ics", "ben.ics"]
    public = tmp_path / "public"
    subprocess.run([sys.executable, "-m", "playbook", "render", "--config", str(project / "mkdocs.yml"),
                    str(public), "--edition", "public", "--as-of", "2026-06-01"], check=True, capture_output=True)
    assert not (public / "docs/calendars").exists()
