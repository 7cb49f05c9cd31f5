"""The issue-form check-in, end to end on recorded event payloads: `playbook
checkin-from-issue` runs on a playbook made by `playbook init`, with event files as GitHub
writes them for an opened issue, and its measurement files, reply and step outputs are read
back. A refused check-in writes nothing but the reply, and no reply repeats the submitter's
text."""
from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from playbook.check.checker import check
from playbook.cli.commands import main
from playbook.scaffold.starter import init

OWNER, DEPUTY, EDITOR = "sam-okafor-fellside", "priya-das-fellside", "lee-chan-fellside"
"""In the public-agency example, Sam Okafor owns alert-signups, Priya Das is his deputy
(and owns first-response-time), Lee Chan holds the editor role."""
KPI_OPTION = "alert-signups — Households signed up for alerts (%)"
CSV = "measurements/alert-signups.csv"
TODAY = dt.date.today()
"""The as-of day every check-in is run with, so that a run across midnight sees one day."""
DAY = next(TODAY - dt.timedelta(days=n) for n in range(2, 5) if (TODAY - dt.timedelta(days=n)).day != 1)
"""A day in the past that holds no measurement (the example measures on the first of each month)."""


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    folder = tmp_path_factory.mktemp("example") / "playbook"
    init(folder, TODAY, "public-agency")
    return folder


@pytest.fixture
def repo(example, tmp_path):
    return shutil.copytree(example, tmp_path / "playbook")


def body(kpi=KPI_OPTION, value="61.5", date=None, commentary="Sign-ups rose after the flood-season mailing."):
    """An issue body as GitHub writes it for the check-in form."""
    parts = [("KPI", kpi), ("Value", value), ("Date", DAY.isoformat() if date is None else date or "_No response_"),
             ("Commentary", commentary or "_No response_")]
    return "\n\n".join(f"### {heading}\n\n{answer}" for heading, answer in parts)


def event_file(tmp_path, author=OWNER, text=None, **fields):
    event = {"action": "opened", "issue": {"number": 7, "title": "Check-in", "user": {"login": author},
                                           "body": body(**fields) if text is None else text,
                                           "labels": [{"name": "playbook-checkin"}]},
             "sender": {"login": author}}
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    return path


def checkin(repo, tmp_path, capsys, author=OWNER, text=None, **fields):
    out, outputs = tmp_path / "out", tmp_path / "github-output"
    code = main(["checkin-from-issue", str(event_file(tmp_path, author, text, **fields)), "--out", str(out),
                 "--github-output", str(outputs), "--content", str(repo / "content"), "--as-of", TODAY.isoformat()])
    err = capsys.readouterr().err
    reply = (out / "reply.md").read_text(encoding="utf-8") if (out / "reply.md").exists() else ""
    return code, reply, outputs.read_text(encoding="utf-8") if outputs.exists() else "", out, err


def rows(repo):
    return (repo / "content" / CSV).read_text(encoding="utf-8").splitlines()


# a valid check-in ------------------------------------------------------------------

@pytest.mark.parametrize("author, reviewer", [
    (OWNER, OWNER),                    # the owner
    (DEPUTY, OWNER),                   # the owner's deputy
    (EDITOR, OWNER),                   # an editor
    ("Sam-Okafor-FELLSIDE", OWNER),    # GitHub logins are not case-sensitive
])
def test_a_check_in_by_someone_allowed_lands_in_the_file_and_asks_the_owner_for_review(repo, tmp_path, capsys,
                                                                                       author, reviewer):
    before = rows(repo)
    code, reply, outputs, out, _ = checkin(repo, tmp_path, capsys, author)
    assert code == 0
    assert rows(repo) == before[:1] + sorted(before[1:] + [f"{DAY},61.5,Sign-ups rose after the flood-season mailing."])
    assert not check(repo / "content").errors
    assert "branch=checkin/issue-7-alert-signups\n" in outputs and f"reviewer={reviewer}\n" in outputs
    assert "file=content/measurements/alert-signups.csv\n" in outputs
    assert "title=Check-in: Households signed up for alerts = 61.5 on " in outputs
    assert "61.5" in reply and "Households signed up for alerts" in reply
    assert "Closes #7." in (out / "pull-request.md").read_text(encoding="utf-8")


def test_an_empty_date_means_today_and_windows_line_endings_are_read(repo, tmp_path, capsys):
    text = body(date="").replace("\n", "\r\n")
    code, *_ = checkin(repo, tmp_path, capsys, text=text)
    assert code == 0 and any(row.startswith(f"{TODAY},61.5,") for row in rows(repo)), rows(repo)


def test_the_reviewer_is_the_deputy_when_the_owner_has_no_handle(repo, tmp_path, capsys):
    person = repo / "content" / "people" / "sam-okafor.yml"
    person.write_text(person.read_text(encoding="utf-8").replace("platform: github", "platform: mastodon"),
                      encoding="utf-8")
    code, _, outputs, *_ = checkin(repo, tmp_path, capsys, DEPUTY)
    assert code == 0 and f"reviewer={DEPUTY}\n" in outputs


# refusals write nothing ------------------------------------------------------------

def assert_refused(repo, before, result, words):
    code, reply, outputs, out, err = result
    assert code == 1, err
    assert words in reply and words in err
    assert rows(repo) == before and outputs == "" and not (out / "pull-request.md").exists()


@pytest.mark.parametrize("author", [
    "someone-else",                  # no person has this handle
    "priya-das",                     # a person id is not a handle
    "sam-okafor-fellside-x",         # a longer handle that starts like the owner's
    "ana-lopez",                     # a person of the playbook without a GitHub handle
    "github-actions[bot]",           # an app, not a person
    "sam-okafor-fellside\n",         # a login GitHub would never write
])
def test_the_wrong_person_is_told_why_and_nothing_is_written(repo, tmp_path, capsys, author):
    before = rows(repo)
    result = checkin(repo, tmp_path, capsys, author)
    assert_refused(repo, before, result, "may not check in" if author.isascii() and "[" not in author
                   and "\n" not in author else "people's own GitHub accounts")


def test_the_owner_of_another_kpi_is_not_its_owner(repo, tmp_path, capsys):
    """Priya Das owns first-response-time and stands in for Sam, but Sam does not stand in for her."""
    before = (repo / "content" / "measurements" / "first-response-time.csv").read_bytes()
    result = checkin(repo, tmp_path, capsys, OWNER, kpi="first-response-time — Median first response")
    assert result[0] == 1 and "may not check in" in result[1]
    assert (repo / "content" / "measurements" / "first-response-time.csv").read_bytes() == before


def test_a_handle_on_another_platform_does_not_count(repo, tmp_path, capsys):
    person = repo / "content" / "people" / "ana-lopez.yml"
    person.write_text(person.read_text(encoding="utf-8") + "  handles:\n    - {platform: x, handle: ana-fellside}\n",
                      encoding="utf-8")
    before = rows(repo)
    assert_refused(repo, before, checkin(repo, tmp_path, capsys, "ana-fellside"), "may not check in")


@pytest.mark.parametrize("kpi", [
    "no-such-kpi — Households signed up for alerts (%)",
    "ALERT-SIGNUPS — Households signed up for alerts (%)",
    "Households signed up for alerts (%)",
    "../measurements/alert-signups — x",
    "alert-signups\nfirst-response-time — x",
    "kpi:alert-signups — x",
    "_No response_",
])
def test_an_unknown_kpi_is_refused(repo, tmp_path, capsys, kpi):
    before = rows(repo)
    assert_refused(repo, before, checkin(repo, tmp_path, capsys, kpi=kpi), "not one of this playbook's KPIs")


# hostile bodies --------------------------------------------------------------------

SHELL = "$(touch pwned) `touch pwned` ; rm -rf ~ | cat /etc/passwd && echo \"'$HOME'\" > x"
MARKDOWN = "[click](javascript:alert(1)) <img src=x onerror=alert(1)> @everyone #1 ![](https://evil.example/p.png)"


@pytest.mark.parametrize("commentary", [SHELL, MARKDOWN, "<script>alert('x')</script>", "line one\n\nline two\t end",
                                        "=HYPERLINK(\"https://evil.example\")"])
def test_hostile_commentary_is_kept_as_an_inert_note_and_never_echoed(repo, tmp_path, capsys, commentary):
    code, reply, outputs, out, _ = checkin(repo, tmp_path, capsys, commentary=commentary)
    assert code == 0
    note = " ".join(commentary.split())
    written = check(repo / "content").graph.series["alert-signups"].points
    assert [p.note for p in written if p.date == DAY.isoformat()] == [note]
    for text in (reply, outputs, (out / "pull-request.md").read_text(encoding="utf-8")):
        for piece in ("touch", "javascript", "<img", "@everyone", "<script", "HYPERLINK", "line two"):
            assert piece not in text
    assert not list(tmp_path.rglob("pwned"))


@pytest.mark.parametrize("fields, words", [
    ({"value": "1e400"}, "The value is not a number"),                       # a huge value
    ({"value": "9" * 5000}, "The value is not a number"),                    # a huge value, written out
    ({"value": "1e16"}, "The value is not a number"),                        # beyond what a file holds
    ({"value": "61.5 <script>alert(1)</script>"}, "The value is not a number"),
    ({"value": "$(touch pwned)"}, "The value is not a number"),
    ({"value": "4,6"}, "The value is not a number"),
    ({"value": "nan"}, "The value is not a number"),
    ({"value": "61\n\n### Date\n\n2020-01-01"}, "more than one Date section"),
    ({"date": "2026-02-30"}, "The date is not a date"),
    ({"date": "$(date)"}, "The date is not a date"),
    ({"date": (TODAY + dt.timedelta(days=1)).isoformat()}, "The date is after today"),
    ({"commentary": "x" * 2001}, "longer than 2,000 characters"),
    ({"commentary": "fine\u202etext"}, "control or invisible formatting characters"),
    ({"commentary": "nul\x00byte"}, "control or invisible formatting characters"),
    ({"commentary": "bell\x07"}, "control or invisible formatting characters"),
])
def test_a_hostile_value_date_or_commentary_is_refused_without_echo(repo, tmp_path, capsys, fields, words):
    before = rows(repo)
    result = checkin(repo, tmp_path, capsys, **fields)
    assert_refused(repo, before, result, words)
    for given in fields.values():
        assert given not in result[1] or len(given) < 3
    assert not list(tmp_path.rglob("pwned"))


@pytest.mark.parametrize("text, words", [
    ("I measured 61.5 today, please record it.", "not written with the check-in form"),
    (body().replace("### Value", "### Amount"), "has no Value section"),
    (body() + "\n" + "y" * 70000, "longer than GitHub allows"),
    ("", "not written with the check-in form"),
])
def test_a_body_the_form_did_not_write_is_refused(repo, tmp_path, capsys, text, words):
    before = rows(repo)
    assert_refused(repo, before, checkin(repo, tmp_path, capsys, text=text), words)


@pytest.mark.parametrize("commentary, heading", [
    ("fine\n\n### Value\n\n99999", "Value"),
    ("fine\n### KPI\nfirst-response-time — x", "KPI"),
    ("### Commentary\n\nsecond", "Commentary"),
])
def test_a_heading_injected_into_the_commentary_is_refused(repo, tmp_path, capsys, commentary, heading):
    before = rows(repo)
    assert_refused(repo, before, checkin(repo, tmp_path, capsys, commentary=commentary),
                   f"more than one {heading} section")


def test_a_second_check_in_for_the_same_day_is_refused(repo, tmp_path, capsys):
    assert checkin(repo, tmp_path, capsys)[0] == 0
    (tmp_path / "github-output").unlink()
    before = rows(repo)
    assert_refused(repo, before, checkin(repo, tmp_path, capsys, value="70"), "already has a measurement")


@pytest.mark.parametrize("payload", [b"not json", b"{}", b'{"issue": {"number": "7", "user": {"login": "x"}}}',
                                     b'{"issue": {"number": 7, "user": {"login": 5}, "body": ""}}',
                                     b"\xff\xfe", b" " * (1024 * 1024 + 1)])
def test_an_event_file_github_would_not_write_is_a_usage_error(repo, tmp_path, capsys, payload):
    path = tmp_path / "event.json"
    path.write_bytes(payload)
    before = rows(repo)
    code = main(["checkin-from-issue", str(path), "--out", str(tmp_path / "out"), "--content", str(repo / "content")])
    err = capsys.readouterr().err
    assert code == 2 and "event file" in err and "Traceback" not in err
    assert rows(repo) == before and not (tmp_path / "out").exists()


def test_the_reply_folder_may_not_be_the_content(repo, tmp_path, capsys):
    code = main(["checkin-from-issue", str(event_file(tmp_path)), "--out", str(repo / "content" / "x"),
                 "--content", str(repo / "content")])
    assert code == 2 and "overlaps the content folder" in capsys.readouterr().err
