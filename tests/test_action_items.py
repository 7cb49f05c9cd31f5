"""Action items: an initiative's numbered steps, each with an owner, a due date and a state.
They are numbered by their place in the list, listed by `playbook due` (and its calendar) while
still to be done, shown on the initiative's page, the roadmap and the book, and an open or
blocked one past its date reads "overdue". Each test runs the real command or pages on a copy of
the minimal playbook.
"""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from playbook.check.checker import check
from playbook.cli.commands import main
from playbook.outputs.briefing_book import report_html
from playbook.site.all_pages import SiteOptions, render_site

from .contenttree import copy_minimal, write_tree

DAY = dt.date(2026, 6, 1)
ITEMS = {  # title -> the fields after the title
    "Zqopen": "due: '2026-05-01'\n    state: open",
    "Zqblocked": "due: '2026-05-01'\n    state: blocked",
    "Zqunknown": "due: '2026-05-01'",
    "Zqdone": "due: '2026-05-01'\n    state: done",
    "Zqdropped": "due: '2026-05-01'\n    state: dropped",
    "Zqlater": "due: '2026-07-01'\n    state: open",
    "Zqundated": "state: open",
}


def playbook(tmp_path, items: dict[str, str], extra: str = ""):
    written = "".join(f"  - title: {title}\n" + (f"    {fields}\n" if fields else "") for title, fields in items.items())
    text = ("title: Launch the webinar series\nphase: Foundation\nstart: '2026-01-01'\nend: '2027-12-31'\n"
            f"owner: Ada Initiative\n{extra}action_items:\n" + written)
    return write_tree(copy_minimal(tmp_path / "content"), {"initiatives/launch-webinars.yml": text})


def due(capsys, root, form: str = "json"):
    assert main(["due", "--content", str(root), "--format", form, "--as-of", DAY.isoformat()]) == 0
    out = capsys.readouterr().out
    return out if form != "json" else [item for item in json.loads(out) if item["what"] == "action item"]


def pages(root, edition: str = "internal") -> dict[str, str]:
    return {p.path: p.markdown for p in render_site(check(root, as_of=DAY), SiteOptions(edition=edition, as_of=DAY))}


@pytest.mark.parametrize("title, listed, overdue", [
    ("Zqopen", True, True),
    ("Zqblocked", True, True),
    ("Zqunknown", True, False),
    ("Zqlater", True, False),
    ("Zqdone", False, False),
    ("Zqdropped", False, False),
    ("Zqundated", False, False),
])
def test_due_lists_what_is_still_to_be_done_and_never_an_unknown_one_as_overdue(tmp_path, capsys, title, listed, overdue):
    items = due(capsys, playbook(tmp_path, {title: ITEMS[title]}))
    assert [i["detail"] for i in items] == ([f"1. {title}"] if listed else [])
    if listed:
        assert items[0]["overdue"] is overdue


def test_items_are_numbered_by_their_place_and_owned_by_their_own_owner_else_the_initiatives(tmp_path, capsys):
    root = playbook(tmp_path, {"Zqdone": ITEMS["Zqdone"], "Zqmine": "owner: Bo Item\n    due: '2026-06-10'\n    state: open",
                               "Zqtheirs": "due: '2026-06-20'\n    state: open"})
    items = due(capsys, root)
    assert [(i["detail"], i["owner"]) for i in items] == [("2. Zqmine", "Bo Item"), ("3. Zqtheirs", "Ada Initiative")]


def test_the_calendar_feed_and_the_text_list_carry_the_items(tmp_path, capsys):
    root = playbook(tmp_path, {"Zqopen": ITEMS["Zqopen"], "Zqlater": ITEMS["Zqlater"]})
    text = due(capsys, root, "text")
    assert "action item of initiative 'Launch the webinar series': 1. Zqopen" in text
    assert re.search(r"overdue by 31 days\s+action item of initiative 'Launch the webinar series': 1\. Zqopen", text)
    ics = due(capsys, root, "ics")
    assert "2. Zqlater" in ics and "DTSTART;VALUE=DATE:20260701" in ics


def test_the_rule_reports_open_and_blocked_items_past_their_date_only(tmp_path):
    result = check(playbook(tmp_path, ITEMS), as_of=DAY)
    found = sorted(d.message.split("(")[1].split(")")[0] for d in result.diagnostics if d.code == "PB245")
    assert found == ["'Zqblocked'", "'Zqopen'"]


def test_the_roadmap_counts_every_state_and_marks_an_overdue_item_in_words(tmp_path):
    page = pages(playbook(tmp_path, ITEMS))["roadmap.md"]
    part = page[page.index("## Action items"):]
    counts = part[part.index('class="pb-item-counts"'):].split("</p>", 1)[0]
    assert counts.endswith(">2 overdue, 2 open, 1 unknown, 1 done, 1 dropped.")
    ahead, closed = part.split("Done and dropped action items (2)", 1)
    row = ahead[re.search(r"<td[^>]*>1\. Zqopen", ahead).start():].split("</tr>", 1)[0]
    assert 'pb-state--overdue">overdue<' in row
    assert "Zqdone" in closed and "Zqdropped" in closed and "Zqdone" not in ahead
    assert re.search(r">4\. Zqdone<", closed)  # its number is its place in the list


def test_the_initiative_page_lists_its_items_once_with_numbers(tmp_path):
    page = pages(playbook(tmp_path, {"Zqopen": "owner: Bo Item\n    " + ITEMS["Zqopen"], "Zqlater": ITEMS["Zqlater"]}))[
        "initiatives/launch-webinars.md"]
    assert page.count("Zqopen") == 1 and page.count("Zqlater") == 1
    assert re.search(r">1\. Zqopen</td><td[^>]*>Bo Item</td>", page)
    assert re.search(r">2\. Zqlater</td><td[^>]*><span class=\"pb-empty\">not named", page)


def test_the_book_shows_the_items_in_its_roadmap_part(tmp_path):
    html = report_html(check(playbook(tmp_path, ITEMS), as_of=DAY), "internal")
    part = html[html.index('id="roadmap"'):]
    assert "Zqopen" in part and "Zqlater" in part and 'pb-state--overdue">overdue<' in part
    assert "Done and dropped action items (2)" in part


def test_a_hidden_owner_reads_restricted_in_the_public_edition(tmp_path):
    root = playbook(tmp_path, {"Zqopen": "owner: zqsecret\n    " + ITEMS["Zqopen"]}, extra="visibility: public\n")
    write_tree(root, {"people/zqsecret.yml": "title: Zq Secret Person\nvisibility: confidential\nposition: Lead\n"})
    for edition in ("public", "internal"):
        shown = pages(root, edition)
        page = shown["initiatives/launch-webinars.md"]
        assert "Zqopen" in page and "a restricted item" in page, edition
        assert not [path for path, text in shown.items() if "zqsecret" in text.lower() or "Zq Secret" in text], edition


@pytest.mark.parametrize("item, code", [
    ("{title: Zq, number: 3}", "PB012"),  # numbers are never written: the place in the list is the number
    ("{title: Zq, state: late}", "PB013"),
    ("{title: Zq, state: planned}", "PB013"),  # a milestone's word, not an action item's
    ("{title: Zq, due: '2026-02-30'}", "PB014"),
    ("{owner: Ada}", "PB011"),
    ("{title: ''}", "PB015"),
    ("Just a title", "PB010"),
])
def test_a_malformed_item_is_reported_where_it_is_written(tmp_path, item, code):
    root = write_tree(copy_minimal(tmp_path / "content"), {"initiatives/launch-webinars.yml":
        "title: Launch\nphase: One\nstart: '2026-01-01'\nend: '2027-12-31'\naction_items: [" + item + "]\n"})
    found = [d for d in check(root, as_of=DAY).diagnostics if d.file == "initiatives/launch-webinars.yml"]
    assert [d.code for d in found] == [code] and found[0].line == 5
