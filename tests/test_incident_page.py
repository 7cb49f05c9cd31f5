"""The incident page on a phone in a hurry: one tap from every page, tap-to-call for the decision
maker and the deputy where the edition shows their phone, the procedure's steps inline, a card
per channel, and the procedures, tactics and people of the mode linking to it.

Each test renders the golden `clean-operations` playbook (an incident mode in use), changed
one way, with the real engine in the edition named.
"""
from __future__ import annotations

import re
import shutil

import pytest

from playbook.check.checker import check
from playbook.check.site_paths import page_url
from playbook.site.all_pages import SiteOptions, render_site

from .contenttree import GOLDEN, write_tree
from .test_mode_readiness import AS_OF
from .test_render import target_of

INCIDENT = "modes/incident.md"
REVIEWED = "owner: ada-park\nreview_date: '2027-01-01'\n"
ROLE_FILE = "title: Incident decision maker\nholders:\n"


def fresh(tmp_path, files: dict[str, str | None]):
    root = tmp_path / "content"
    shutil.copytree(GOLDEN / "clean-operations" / "content", root)
    return write_tree(root, files)


def pages(root, edition="internal", directory_urls=True) -> dict:
    result = check(root, as_of=AS_OF)
    assert result.errors == [], result.errors
    return {p.path: p for p in render_site(result, SiteOptions(edition, AS_OF, directory_urls))}


def calls(page) -> list[str]:
    return re.findall(r'href="(tel:[^"]*)"', page.markdown)


def person(name: str, phone: str, visibility: str = "internal", roles: str = "[team-lead]") -> str:
    return (f"title: {name}\nvisibility: public\nposition: Staff\ndepartment: sales\nroles: {roles}\n"
            f"contact: {{visibility: {visibility}, phone: '{phone}'}}\n")


# tap-to-call ------------------------------------------------------------------------------------------

CALLED = {
    "the decision maker's phone, spaces dropped": (
        {}, "internal", ["tel:+441524000001"]),
    "decision maker and deputy, in the role file's order": (
        {"people/cy.yml": person("Cy Deputy", "+44 (0)1524 000 002"),
         "roles/incident-decision-maker.yml": ROLE_FILE + "  - {person: ada-park}\n  - {person: cy}\n"},
        "internal", ["tel:+441524000001", "tel:+4401524000002"]),
    "the third holder, an alternate, gets no call link": (
        {"people/cy.yml": person("Cy Deputy", "+44 1524 000 002"),
         "people/di.yml": person("Di Third", "+44 1524 000 003"),
         "roles/incident-decision-maker.yml": ROLE_FILE + "  - {person: ada-park}\n  - {person: cy}\n  - {person: di}\n"},
        "internal", ["tel:+441524000001", "tel:+441524000002"]),
    "someone outside the staff list, with a contact the edition shows": (
        {"roles/incident-decision-maker.yml": ROLE_FILE
         + "  - {name: Olga Outside, organization: Police, contact: {visibility: internal, phone: '999 123'}}\n"
         + "  - {person: ada-park}\n"},
        "internal", ["tel:999123", "tel:+441524000001"]),
    "a public contact in the public edition": (
        {"people/ada-park.yml": person("Ada Park", "+44 1524 000 001", "public",
                                       "[team-lead, incident-decision-maker]"),
         "tactics/status-updates.yml": "title: Service status updates\ntype: share\nmodes: [incident]\nserves: win-leads\n"
                                       "channels: linkedin\nvisibility: public\n"},
        "public", ["tel:+441524000001"]),
}


@pytest.mark.parametrize("files, edition, expected", CALLED.values(), ids=CALLED.keys())
def test_the_decision_maker_and_the_deputy_can_be_called_with_one_tap(tmp_path, files, edition, expected):
    page = pages(fresh(tmp_path, files), edition)[INCIDENT]
    assert calls(page) == expected
    assert re.search(r'class="pb-calls"><a href="tel:[^"]+" class="md-button pb-call">Call [A-Z][a-z]+ [A-Z][a-z]+: [+0-9]',
                     page.markdown)


HIDDEN = {
    "an internal contact in the public edition": (
        {"people/ada-park.yml": person("Ada Park", "+44 1524 000 001", "internal", "[team-lead, incident-decision-maker]"),
         "tactics/status-updates.yml": "title: Service status updates\ntype: share\nmodes: [incident]\nserves: win-leads\n"
                                       "channels: linkedin\nvisibility: public\n"}, "public"),
    "a confidential contact in the internal edition": (
        {"people/ada-park.yml": person("Ada Park", "+44 1524 000 001", "confidential", "[team-lead, incident-decision-maker]")},
        "internal"),
    "a confidential outside holder in the internal edition": (
        {"people/ada-park.yml": "title: Ada Park\nposition: Head\nroles: [team-lead]\n",
         "roles/incident-decision-maker.yml": ROLE_FILE
         + "  - {name: Olga Outside, contact: {visibility: confidential, phone: '+44 1524 000 009'}}\n"}, "internal"),
    "a hidden person as the deputy": (
        {"people/cy.yml": person("Cy Deputy", "+44 1524 000 002").replace("visibility: public", "visibility: confidential"),
         "people/ada-park.yml": "title: Ada Park\nposition: Head\nroles: [team-lead]\n",
         "roles/incident-decision-maker.yml": ROLE_FILE + "  - {person: cy}\n"}, "internal"),
    "a phone that is no number": (
        {"people/ada-park.yml": "title: Ada Park\nposition: Head\nroles: [team-lead, incident-decision-maker]\n"
                                "contact: {phone: '(- -) /.'}\n"}, "internal"),
}


@pytest.mark.parametrize("files, edition", HIDDEN.values(), ids=HIDDEN.keys())
def test_no_call_link_where_the_edition_does_not_show_the_phone(tmp_path, files, edition):
    site = pages(fresh(tmp_path, files), edition)
    assert INCIDENT in site
    assert calls(site[INCIDENT]) == []
    assert not any("000 009" in p.markdown or "000009" in p.markdown for p in site.values())


# one tap from every page -------------------------------------------------------------------------------

@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_page_but_home_and_the_incident_page_links_to_it_at_its_top(tmp_path, directory_urls):
    site = pages(fresh(tmp_path, {}), directory_urls=directory_urls)
    for path, page in site.items():
        bar = re.search(r'<nav class="pb-mode-bar"[^>]*><a href="([^"]+)"', page.markdown)
        if path in ("index.md", INCIDENT):
            assert bar is None, path
            continue
        assert bar, path
        assert page.markdown.index("pb-mode-bar") < page.markdown.index("<h1"), path  # above the title
        assert target_of(site, path, bar.group(1), directory_urls) == INCIDENT, (path, bar.group(1))
    assert page_url(INCIDENT, directory_urls) in ("modes/incident/", "modes/incident.html")


def test_no_bar_when_no_mode_is_in_use(tmp_path):
    root = fresh(tmp_path, {"tactics/status-updates.yml": None,
                            "channels/linkedin.yml": "title: LinkedIn\nplatform: LinkedIn\nowner: ben-ortiz\n"})
    site = pages(root)
    assert INCIDENT not in site and not any("pb-mode-bar" in p.markdown for p in site.values())


# the page's parts, and the pages that link to it --------------------------------------------------------

def test_the_procedure_steps_are_inline_and_each_channel_has_a_card(tmp_path):
    root = fresh(tmp_path, {
        "policies/escalate.md": "---\ntitle: Escalation procedure\ntype: procedure\nstatus: active\nmodes: [incident]\nowner: ada-park\nreview_date: '2027-01-01'\n---\n"
                                "1. Call the decision maker.\n2. Pause scheduled posts.\n",
        "channels/facebook.yml": "title: Facebook\nplatform: Facebook\nowner: ben-ortiz\nposting:\n"
                                 "  - {mode: incident, frequency: {per: day, min: 3, max: 3}, first_response: within an hour}\n"})
    page = pages(root)[INCIDENT].markdown
    assert re.search(r"<li>Call the decision maker\.</li>\s*<li>Pause scheduled posts\.</li>", page)
    cards = re.findall(r'<div class="pb-card"><h3>(.*?)</h3>', page)
    assert [re.sub("<[^>]+>", "", c) for c in cards] == ["Facebook", "LinkedIn"]
    assert "<table" not in page.split("How often to post")[1]


LINKED = {
    "a tactic of the mode": ({}, "tactics/status-updates.md"),
    "a procedure of the mode": ({"policies/escalate.yml": "title: Escalate\ntype: procedure\nstatus: active\nmodes: [incident]\n" + REVIEWED},
                                "policies/escalate.md"),
    "the holder of a role made for the mode": ({}, "people/ada-park.md"),
    "a holder listed in the role file": (
        {"people/cy.yml": person("Cy Deputy", "+44 1"),
         "roles/incident-decision-maker.yml": ROLE_FILE + "  - {person: ada-park}\n  - {person: cy}\n"}, "people/cy.md"),
    "a guideline tied to the mode": ({"policies/tone.yml": "title: Tone\ntype: guideline\nstatus: active\nmodes: incident\n" + REVIEWED},
                                     "policies/tone.md"),
}


@pytest.mark.parametrize("files, path", LINKED.values(), ids=LINKED.keys())
def test_the_procedures_tactics_and_people_of_the_mode_link_to_its_page(tmp_path, files, path):
    site = pages(fresh(tmp_path, files))
    page = site[path].markdown
    links = re.findall(r'<a href="([^"]+)" class="md-button pb-mode-button">In an incident</a>', page)
    assert [target_of(site, path, href) for href in links] == [INCIDENT]


@pytest.mark.parametrize("path", ["tactics/webinars.md", "people/ben-ortiz.md", "goals/win-leads.md", "channels/linkedin.md",
                                  "kpis/qualified-leads.md"])
def test_other_pages_carry_no_such_button(tmp_path, path):
    page = pages(fresh(tmp_path, {}))[path].markdown
    assert "pb-mode-button" not in page and "pb-mode-bar" in page
