"""Odd inputs never reach a traceback: each ends in a diagnostic or a one-line usage error.

Every case runs the real command line in a child process on a small project (a git
repository holding the minimal playbook and a mkdocs.yml) and asserts the exit code,
the one line it says, no traceback, and (for refusals) that nothing was written:

* measurement files with a field beyond the CSV parser's limit;
* dates at the calendar's ends: content dated 1900-01-01 and 2199-12-31, `--as-of` at
  either end, `--within` beyond any calendar;
* the edition and as-of date in the environment of the Zensical path, odd or not UTF-8;
* arguments that are not UTF-8, on every command;
* a closed standard output (`>&-`) and a reader that has gone (`| head -0`), on every command;
* characters XML cannot hold, in the StratML export (validated against the schema);
* `--since` dates beyond the dates git can read.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from playbook.check.checker import check
from playbook.outputs.stratml import stratml

from .contenttree import AS_OF, copy_minimal, write_tree
from .gitrepo import commit_all, init_repo
from .sitebuild import MKDOCS_YML
from .test_stratml import SCHEMA_FILE

CSV = "content/measurements/qualified-leads.csv"
BIG = 200_000  # beyond the csv module's field size limit (131,072), inside the 1 MiB file limit


def project(tmp_path: Path) -> Path:
    root = init_repo(tmp_path / "project")
    copy_minimal(root / "content")
    (root / "docs").mkdir()
    (root / "docs" / "extra.md").write_text("# Extra\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(options=""), encoding="utf-8")
    (root / "imports").mkdir()
    (root / "imports" / "export.csv").write_text("Date,Leads\n2026-05-01,3\n", encoding="utf-8")
    commit_all(root, "The playbook")
    return root


def run(root: Path, *args: str, env: dict | None = None, **options) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "playbook", *args], cwd=root, capture_output=True, text=True,
                          timeout=300, env=env or {**os.environ}, **options)


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".git" not in p.parts}


def one_line(done: subprocess.CompletedProcess, *words: str) -> str:
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("playbook: "), done.stderr
    assert all(w in lines[0] for w in words), lines[0]
    return lines[0]


# CSV fields beyond the parser's limit -------------------------------------------------------

HUGE_FIELDS = {
    "note": f'date,value,note\n2026-05-01,5,"{"n" * BIG}"\n',
    "unquoted note": f"date,value,note\n2026-05-01,5,{'n' * BIG}\n",
    "value": f'date,value,note\n2026-05-01,"{"9" * BIG}",\n',
    "header": f'date,value,"{"h" * BIG}"\n2026-05-01,5,\n',
    "spanning lines": 'date,value,note\n2026-05-01,5,"' + ("line\n" * (BIG // 5)) + '"\n',
    "after good rows": "date,value,note\n2026-01-01,10,\n2026-02-01,20,\n" + f'2026-03-01,30,"{"x" * BIG}"\n',
}


@pytest.mark.parametrize("variant", sorted(HUGE_FIELDS))
def test_a_csv_field_beyond_the_parser_limit_is_a_diagnostic(tmp_path, variant):
    root = project(tmp_path)
    (root / CSV).write_text(HUGE_FIELDS[variant], encoding="utf-8")
    done = run(root, "validate", "content", "--as-of", AS_OF)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert any(line.startswith("content/measurements/qualified-leads.csv:") and "PB020" in line for line in done.stdout.splitlines())
    for args, code in ((["due", "--content", "content"], 0), (["export", "--format", "stratml", "--content", "content"], 1),
                       (["report", "content", "--out", "book.html"], 1), (["measure", "qualified-leads", "7"], 1)):
        later = run(root, *args, "--as-of", AS_OF)
        assert later.returncode == code and "Traceback" not in later.stderr, (args, later.stderr)


# Dates at the calendar's ends -----------------------------------------------------------------

def at_the_ends(root: Path, day: str) -> None:
    """Every date of the content on one day: plan, measurements, reviews, milestones, accounts."""
    write_tree(root / "content", {
        "kpis/qualified-leads.yml": f"title: Leads\nmeasures: win-leads\nunit: leads\ndirection: increase\n"
                                    f"baseline: {{value: 10, date: '{day}'}}\ntarget: {{value: 300, date: '{day}'}}\n"
                                    f"source: CRM\ncadence: biennial\n",
        "measurements/qualified-leads.csv": f"date,value,note\n{day},12,\n",
        "policies/p.yml": f"title: P\ntype: policy\nstatus: active\nowner: x\neffective: '{day}'\nreview_cycle_months: 60\n",
        "initiatives/launch-webinars.yml": f"title: Launch\nphase: One\nstart: '{day}'\nend: '{day}'\n"
                                           f"milestones: [{{title: M, date: '{day}'}}]\n",
        "channels/linkedin.yml": f"title: LinkedIn\nplatform: LinkedIn\naccounts: [{{handle: '@x', managers: [a], backup: b, "
                                 f"custodian: c, last_used: '{day}', access_reviewed: '{day}'}}]\n",
        "themes/t.yml": f"title: T\nstart: '{day}'\nend: '{day}'\n",
        "playbook.yml": "accounts: {review_days: 109572, unused_days: 109572}\nstatus: {stale_periods: 109572}\n",
    })


ENDS = [("1900-01-01", "1900-01-01"), ("1900-01-01", "2199-12-31"), ("2199-12-31", "2199-12-31"),
        ("2199-12-31", "1900-01-01"), ("2199-12-30", "2199-12-31")]


@pytest.mark.parametrize("day, as_of", ENDS)
def test_dates_at_the_calendars_ends_never_overflow(tmp_path, day, as_of):
    root = project(tmp_path)
    at_the_ends(root, day)
    for args in (["validate", "content"], ["due", "--content", "content", "--within", "109572"],
                 ["due", "--content", "content", "--format", "ics"], ["export", "--format", "stratml", "--content", "content"],
                 ["report", "content", "--out", "book.html"], ["render", "out"]):
        done = run(root, *args, "--as-of", as_of)
        assert done.returncode in (0, 1) and "Traceback" not in done.stderr, (args, done.stderr[-2000:])


@pytest.mark.parametrize("within", ["109573", "10000000", "99999999999999999999", "-1", "soon"])
def test_within_beyond_any_calendar_is_a_usage_error(tmp_path, within):
    root = project(tmp_path)
    done = run(root, "due", "--content", "content", f"--within={within}", "--as-of", "2199-12-31")
    assert done.returncode == 2 and "Traceback" not in done.stderr and "--within" in done.stderr, done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize("setting", ["accounts: {review_days: 1000000000000000}", "accounts: {unused_days: 999999999}",
                                     "status: {stale_periods: 1000000000000000}", "accounts: {review_days: 109573}",
                                     "accounts: {review_days: -3}"])
@pytest.mark.parametrize("command", [["validate", "content"], ["due", "--content", "content"]])
def test_day_counts_beyond_the_calendar_are_refused_where_they_are_written(tmp_path, setting, command):
    root = project(tmp_path)
    write_tree(root / "content", {"channels/linkedin.yml": "title: LinkedIn\nplatform: LinkedIn\naccounts: [{handle: '@x', "
                                  "managers: [a], backup: b, custodian: c, access_reviewed: '2026-01-01'}]\n",
                                  "playbook.yml": f"{setting}\n"})
    done = run(root, *command, "--as-of", AS_OF)
    assert done.returncode == 2 and done.stdout == ""
    one_line(done, "content/playbook.yml:1:", "must be a number from 0 to 109,572")


# The environment of the Zensical path ---------------------------------------------------------

ODD_ENVIRONMENT = [("PLAYBOOK_AS_OF", "garbage"), ("PLAYBOOK_AS_OF", "0001-01-01"), ("PLAYBOOK_AS_OF", "2026-06-01T00:00"),
                   ("PLAYBOOK_AS_OF", "\udcff\udcfe"), ("PLAYBOOK_EDITION", "secret"), ("PLAYBOOK_EDITION", "public\udcff"),
                   ("PLAYBOOK_EDITION", "Public")]


@pytest.mark.parametrize("name, value", ODD_ENVIRONMENT)
@pytest.mark.parametrize("how", ["zensical_run", "build"])
def test_odd_environment_values_on_the_zensical_path_are_usage_errors(tmp_path, name, value, how):
    root = project(tmp_path)
    env = {**os.environ, name: value}
    if how == "build":
        done = run(root, "build", "--builder", "zensical", env=env)
    else:
        done = subprocess.run([sys.executable, "-m", "playbook.outputs.zensical_build", "mkdocs.yml", str(root / "site")], cwd=root,
                              capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 2, done.stderr
    one_line(done, name)
    assert not (root / "site").exists()


# Arguments that are not UTF-8 -----------------------------------------------------------------

BAD = "bad\udcff"  # the byte 0xff, as Python holds it in an argument
COMMANDS_WITH_A_BAD_ARGUMENT = [
    ["validate", BAD], ["validate", "--content", BAD], ["due", "--content", BAD], ["due", "--owner", BAD],
    ["measure", BAD, "5"], ["measure", "qualified-leads", "5", "--note", BAD], ["measure", "qualified-leads", BAD],
    ["export", "--out", f"{BAD}.json"], ["export", "--format", "stratml", "--out", f"{BAD}.xml"],
    ["report", "content", "--out", f"{BAD}.html"], ["report", "content", "--out", "b.html", "--since", BAD],
    ["schema", "--out", BAD], ["new", "goal", BAD], ["new", BAD, "x"], ["init", BAD], ["diff", BAD],
    ["render", BAD], ["build", "--site-dir", BAD], ["build", "--config", BAD], ["import", BAD],
    ["import", "imports/export.csv", "--kpi", BAD],
]


@pytest.mark.parametrize("args", COMMANDS_WITH_A_BAD_ARGUMENT, ids=lambda a: " ".join(a).replace(BAD, "BAD"))
def test_an_argument_that_is_not_utf8_is_a_usage_error(tmp_path, args):
    root = project(tmp_path)
    before = snapshot(root)
    done = run(root, *args)
    assert done.returncode == 2, (done.stdout, done.stderr)
    one_line(done, "not valid UTF-8", "bad\ufffd")
    assert snapshot(root) == before and done.stdout == ""


# A closed standard output ---------------------------------------------------------------------

EVERY_COMMAND = [
    ["rules"], ["--version"], ["validate", "content"], ["due", "--content", "content"],
    ["due", "--content", "content", "--format", "ics"], ["export", "--content", "content"],
    ["export", "--format", "stratml", "--content", "content"], ["diff", "HEAD", "--content", "content"],
    ["report", "content", "--out", "book.html"], ["schema", "--out", "schemas"],
    ["measure", "qualified-leads", "5", "--date", "2026-05-20", "--content", "content"],
    ["import", "imports/export.csv", "--content", "content"], ["new", "goal", "fresh"], ["init", "fresh-playbook"],
    ["render", "out"], ["build", "--site-dir", "built"],
]


@pytest.mark.parametrize("args", EVERY_COMMAND, ids=" ".join)
def test_a_closed_standard_output_stops_every_command_before_it_starts(tmp_path, args):
    root = project(tmp_path)
    before = snapshot(root)
    done = run(root, *args, "--as-of", AS_OF, stdout=None, preexec_fn=lambda: os.close(1)) if args[0] not in (
        "rules", "--version", "init", "new", "schema") else run(root, *args, stdout=None, preexec_fn=lambda: os.close(1))
    assert done.returncode == 2
    one_line(done, "standard output is closed")
    assert snapshot(root) == before


@pytest.mark.parametrize("args", [a for a in EVERY_COMMAND if a[0] != "build"], ids=" ".join)
def test_a_reader_that_has_gone_is_one_line(tmp_path, args):
    root = project(tmp_path)
    extra = [] if args[0] in ("rules", "--version", "init", "new", "schema") else ["--as-of", AS_OF]
    child = subprocess.Popen([sys.executable, "-m", "playbook", *args, *extra], cwd=root, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    child.stdout.close()  # `| head -0`: the reader is gone before the first byte
    err = child.stderr.read()
    assert child.wait(timeout=300) == 2, err
    one_line(subprocess.CompletedProcess(args, 2, "", err), "output closed")


# Characters XML cannot hold -------------------------------------------------------------------

NOT_XML = {
    "U+FFFE in a title": ("kpis/qualified-leads.yml", "title", "\\ufffe"),
    "U+FFFF in a title": ("goals/win-leads.yml", "title", "\\uffff"),
    "U+FFFE in the organization": ("playbook.yml", "name", "\\ufffe"),
    "control characters in a note": ("measurements/qualified-leads.csv", "note", "\x01\x08\x0b\x0c\x1b\x1f"),
    "vertical tab in a note": ("measurements/qualified-leads.csv", "note", "\x0b"),
    "U+FFFF in a statement": ("strategies/grow-online.yml", "statement", "\\uffff"),
}


def plant(root: Path, file: str, field: str, chars: str) -> None:
    path = root / "content" / file
    if file == "playbook.yml":
        path.write_text(f'organization: {{name: "Acme {chars} Ltd"}}\n', encoding="utf-8")
    elif field == "note":
        path.write_text(f"date,value,note\n2026-05-01,5,odd{chars}note\n", encoding="utf-8")
    else:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith(f"{field}:")]
        path.write_text("\n".join([f'{field}: "Odd {chars} words"', *lines]) + "\n", encoding="utf-8")


@pytest.mark.skipif(not SCHEMA_FILE.is_file(), reason="the StratML schema is not beside the repository")
@pytest.mark.parametrize("variant", sorted(NOT_XML))
def test_characters_xml_cannot_hold_are_left_out_of_stratml(tmp_path, variant):
    from lxml import etree
    root = project(tmp_path)
    plant(root, *NOT_XML[variant])
    done = run(root, "export", "--format", "stratml", "--edition", "confidential", "--out", "plan.xml", "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr
    document = etree.parse(str(root / "plan.xml"))
    schema = etree.XMLSchema(etree.parse(str(SCHEMA_FILE)))
    assert schema.validate(document), schema.error_log.last_error
    text = (root / "plan.xml").read_text(encoding="utf-8")
    assert ("Acme  Ltd" if variant.endswith("organization") else "dd  words" if "U+" in variant else "oddnote") in text


def test_lone_surrogates_are_left_out_of_stratml(tmp_path):
    """No content file can hold one (YAML and CSV are read as strict UTF-8); a value made
    in memory can, and the export still encodes."""
    result = check(copy_minimal(tmp_path / "content"), as_of=dt.date(2026, 6, 1))
    goal = result.graph.get("goal", "win-leads")
    goal.data["title"] = "Half \ud83d of a pair"
    goal.data["summary"] = "\udcff\x00\ufffe"
    assert b"Half  of a pair" in stratml(result, "internal")


# --since beyond git's dates -------------------------------------------------------------------

SINCE = [("1900-01-01", 2), ("0001-01-01", 2), ("1969-12-31", 2), ("2199-12-31", 0), ("9999-12-31", 0),
         ("2100-01-01", 0), ("garbage", 2), ("2026-13-45", 2), ("--output=x", 2)]


@pytest.mark.parametrize("since, code", SINCE)
def test_since_beyond_gits_dates(tmp_path, since, code):
    root = project(tmp_path)
    done = run(root, "report", "content", "--out", "book.html", f"--since={since}", "--as-of", AS_OF)
    assert done.returncode == code, done.stderr
    if code == 0:
        text = (root / "book.html").read_text(encoding="utf-8")
        assert "What changed since" in text and since[:4] in text
    else:
        one_line(done)
        assert not (root / "book.html").exists() and not (root / "x").exists()
