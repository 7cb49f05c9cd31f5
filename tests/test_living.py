"""A living playbook: `playbook measure` writes check-ins into real files, `playbook due` lists
what falls due in every format, and the site's "What's due" page follows the edition."""
from __future__ import annotations

import datetime as dt
import json

import icalendar
import pytest

from playbook.check.checker import check
from playbook.cli.commands import main
from playbook.site.all_pages import SiteOptions, render_site

from .contenttree import copy_minimal, write_tree
from .test_operations import rows
from .test_scaffold import run

CSV = "measurements/qualified-leads.csv"


@pytest.fixture
def content(tmp_path):
    return copy_minimal(tmp_path / "content")


def measure(capsys, content, *argv):
    return run(capsys, "measure", "qualified-leads", *argv, "--content", str(content), "--as-of", "2026-06-01")


def test_a_check_in_is_appended_and_the_status_change_told(content, capsys):
    before = (content / CSV).read_text(encoding="utf-8")
    code, out, _ = measure(capsys, content, "12", "--date", "2026-05-20", "--note", 'counted, "by hand"')
    assert code == 0 and "added 2026-05-20 = 12" in out and "is off track as of 2026-06-01 (was on track)" in out
    assert (content / CSV).read_text(encoding="utf-8") == before + '2026-05-20,12,"counted, ""by hand"""\n'
    assert not check(content, as_of=dt.date(2026, 6, 1)).errors


def test_the_files_own_line_endings_and_byte_order_mark_are_kept(content, capsys):
    raw = b"\xef\xbb\xbf" + (content / CSV).read_bytes().replace(b"\n", b"\r\n")
    (content / CSV).write_bytes(raw)
    assert measure(capsys, content, "70", "--date", "2026-05-15")[0] == 0
    assert (content / CSV).read_bytes() == raw + b"2026-05-15,70,\r\n"


@pytest.mark.parametrize("argv, words", [
    (["66", "--date", "2026-05-01"], "already holds 2026-05-01"),
    (["4,6", "--date", "2026-05-20"], "'4,6' is ambiguous"),
    (["sixty", "--date", "2026-05-20"], "'sixty' is not a number"),
    (["nan", "--date", "2026-05-20"], "'nan' is not a number"),
    (["1e20", "--date", "2026-05-20"], "not a number between"),
])
def test_check_ins_that_would_break_the_file_are_refused(content, capsys, argv, words):
    before = (content / CSV).read_bytes()
    code, _, err = measure(capsys, content, *argv)
    assert code == 2 and words in err
    assert (content / CSV).read_bytes() == before


def test_a_date_before_the_last_row_goes_in_date_order(content, capsys):
    lines = (content / CSV).read_text(encoding="utf-8").splitlines()
    assert measure(capsys, content, "30", "--date", "2026-02-15")[0] == 0
    assert (content / CSV).read_text(encoding="utf-8").splitlines() == lines[:3] + ["2026-02-15,30,"] + lines[3:]


def test_replace_rewrites_the_row_in_place(content, capsys):
    lines = (content / CSV).read_text(encoding="utf-8").splitlines()
    code, out, _ = measure(capsys, content, "45", "--date", lines[2].split(",")[0], "--replace")
    assert code == 0 and out.startswith("replaced")
    after = (content / CSV).read_text(encoding="utf-8").splitlines()
    assert after[:2] + after[3:] == lines[:2] + lines[3:] and after[2] == f"{lines[2].split(',')[0]},45,"


def test_unknown_kpis_and_bad_dates_are_usage_errors_and_broken_files_content_errors(content, capsys):
    assert "did you mean 'qualified-leads'" in run(capsys, "measure", "qualified-lead", "1", "--content", str(content))[2]
    with pytest.raises(SystemExit):
        main(["measure", "qualified-leads", "1", "--date", "2026-02-30", "--content", str(content)])
    (content / CSV).write_text("date,value\n2026-01-01,x\n", encoding="utf-8")
    code, _, err = measure(capsys, content, "5", "--date", "2026-05-20")
    assert code == 1 and err.splitlines()[-1].startswith(f"{content / CSV}:2:12: error PB020 'x' is not a number")


def test_a_kpi_without_a_file_gets_one(content, capsys):
    (content / CSV).unlink()
    assert measure(capsys, content, "40", "--date", "2026-04-01")[0] == 0
    assert (content / CSV).read_text(encoding="utf-8") == "date,value,note\n2026-04-01,40,\n"


DUE = {
    "policies/p.yml": "title: Posting policy\ntype: policy\nstatus: active\nowner: ada\nreview_date: '2026-05-15'\n",
    "people/ada.yml": "title: Ada Park\n",
    "initiatives/launch-webinars.yml": "title: Launch\nphase: One\nstart: '2026-01-01'\nend: '2027-12-31'\nowner: Ben\n"
                                       "milestones: [{title: First, date: '2026-03-01', done: true}, {title: Second, date: '2026-07-01'}]\n",
}


def test_due_lists_overdue_first_in_every_format(content, capsys):
    write_tree(content, DUE)
    base = ["due", "--content", str(content), "--as-of", "2026-06-01"]
    code, text, _ = run(capsys, *base)
    assert code == 0 and [" ".join(line.split()) for line in text.splitlines()] == [
        "2026-05-15 overdue by 17 days review of policy 'Posting policy' (Ada Park)",
        "2026-06-01 due today measurement of kpi 'Qualified leads from social'",
        "2026-07-01 in 30 days milestone of initiative 'Launch': Second (Ben)",
        "3 due, 1 overdue, as of 2026-06-01."]
    items = json.loads(run(capsys, *base, "--format", "json")[1])
    assert [(i["what"], i["owner_id"], i["overdue"]) for i in items] == [
        ("review", "ada", True), ("measurement", None, False), ("milestone", None, False)]
    markdown = run(capsys, *base, "--format", "markdown")[1]
    assert "| 2026-05-15 | overdue by 17 days | review of policy 'Posting policy' | Ada Park |" in markdown
    assert [i["what"] for i in json.loads(run(capsys, *base, "--format", "json", "--owner", "ADA")[1])] == ["review"]
    assert len(json.loads(run(capsys, *base, "--format", "json", "--within", "5")[1])) == 2


def test_the_calendar_file_is_valid_and_its_uids_stable(content, capsys):
    write_tree(content, DUE)
    first = icalendar.Calendar.from_ical(run(capsys, "due", "--content", str(content), "--as-of", "2026-06-01",
                                             "--format", "ics")[1])
    run(capsys, "measure", "qualified-leads", "75", "--date", "2026-06-01", "--content", str(content))
    second = icalendar.Calendar.from_ical(run(capsys, "due", "--content", str(content), "--as-of", "2026-06-02",
                                              "--format", "ics")[1])
    events = [{str(e["uid"]): e.decoded("dtstart") for e in cal.walk("VEVENT")} for cal in (first, second)]
    assert set(events[0]) == set(events[1]) and len(events[0]) == 3
    uid = "measurement-kpi-qualified-leads@playbook.invalid"
    assert events[0][uid] == dt.date(2026, 6, 1) and events[1][uid] == dt.date(2026, 7, 2)


def test_the_due_page_groups_by_owner_and_follows_the_edition(content):
    write_tree(content, {**DUE, "policies/p.yml": DUE["policies/p.yml"] + "visibility: public\n",
                         "kpis/qualified-leads.yml": (content / "kpis/qualified-leads.yml").read_text(encoding="utf-8")
                         + "owner: ada\n"})
    result = check(content, as_of=dt.date(2026, 6, 1))
    internal = {p.path: p for p in render_site(result, SiteOptions(as_of=result.as_of))}
    page = internal["due.md"].markdown
    assert page.index("Ada Park") < page.index("Ben") and "Overdue" in page
    assert ["1 Jun 2026", "measurement", "Qualified leads from social"] in rows(internal["people/ada.md"])
    public = {p.path: p for p in render_site(result, SiteOptions(edition="public", as_of=result.as_of))}
    assert "due.md" not in public  # who is due to do what is an internal detail
    write_tree(content, {"people/ada.yml": "title: Ada Park\nvisibility: confidential\n"})
    result = check(content, as_of=dt.date(2026, 6, 1))
    internal = {p.path: p for p in render_site(result, SiteOptions(as_of=result.as_of))}["due.md"].markdown
    assert "Ada Park" not in internal and "a restricted item" in internal and "Posting policy" in internal
