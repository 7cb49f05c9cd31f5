"""The writers, `playbook measure` and `playbook import`, write only what the checker accepts.

Two classes, each case run through the real command on a real content folder, then
judged on disk: either the change is there and the checker accepts every file, or not
one byte of the content folder changed and the refusal is one line naming file, row
and column (exit 1 for content, 2 for what was given on the command line).

* What is written reads back as written: notes quoted where a reader could split them,
  numbers read as written (`4,6` is never 46), the checker's limits (dates 1900 to 2199,
  numbers up to 10^15, files up to 1 MiB), no file the checker reports (PB020, PB024),
  no symbolic link, no read-only file; a run at a time (several at once lose no row);
  every file of a change or none (a damaged provenance record, a full disk).
* An import never replaces a complete period with a partial one: a period the export
  covers only in part is skipped and reported (or written where the rule allows it),
  placeholders and totals sections are handled by the rule and reported, and revisions
  are listed.
"""
from __future__ import annotations

import datetime as dt
import json
import signal
import subprocess
import sys

import pytest

from playbook.check.checker import check
from playbook.cli.commands import main

from .contenttree import AS_OF, copy_minimal, write_tree

CSV = "measurements/qualified-leads.csv"
KPI = "kpis/qualified-leads.yml"
RULE = "import:\n  match: 'ga4-*.csv'\n  date: Date\n  value: Sessions\n"


@pytest.fixture
def root(tmp_path):
    return copy_minimal(tmp_path / "content")


def run(capsys, *argv: str):
    code = main(list(argv))
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out, out.err


def measure(capsys, root, *argv: str):
    return run(capsys, "measure", "qualified-leads", *argv, "--content", str(root), "--as-of", AS_OF)


def importing(capsys, root, export, *argv: str):
    return run(capsys, "import", str(export), *argv, "--content", str(root), "--as-of", AS_OF)


def files(root) -> dict[str, bytes]:
    """Every file under root (hidden ones too, so a left-over temporary file shows)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def accepted(root) -> list[str]:
    """The checker's errors, as text; empty when it accepts the folder."""
    return [f"{d.file}:{d.line}: {d.code} {d.message}" for d in check(root, as_of=dt.date.fromisoformat(AS_OF)).errors]


def points(root, kpi: str = "qualified-leads") -> list[tuple[str, float, str]]:
    series = check(root, as_of=dt.date.fromisoformat(AS_OF)).graph.series[kpi]
    return [(p.date, p.value, p.note) for p in series.points]


def with_rule(root, rule: str = RULE):
    kpi = root / KPI
    kpi.write_text(kpi.read_text(encoding="utf-8") + rule, encoding="utf-8")
    return root


def daily(first: str, last: str, value=10, more: str = "") -> str:
    """A GA4-like export with one row per day from first to last."""
    day, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    rows = []
    while day <= end:
        rows.append(f"{day:%Y%m%d},{value}")
        day += dt.timedelta(days=1)
    return "Date,Sessions\n" + "\n".join(rows) + "\n" + more


# What is written reads back as written


@pytest.mark.parametrize("note", ["line\u2028separator", "para\u2029graph", "form\x0cfeed", "next\x85line"])
def test_a_note_other_programs_split_survives_the_next_write(root, capsys, note):
    assert measure(capsys, root, "80", "--date", "2026-05-10", "--note", note)[0] == 0
    assert measure(capsys, root, "81", "--date", "2026-05-20")[0] == 0  # rewrites the file around that row
    assert accepted(root) == []
    assert points(root)[-2:] == [("2026-05-10", 80.0, note), ("2026-05-20", 81.0, "")]


@pytest.mark.parametrize("note, kept", [('counted, "by hand"', 'counted, "by hand"'), ("  padded  ", "padded"),
                                        ("=SUM(A1:A9)", "=SUM(A1:A9)"), ("+1 from the fair", "+1 from the fair")])
def test_notes_are_kept_as_written_and_quoted_where_csv_needs_it(root, capsys, note, kept):
    assert measure(capsys, root, "80", "--date", "2026-05-10", "--note", note)[0] == 0
    assert accepted(root) == [] and points(root)[-1] == ("2026-05-10", 80.0, kept)


@pytest.mark.parametrize("note", ["two\nlines", "carriage\rreturn", "windows\r\nbreak"])
def test_a_note_with_a_line_break_is_refused(root, capsys, note):
    before = files(root)
    code, _, err = measure(capsys, root, "80", "--date", "2026-05-10", "--note", note)
    assert code == 2 and "a note is one line" in err
    assert files(root) == before


@pytest.mark.parametrize("value, words", [("4,6", "'4,6' is ambiguous"), ("1,234", "'1,234' is ambiguous"),
                                          ("1.234,5", "is ambiguous"), ("12 500", "is not a number"),
                                          ("1_000", "is not a number")])
def test_a_value_is_read_as_written_or_refused(root, capsys, value, words):
    before = files(root)
    code, _, err = measure(capsys, root, value, "--date", "2026-05-10")
    assert code == 2 and words in err
    assert files(root) == before


def test_a_file_of_a_more_restricted_kpi_is_not_written(root, capsys):
    write_tree(root, {"kpis/secret.yml": (root / KPI).read_text(encoding="utf-8") + "visibility: confidential\n",
                      "measurements/secret.csv": "date,value,note\n2026-01-01,5,\n",
                      KPI: (root / KPI).read_text(encoding="utf-8") + "data: measurements/secret.csv\n",
                      CSV: None})
    before = files(root)
    code, _, err = measure(capsys, root, "80", "--date", "2026-05-10")
    assert code == 1 and f"{root / KPI}:13:7: error PB024" in err
    assert files(root) == before


def test_a_data_file_not_made_yet_is_made_where_data_names_it(root, capsys):
    write_tree(root, {KPI: (root / KPI).read_text(encoding="utf-8") + "data: series/leads.csv\n", CSV: None})
    assert measure(capsys, root, "80", "--date", "2026-05-10")[0] == 0
    assert not (root / CSV).exists() and (root / "series/leads.csv").read_text(encoding="utf-8") == \
        "date,value,note\n2026-05-10,80,\n"
    assert accepted(root) == []


def test_a_link_is_never_followed(root, tmp_path, capsys):
    outside = write_tree(tmp_path / "elsewhere", {"qualified-leads.csv": "date,value,note\n2026-01-01,1,\n"})
    (root / CSV).unlink()
    (root / "measurements").rmdir()
    (root / "measurements").symlink_to(outside)  # the checker reports it and reads nothing there
    before = files(outside)
    code, _, err = measure(capsys, root, "80", "--date", "2026-05-10")
    assert code == 1 and f"{root / CSV}:1:1: error the path leads outside the content folder" in err
    assert files(outside) == before


def test_a_measurement_file_that_is_a_link_is_left_alone(root, capsys):
    (root / "imports").mkdir()
    (root / CSV).rename(root / "imports/leads.csv")
    (root / CSV).symlink_to("../imports/leads.csv")
    before = files(root)
    code, _, err = measure(capsys, root, "80", "--date", "2026-05-10")
    assert code == 1 and "is a symbolic link" in err
    assert files(root) == before and (root / CSV).is_symlink()


def test_a_file_the_write_would_take_beyond_1_mib_is_refused(root, capsys):
    rows, day = [], dt.date(1900, 1, 1)
    while sum(map(len, rows)) < 1_048_576 - 60:
        rows.append(f"{day},1,{'x' * 20}\n")
        day += dt.timedelta(days=1)
    (root / CSV).write_text("date,value,note\n" + "".join(rows), encoding="utf-8")
    assert accepted(root) == []
    before = files(root)
    code, _, err = measure(capsys, root, "80", "--date", "2199-12-31", "--note", "y" * 60)
    assert code == 1 and "PB003 file is" in err and "limit is 1,048,576" in err
    assert files(root) == before


def test_a_read_only_file_is_not_replaced(root, capsys):
    (root / CSV).chmod(0o444)
    before = files(root)
    code, _, err = measure(capsys, root, "80", "--date", "2026-05-10")
    assert code == 1 and f"{root / CSV}:1:1: error" in err and "read-only" in err
    assert files(root) == before and (root / CSV).stat().st_mode & 0o777 == 0o444


def test_a_byte_order_mark_and_crlf_are_kept_by_import_and_replace(root, tmp_path, capsys):
    raw = b"\xef\xbb\xbf" + (root / CSV).read_bytes().replace(b"\n", b"\r\n")
    (root / CSV).write_bytes(raw)
    with_rule(root, RULE + "  partial: allow\n")
    export = write_tree(tmp_path, {"ga4-june.csv": daily("2026-06-01", "2026-06-30")}) / "ga4-june.csv"
    assert importing(capsys, root, export)[0] == 0
    assert measure(capsys, root, "79", "--date", "2026-05-01", "--replace")[0] == 0
    assert (root / CSV).read_bytes() == raw.replace(b"78,first webinar month", b"79,") \
        + b"2026-06-01,300,imported from ga4-june.csv\r\n"


SLOW_DISK = """\
import os, sys, time
replace = os.replace
def slow_replace(*args, **kwargs):  # a slow disk: the read-modify-write takes a while
    time.sleep(0.3)
    return replace(*args, **kwargs)
os.replace = slow_replace
from playbook.cli.commands import main
sys.exit(main(sys.argv[1:]))
"""


def test_measures_run_at_once_lose_no_row(root):
    runs = [subprocess.Popen([sys.executable, "-c", SLOW_DISK, "measure", "qualified-leads", str(100 + i),
                              "--date", f"2026-05-{10 + i}", "--note", f"run {i}", "--content", str(root),
                              "--as-of", AS_OF], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for i in range(8)]
    results = [(proc.wait(timeout=300), proc.stderr.read()) for proc in runs]
    held = points(root)
    lost = [i for i, (code, _) in enumerate(results) if code == 0 and (f"2026-05-{10 + i}", 100.0 + i, f"run {i}") not in held]
    assert lost == [], f"runs {lost} said they added their row, which is not in the file"
    assert all(code == 0 for code, _ in results), results  # each in date order, whichever ran first
    assert accepted(root) == []
    assert held[5:] == [(f"2026-05-{10 + i}", 100.0 + i, f"run {i}") for i in range(8)]


def test_an_export_name_with_a_comma_is_quoted_in_the_note(root, tmp_path, capsys):
    with_rule(root, "import:\n  match: 'ga4*.csv'\n  date: Date\n  value: Sessions\n")
    export = write_tree(tmp_path, {'ga4, "june".csv': daily("2026-06-01", "2026-06-30")}) / 'ga4, "june".csv'
    assert importing(capsys, root, export)[0] == 0
    assert accepted(root) == [] and points(root)[-1] == ("2026-06-01", 300.0, 'imported from ga4, "june".csv')


@pytest.mark.parametrize("export, where, words", [
    ("Date,Sessions\n01/01/1899,5\n", ":2:1:", "outside the dates a playbook may use"),
    ("Date,Sessions\n01/01/2200,5\n", ":2:1:", "outside the dates a playbook may use"),
    ("Date,Sessions\n01/06/2026,900000000000000\n30/06/2026,900000000000000\n", ":1:2:", "beyond ±1,000,000,000,000,000"),
    ("Date,Sessions\n01/06/2026,1e16\n", ":2:2:", "not a number between"),
])
def test_an_import_within_the_checkers_limits_or_none(root, tmp_path, capsys, export, where, words):
    with_rule(root, RULE + "  date_format: '%d/%m/%Y'\n  partial: allow\n")
    path = write_tree(tmp_path, {"ga4-x.csv": export}) / "ga4-x.csv"
    before = files(root)
    code, _, err = importing(capsys, root, path)
    assert code == 1 and f"ga4-x.csv{where} error" in err and words in err, err
    assert files(root) == before


@pytest.mark.parametrize("sidecar, where", [('{"2026-04-01": {"source": "x.csv",\n', ":2:1:"),
                                             ("[1, 2]\n", ":1:1:"), ('{"2026-04-01": 7}\n', ":1:1:"),
                                             ("\xff\xfe{}", ":1:1:"), ("[" * 100_000, ":1:1:")])
def test_a_damaged_provenance_record_stops_the_import_before_any_file_changes(root, tmp_path, capsys, sidecar, where):
    with_rule(root)
    write_tree(root, {CSV + ".import.json": sidecar.encode("utf-8", "surrogateescape") if "\xff" not in sidecar
                      else b"\xff\xfe{}"})
    export = write_tree(tmp_path, {"ga4-june.csv": daily("2026-06-01", "2026-06-30")}) / "ga4-june.csv"
    before = files(root)
    code, _, err = importing(capsys, root, export)
    assert code == 1 and f"{root / CSV}.import.json{where} error" in err, err
    assert files(root) == before


def full_disk(limit: int):
    def limited():  # files may not grow beyond `limit` bytes, as on a nearly full disk
        import resource
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return limited


def test_a_full_disk_leaves_every_file_as_it_was(root, tmp_path):
    with_rule(root)
    export = write_tree(tmp_path, {"ga4-june.csv": daily("2026-06-01", "2026-06-30")}) / "ga4-june.csv"
    before = files(root)
    done = subprocess.run([sys.executable, "-m", "playbook", "import", str(export), "--content", str(root),
                           "--as-of", AS_OF], capture_output=True, text=True, preexec_fn=full_disk(200), timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert f"{root / CSV}.import.json:1:1: error cannot be written (File too large); no file was changed" in done.stderr
    assert files(root) == before  # the measurement file fits, but its provenance does not: neither is written


# An import never replaces a complete period with a partial one


def test_a_28_day_export_does_not_revise_a_complete_month(root, tmp_path, capsys):
    write_tree(root, {CSV: "date,value,note\n2026-02-01,1900,\n2026-03-01,2092,\n"})
    with_rule(root)
    export = write_tree(tmp_path, {"ga4-28-days.csv": daily("2026-03-15", "2026-04-11", 50)}) / "ga4-28-days.csv"
    before = files(root)
    code, out, _ = importing(capsys, root, export, "--dry-run")
    assert code == 0 and "0 added, 0 revised, 0 unchanged, 2 partial periods skipped (nothing to write in" in out
    assert "! 2026-03-01 skipped: the export covers only 2026-03-15 to 2026-03-31 of this period (850 there; " \
           "the file keeps 2092;" in out
    assert "! 2026-04-01 skipped: the export covers only 2026-04-01 to 2026-04-11 of this period (550 there; " \
           "not added;" in out
    assert importing(capsys, root, export)[0] == 0
    assert files(root) == before


def test_a_rule_may_allow_partial_periods_and_says_so(root, tmp_path, capsys):
    write_tree(root, {CSV: "date,value,note\n2026-03-01,2092,\n"})
    with_rule(root, RULE + "  partial: allow\n")
    export = write_tree(tmp_path, {"ga4-28-days.csv": daily("2026-03-15", "2026-04-11", 50)}) / "ga4-28-days.csv"
    code, out, _ = importing(capsys, root, export)
    assert code == 0 and "1 added, 1 revised, 0 unchanged (changed" in out
    assert "~ 2026-03-01,2092 -> 850 (revised) (a partial period, as the rule allows)" in out
    assert points(root) == [("2026-03-01", 850.0, ""), ("2026-04-01", 550.0, "imported from ga4-28-days.csv")]


def test_a_partial_week_is_skipped_and_whole_periods_the_export_declares_are_written(root, tmp_path, capsys):
    with_rule(root)
    write_tree(root, {KPI: (root / KPI).read_text(encoding="utf-8").replace("cadence: monthly", "cadence: weekly")})
    export = "# Start date: 20260601\n# End date: 20260614\n" + daily("2026-06-02", "2026-06-17", 1)
    path = write_tree(tmp_path, {"ga4-weeks.csv": export}) / "ga4-weeks.csv"
    code, out, _ = importing(capsys, root, path)
    assert code == 0 and "2 added, 0 revised, 0 unchanged, 1 partial period skipped" in out
    assert "! 2026-06-15 skipped: the export covers only 2026-06-15 to 2026-06-17" in out
    assert points(root)[-2:] == [("2026-06-01", 6.0, "imported from ga4-weeks.csv"),
                                 ("2026-06-08", 7.0, "imported from ga4-weeks.csv")]


@pytest.mark.parametrize("missing, sessions, summary", [
    ("", 30 * 10 - 4 * 10, "4 placeholders skipped"),
    ("  missing: skip\n", 30 * 10 - 4 * 10, "4 placeholders skipped"),
    ("  missing: zero\n", 30 * 10 - 4 * 10, "4 placeholders counted as 0"),
])
def test_placeholders_are_handled_by_the_rule_and_reported(root, tmp_path, capsys, missing, sessions, summary):
    with_rule(root, RULE + missing)
    export = daily("2026-06-01", "2026-06-30").replace("20260602,10", "20260602,-").replace("20260603,10", "20260603,--") \
        .replace("20260604,10", "20260604,—").replace("20260605,10", "20260605,n/a")
    path = write_tree(tmp_path, {"ga4-june.csv": export}) / "ga4-june.csv"
    code, out, _ = importing(capsys, root, path)
    assert code == 0 and summary in out
    assert "row 3 '-', row 4 '--', row 5 '—', row 6 'n/a'" in out
    assert points(root)[-1][:2] == ("2026-06-01", float(sessions))


def test_a_rule_may_refuse_placeholders(root, tmp_path, capsys):
    with_rule(root, RULE + "  missing: error\n")
    path = write_tree(tmp_path, {"ga4-june.csv": daily("2026-06-01", "2026-06-30").replace("20260610,10", "20260610,")})
    before = files(root)
    code, _, err = importing(capsys, root, path / "ga4-june.csv")
    assert code == 1 and "ga4-june.csv:11:2: error '' is a placeholder, not a number (the rule says missing: error)" in err
    assert files(root) == before


@pytest.mark.parametrize("below, row, first", [
    ("\nTotals\nSessions,300\n", 33, "Totals"),
    ("\n,\nDate,Sessions (previous period)\n20260501,7\n", 34, "Date"),
    ("\nGrand total,300\n\nSource,Sessions\nlinkedin,300\n", 33, "Grand total"),
])
def test_sections_below_the_data_end_it_and_are_reported(root, tmp_path, capsys, below, row, first):
    with_rule(root)
    path = write_tree(tmp_path, {"ga4-june.csv": daily("2026-06-01", "2026-06-30", more=below)}) / "ga4-june.csv"
    code, out, _ = importing(capsys, root, path)
    assert code == 0 and "1 added, 0 revised, 0 unchanged" in out
    assert f"  ignored row {row} ('{first}') and every row below it: not dated, after a blank row" in out
    assert points(root)[-1] == ("2026-06-01", 300.0, "imported from ga4-june.csv")


def test_revisions_are_listed_in_the_summary_as_well_as_the_dry_run(root, tmp_path, capsys):
    write_tree(root, {CSV: "date,value,note\n2026-05-01,200,from the dashboard\n"})
    with_rule(root)
    path = write_tree(tmp_path, {"ga4-may-june.csv": daily("2026-05-01", "2026-06-30")}) / "ga4-may-june.csv"
    code, out, _ = importing(capsys, root, path, "--dry-run")
    assert out.splitlines()[1:] == ["~ 2026-05-01,200 -> 310 (revised)", "+ 2026-06-01,300"]
    code, out, _ = importing(capsys, root, path)
    assert out.splitlines()[1:] == ["~ 2026-05-01,200 -> 310 (revised)"]
    assert points(root) == [("2026-05-01", 310.0, "from the dashboard"),
                            ("2026-06-01", 300.0, "imported from ga4-may-june.csv")]
    record = json.loads((root / (CSV + ".import.json")).read_text(encoding="utf-8"))
    assert sorted(record) == ["2026-05-01", "2026-06-01"] and record["2026-05-01"]["value"] == 310


def test_two_rules_importing_into_one_file_are_refused_together(root, tmp_path, capsys):
    with_rule(root)
    kpi = (root / KPI).read_text(encoding="utf-8")
    write_tree(root, {"kpis/leads-copy.yml": kpi + "data: measurements/qualified-leads.csv\n"})
    path = write_tree(tmp_path, {"ga4-june.csv": daily("2026-06-01", "2026-06-30")}) / "ga4-june.csv"
    before = files(root)
    code, _, err = importing(capsys, root, path)
    assert code == 1 and "kpis leads-copy, qualified-leads would all import into this file; give --kpi" in err
    assert files(root) == before
    assert importing(capsys, root, path, "--kpi", "leads-copy")[0] == 0
    assert points(root, "leads-copy")[-1] == ("2026-06-01", 300.0, "imported from ga4-june.csv")


def test_text_that_is_not_utf8_never_reaches_a_file(root, tmp_path, capsys):
    before = files(root)
    code, _, err = measure(capsys, root, "80", "--date", "2026-05-10", "--note", "caf\udce9")  # a Latin-1 argument
    assert code == 2 and "is not valid UTF-8 text" in err and files(root) == before
    with_rule(root, RULE.replace("ga4-*.csv", "ga4-*") + "  partial: allow\n")
    before = files(root)
    export = tmp_path / "ga4-caf\udce9.csv"  # a file name in Latin-1 bytes: refused before it is read
    export.write_text("Date,Sessions\n2026-06-01,5\n", encoding="utf-8")
    code, _, err = importing(capsys, root, export)
    assert code == 2 and "is not valid UTF-8 text" in err and files(root) == before
