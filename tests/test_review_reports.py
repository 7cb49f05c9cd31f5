"""A report as a review's record: `playbook report --record --review ID` logs the report for a
review whose output is a report, and that entry counts as the review's record for PB244 and
`playbook due`. What PB249 reports of the log is in tests/golden/pb249-*."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from playbook.check.checker import check
from playbook.cli.commands import main
from playbook.content.report_log import parse_report_log

from .contenttree import copy_minimal, write_tree

AS_OF = "2026-11-30"
REVIEWS = {
    "reviews/monthly-report.yml": "title: Monthly report to managers\ncadence: monthly\nstarts: '2026-09-30'\n"
                                  "output: report\nheld: [{date: '2026-09-30'}, {date: '2026-10-31'}]\n",
    "reviews/platform-review.yml": "title: Quarterly platform review\ncadence: quarterly\nstarts: '2026-09-01'\n"
                                   "output: decision\nheld: [{date: '2026-09-01'}]\n",
    "reviews/retreat.yml": "title: Annual retreat\ncadence: annual\nstarts: '2026-03-01'\nheld: [{date: '2026-03-01'}]\n",
}


@pytest.fixture
def content(tmp_path):
    return write_tree(copy_minimal(tmp_path / "content"), dict(REVIEWS))


def report(content, *args: str) -> int:
    out = content.parent / "book.html"
    return main(["report", str(content), "--out", str(out), "--as-of", AS_OF, *args])


NEXT_DAY = "2026-12-01"  # the day after the report: its 30 November occurrence is past


def pb244(content) -> list[str]:
    return [d.message for d in check(content, as_of=dt.date.fromisoformat(NEXT_DAY)).diagnostics if d.code == "PB244"]


def test_a_recorded_report_is_the_record_of_the_review_it_names(content, capsys):
    assert any("monthly-report" in m for m in pb244(content))  # its 30 November report is not on record yet
    assert report(content, "--record", "--review", "monthly-report") == 0
    log = (content / "reports.yml").read_text(encoding="utf-8")
    assert '- date: 2026-11-30\n  review: "monthly-report"\n' in log
    assert not any("monthly-report" in m for m in pb244(content))
    capsys.readouterr()
    assert main(["due", "--content", str(content), "--format", "json", "--as-of", NEXT_DAY]) == 0
    due = [i["date"] for i in json.loads(capsys.readouterr().out) if i["id"] == "monthly-report"]
    assert due == ["2026-12-30"]


def test_a_report_with_a_meeting_and_a_meeting_date_records_that_date(content):
    assert report(content, "--record", "--review", "monthly-report", "--meeting", "Managers",
                  "--meeting-date", "2026-11-28") == 0
    reports, problems = parse_report_log((content / "reports.yml").read_text(encoding="utf-8"))
    assert problems == [] and [(r.day, r.meeting, r.review) for r in reports] == \
        [(dt.date(2026, 11, 28), "Managers", "monthly-report")]
    assert not any("monthly-report" in m for m in pb244(content))  # two days from its day: within half a month


def test_a_report_recorded_without_a_review_is_no_review_s_record(content):
    assert report(content, "--record") == 0
    assert "review" not in (content / "reports.yml").read_text(encoding="utf-8")
    assert any("monthly-report" in m for m in pb244(content))


@pytest.mark.parametrize("args, words", [
    (["--review", "monthly-report"], "goes with --record"),
    (["--record", "--review", "monthly-reprot"], "no review 'monthly-reprot'"),
    (["--record", "--review", "platform-review"], "does not produce a report"),
    (["--record", "--review", "retreat"], "does not produce a report"),
    (["--record", "--review", "win-leads"], "no review 'win-leads'"),
    (["--record", "--review", "Monthly Report"], "is not an id"),
])
def test_a_review_that_cannot_take_the_report_is_a_usage_error_and_nothing_is_written(content, capsys, args, words):
    try:
        code = report(content, *args)
    except SystemExit as exit_:  # refused by the argument's type
        code = exit_.code
    assert code == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert not (content / "reports.yml").exists() and not (content.parent / "book.html").exists()


@pytest.mark.parametrize("edition, shown", [("public", False), ("internal", True)])
def test_a_report_logged_for_a_hidden_review_stays_out_of_an_edition_that_hides_it(content, capsys, edition, shown):
    write_tree(content, {"reviews/monthly-report.yml": REVIEWS["reviews/monthly-report.yml"] + "visibility: internal\n",
                         "reports.yml": "- date: 2026-11-30\n  review: monthly-report\n"})
    from playbook.check.edition import project
    copy = project(check(content, as_of=dt.date.fromisoformat(AS_OF)), edition)
    assert bool(copy.graph.reports) == shown
    assert not [d for d in copy.diagnostics if d.code == "PB249"]
