"""The plan's own record (playbook.yml `plan`): read strictly, shown on the home page, the book's
cover and in StratML, its review listed by `playbook due`, and its `as_of` used by every command
that takes --as-of. Each test runs the real commands or pages on a copy of the minimal playbook.
"""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from playbook.check.checker import check
from playbook.cli.commands import main
from playbook.site.all_pages import SiteOptions, render_site

from .contenttree import copy_minimal, write_tree

RECORD = ("plan:\n  version: \"2.1\"\n  prepared: 2026-01-12\n  approved: 2026-02-03\n"
          "  approved_by: [ada-park, Board of directors]\n  authors: [ada-park]\n  review_cycle_months: 12\n")
ADA = "title: Ada Park\nvisibility: public\nposition: Head of marketing\n"


def playbook(tmp_path, config: str, files: dict | None = None):
    return write_tree(copy_minimal(tmp_path / "content"), {"playbook.yml": config, **(files or {})})


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


# -- read strictly: a broken record is a usage error naming file, line and column -----------------

@pytest.mark.parametrize("field, expected", [
    ("version: [2, 1]", r"playbook.yml:2:12: the plan's 'version' must be text"),
    ("prepared: 2026-02-30", r"playbook.yml:2:13: the plan's 'prepared': '2026-02-30' is not a date"),
    ("approved: soon", r"playbook.yml:2:13: the plan's 'approved': 'soon' is not a date"),
    ("approved_by: 7", r"playbook.yml:2:16: the plan's 'approved_by' names people by id or name"),
    ("authors: [ada-park, {name: Bo}]", r"playbook.yml:2:12: the plan's 'authors' names people"),
    ("review_cycle_months: 0", r"playbook.yml:2:24: the plan's 'review_cycle_months' must be a whole number of months from 1 to 60"),
    ("review_cycle_months: 61", r"from 1 to 60"),
    ("review_cycle_months: true", r"from 1 to 60"),
    ("next_review: 2300-01-01", r"playbook.yml:2:16: the plan's 'next_review': '2300-01-01' is outside the dates"),
    ("as_of: 20261231", r"playbook.yml:2:10: the plan's 'as_of': expected a date"),
    ("verison: \"2\"", r"playbook.yml:2:3: unknown plan field 'verison'"),
])
def test_a_broken_record_is_a_usage_error_with_its_place(tmp_path, capsys, field, expected):
    root = playbook(tmp_path, f"plan:\n  {field}\n")
    code, out, err = run(capsys, "validate", str(root))
    assert code == 2 and "Traceback" not in err
    assert re.search(expected, err), err


def test_a_plan_that_is_not_a_mapping_is_a_usage_error(tmp_path, capsys):
    code, __, err = run(capsys, "validate", str(playbook(tmp_path, "plan: [2.1]\n")))
    assert code == 2 and "'plan' must be a mapping" in err


# -- as_of set once ---------------------------------------------------------------------------------

STALE = "2030-01-01"  # long after the minimal KPI's last measurement: PB211 and PB212-free


@pytest.mark.parametrize("argv, says", [
    (("due", "--format", "text"), lambda out: out.rstrip().endswith("as of 2026-06-01.")),
    (("due", "--format", "markdown"), lambda out: out.startswith("## What is due as of 2026-06-01")),
    (("due", "--format", "ics"), lambda out: "DTSTAMP:20260601T000000Z" in out),
    (("export", "--format", "json"), lambda out: json.loads(out)["as_of"] == "2026-06-01"),
    (("export", "--format", "stratml"), lambda out: "<PublicationDate>2026-06-01</PublicationDate>" in out),
])
def test_as_of_in_playbook_yml_replaces_the_option(tmp_path, capsys, argv, says):
    root = playbook(tmp_path, "plan:\n  as_of: 2026-06-01\n")
    code, out, __ = run(capsys, *argv, "--content", str(root))
    assert code == 0 and says(out), out[:300]


def test_the_option_still_wins_over_playbook_yml(tmp_path, capsys):
    root = playbook(tmp_path, "plan:\n  as_of: 2026-06-01\n")
    assert check(root).as_of == dt.date(2026, 6, 1)
    assert check(root, as_of=dt.date(2030, 1, 1)).as_of == dt.date(2030, 1, 1)
    code, out, __ = run(capsys, "export", "--content", str(root), "--as-of", STALE)
    assert json.loads(out)["as_of"] == STALE


def test_date_rules_follow_the_as_of_in_playbook_yml(tmp_path, capsys):
    root = playbook(tmp_path, "plan:\n  as_of: 2030-01-01\n")
    code, out, __ = run(capsys, "validate", str(root))
    assert "PB211" in out  # the KPI's data is years old as of 2030
    root2 = playbook(tmp_path / "b", "plan:\n  as_of: 2026-06-01\n")
    code, out, __ = run(capsys, "validate", str(root2))
    assert code == 0 and "PB211" not in out


# -- the plan's review in `playbook due` ------------------------------------------------------------

@pytest.mark.parametrize("record, due", [
    ("approved: 2026-02-03\n  review_cycle_months: 12\n", "2027-02-03"),
    ("prepared: 2026-01-31\n  review_cycle_months: 1\n", "2026-02-28"),  # no approval: from preparation
    ("approved: 2026-02-03\n  review_cycle_months: 6\n  next_review: 2026-05-01\n", "2026-05-01"),  # explicit wins
    ("next_review: 2026-07-15\n", "2026-07-15"),
    ("approved: 2026-02-03\n  prepared: 2025-11-30\n  review_cycle_months: 3\n", "2026-05-03"),
])
def test_due_lists_the_plans_own_review(tmp_path, capsys, record, due):
    root = playbook(tmp_path, f"plan:\n  {record}  authors: ada-park\n", {"people/ada-park.yml": ADA})
    code, out, __ = run(capsys, "due", "--content", str(root), "--format", "json", "--as-of", "2026-06-01")
    plan = [item for item in json.loads(out) if item["kind"] == "plan"]
    assert plan == [{"date": due, "overdue": due < "2026-06-01", "what": "review", "kind": "plan", "id": "", "title": "",
                     "detail": "", "owner": "Ada Park", "owner_id": "ada-park", "uid": "review-plan"}]
    code, out, __ = run(capsys, "due", "--content", str(root), "--as-of", "2026-06-01", "--owner", "ada-park")
    assert f"{due}" in out and "review of the plan  (Ada Park)" in out


@pytest.mark.parametrize("record", ["", "plan:\n  version: \"3\"\n", "plan:\n  review_cycle_months: 12\n",
                                    "plan:\n  approved_by: ada-park\n  as_of: 2026-06-01\n"])
def test_no_review_falls_due_without_a_date_to_reckon_from(tmp_path, capsys, record):
    root = playbook(tmp_path, record)
    code, out, __ = run(capsys, "due", "--content", str(root), "--format", "json", "--as-of", "2026-06-01")
    assert code == 0 and not [item for item in json.loads(out) if item["kind"] == "plan"]


# -- shown on the home page, the book's cover and in StratML ----------------------------------------

def home(root, edition: str) -> str:
    pages = render_site(check(root, as_of=dt.date(2026, 6, 1)), SiteOptions(edition=edition, as_of=dt.date(2026, 6, 1)))
    return next(p.markdown for p in pages if p.path == "index.md")


def test_the_home_page_shows_the_record(tmp_path):
    root = playbook(tmp_path, RECORD, {"people/ada-park.yml": ADA})
    page = home(root, "internal")
    record = page[page.index("pb-plan-record"):]
    for text in ("Version", "2.1", "Prepared", 'datetime="2026-01-12"', "Approved by", ">Ada Park</a>",
                 "Board of directors", "Authors", "Next review", 'datetime="2027-02-03"'):
        assert text in record


def test_a_hidden_author_is_withheld_and_no_record_means_no_section(tmp_path):
    root = playbook(tmp_path, RECORD, {"people/ada-park.yml": ADA.replace("public", "confidential")})
    page = home(root, "internal")
    record = page[page.index("pb-plan-record"):]
    assert "Ada Park" not in page and "ada-park" not in page and "a restricted item" in record
    assert "pb-plan-record" not in home(playbook(tmp_path / "none", ""), "internal")


def test_the_book_cover_and_stratml_carry_the_record(tmp_path, capsys):
    root = playbook(tmp_path, RECORD, {"people/ada-park.yml": ADA})
    book = tmp_path / "book.html"
    assert main(["report", str(root), "--out", str(book), "--as-of", "2026-06-01"]) == 0
    html = book.read_text(encoding="utf-8")
    cover = html[html.index('class="pb-cover"'):html.index("</section>")]
    assert "2.1" in cover and "Ada Park" in cover and 'datetime="2027-02-03"' in cover
    code, out, __ = run(capsys, "export", "--content", str(root), "--format", "stratml", "--as-of", "2026-06-01")
    assert ("<OtherInformation>Plan version 2.1. Prepared 2026-01-12. Approved 2026-02-03. Approved by Ada Park, "
            "Board of directors. Authors: Ada Park. Next review 2027-02-03.</OtherInformation>") in out
