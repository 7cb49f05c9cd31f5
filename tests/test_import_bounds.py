"""Untrusted exports and import rules are bounded by what they cost, and never crash `import`.

Two classes, each case run through the real command:

* Hostile exports, run in a child process with its address space capped (so a file that
  would abort the process or take gigabytes shows as a failure, not as a dead test
  run): spreadsheets that claim a billion cells or a billion shared strings, or inflate a
  thousandfold; CSV files with a cell beyond the parser's field limit, a row beyond the
  line limit, more rows than the bound; a filter pattern that would backtrack
  exponentially. Each ends in one `file:row:col: error` line, exit 1, and nothing written.
* Import rules that validated clean and then crashed `import`: no value column, a
  pattern RE2 cannot compile (or Perl-only syntax), a date format with a bad directive
  or no year, a filter that tests nothing, a `match` with a folder, fields of the wrong
  type. `validate` reports each at its file:line:col, and `import` refuses the rule
  with the same diagnostic rather than running it.
"""
from __future__ import annotations

import resource
import subprocess
import sys

import pytest

from playbook.living import analytics_files

from .contenttree import AS_OF, copy_minimal, write_tree
from .hostile_exports import HOSTILE, write_xlsx
from .test_writers import CSV, KPI, files, run, with_rule

MEMORY_CAP = 2 << 30


@pytest.fixture
def root(tmp_path):
    return copy_minimal(tmp_path / "content")


def capped():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def import_in_child(root, export, timeout: int = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "playbook", "import", str(export), "--content", str(root),
                           "--as-of", AS_OF], capture_output=True, text=True, preexec_fn=capped, timeout=timeout)


# Hostile exports


@pytest.mark.parametrize("name, words", [
    ("declared-dimension", "declares the dimension A1:XFD1048576: a grid of 17,179,869,184 cells; the limit is 2,000,000"),
    ("far-corner-cell", "reaches row 1,048,576 and column 16,384: a grid of 17,179,869,184 cells"),
    ("shared-strings-count", "claims 4,000,000,000 shared strings"),
    ("sheet-zip-bomb", "spreadsheet inflates to 419,432,566 bytes (1,024 times its size); the limit is 67,108,864"),
    ("shared-string-bomb", "spreadsheet inflates to 419,432,582 bytes"),
])
def test_a_spreadsheet_that_would_cost_too_much_is_refused_unread(root, tmp_path, name, words):
    with_rule(root, "import:\n  match: '*.xlsx'\n  date: Date\n  value: Sessions\n  partial: allow\n")
    export = HOSTILE[name](tmp_path / f"{name}.xlsx")
    before = files(root)
    done = import_in_child(root, export)
    assert done.returncode == 1 and done.stderr.startswith(f"{export}:1:1: error ") and words in done.stderr, \
        (done.returncode, done.stderr[-2000:])
    assert files(root) == before


def test_a_spreadsheet_whose_part_lies_about_its_size_is_refused(root, tmp_path):
    with_rule(root, "import:\n  match: '*.xlsx'\n  date: Date\n  value: Sessions\n")
    export = HOSTILE["lying-member-size"](tmp_path / "lying.xlsx")
    done = import_in_child(root, export)
    assert done.returncode == 1 and done.stderr.startswith(f"{export}:1:1: error not a readable XLSX file"), done.stderr


def test_a_spreadsheet_within_the_bounds_is_read_where_its_data_starts(root, tmp_path, capsys):
    with_rule(root, "import:\n  match: '*.xlsx'\n  date: Date\n  value: Sessions\n  partial: allow\n")
    body = ('<row r="3"><c r="C3" t="inlineStr"><is><t>Date</t></is></c><c r="D3" t="inlineStr"><is><t>Sessions</t>'
            '</is></c></row><row r="4"><c r="C4" t="inlineStr"><is><t>2026-06-02</t></is></c><c r="D4" t="inlineStr">'
            '<is><t>lots</t></is></c></row>')
    from .hostile_exports import sheet
    export = write_xlsx(tmp_path / "offset.xlsx", sheet(body, "C3:D4"))
    code, _, err = run(capsys, "import", str(export), "--content", str(root), "--as-of", AS_OF)
    assert code == 1 and err == f"{export}:4:4: error 'lots' is not a number\n"


@pytest.mark.parametrize("text, where, words", [
    ('Date,Sessions\n2026-06-02,"' + "9" * 200_000 + '"\n', ":2:2:", "field larger than field limit"),
    ('Date,Sessions,Note\n2026-06-02,5,"an unclosed quote\n' + "more text\n" * 20_000, ":2:3:",
     "field larger than field limit"),
    ("Date,Sessions\n2026-06-02," + "9" * 1_100_000 + "\n", ":2:1:", "row is longer than 1,048,576 bytes"),
    ("Date,Sessions\n2026-06-02,5\x00\n", ":2:2:", "is not a number"),
])
def test_a_csv_beyond_the_parsers_limits_names_row_and_column(root, tmp_path, capsys, text, where, words):
    with_rule(root, "import:\n  match: '*.csv'\n  date: Date\n  value: Sessions\n")
    export = write_tree(tmp_path, {"export.csv": text}) / "export.csv"
    before = files(root)
    code, _, err = run(capsys, "import", str(export), "--content", str(root), "--as-of", AS_OF)
    assert code == 1 and f"export.csv{where} error" in err and words in err, err
    assert files(root) == before


def test_an_export_beyond_the_row_bound_is_refused(root, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(analytics_files, "MAX_ROWS", 100, raising=False)
    with_rule(root, "import:\n  match: '*.csv'\n  date: Date\n  value: Sessions\n  partial: allow\n")
    export = write_tree(tmp_path, {"export.csv": "Date,Sessions\n" + "2026-06-02,1\n" * 150}) / "export.csv"
    before = files(root)
    code, _, err = run(capsys, "import", str(export), "--content", str(root), "--as-of", AS_OF)
    assert code == 1 and "export.csv:102:1: error the export has more than 100 rows" in err
    assert files(root) == before


def test_a_filter_pattern_never_backtracks(root, tmp_path):
    with_rule(root, "import:\n  match: '*.csv'\n  date: Date\n  value: Sessions\n  partial: allow\n"
                    "  filters:\n    - {column: Source, matches: '^(a+)+$'}\n")
    export = write_tree(tmp_path, {"export.csv": "Date,Sessions,Source\n" + "".join(
        f"2026-06-{day:02d},5,{'a' * 40}b\n" for day in range(1, 4)) + "2026-06-04,7,aaaa\n"}) / "export.csv"
    done = import_in_child(root, export, timeout=30)  # backtracking takes 2^40 steps per cell
    assert done.returncode == 0 and "1 added" in done.stdout, done.stderr
    assert (root / CSV).read_text(encoding="utf-8").endswith("2026-06-01,7,imported from export.csv\n")


@pytest.mark.parametrize("suffix", [".xls", ".ods", ".xlsb"])
def test_spreadsheets_other_than_xlsx_are_refused_unread(root, tmp_path, capsys, suffix):
    with_rule(root, "import:\n  match: 'export*'\n  date: Date\n  value: Sessions\n")
    export = write_tree(tmp_path, {f"export{suffix}": b"\xd0\xcf\x11\xe0" + b"\x00" * 600}) / f"export{suffix}"
    code, _, err = run(capsys, "import", str(export), "--content", str(root), "--as-of", AS_OF)
    assert code == 1 and err == f"{export}:1:1: error '{suffix}' spreadsheets are not read; save the export as XLSX or CSV\n"


# Import rules that validated clean and crashed `import`

BROKEN_RULES = {
    "no value column": ("import:\n  match: 'ga4-*.csv'\n  date: Date\n",
                        "14:3: error PB011 kpi is missing required field 'import.value'"),
    "a pattern that does not compile": (
        "import:\n  match: 'ga4-*.csv'\n  date: Date\n  value: Sessions\n  filters:\n    - {column: Date, matches: '('}\n",
        "18:31: error PB015 kpi field 'import.filters[0].matches': '(' is not a pattern imports can run: missing ): ("),
    "a lookahead": (
        "import:\n  match: 'ga4-*.csv'\n  date: Date\n  value: Sessions\n  filters:\n    - {column: Date, matches: 'x(?=y)'}\n",
        "18:31: error PB015 kpi field 'import.filters[0].matches': 'x(?=y)' is not a pattern imports can run"),
    "a bad date directive": ("import:\n  match: 'ga4-*.csv'\n  date: Date\n  value: Sessions\n  date_format: '%Y-%Q'\n",
                             "17:16: error PB015 kpi field 'import.date_format': '%Y-%Q' holds '%Q', which is not a date directive"),
    "a date format without a year": ("import:\n  match: 'ga4-*.csv'\n  date: Date\n  value: Sessions\n  date_format: '%d/%m'\n",
                                     "17:16: error PB015 kpi field 'import.date_format': '%d/%m' has no year"),
    "a stray percent sign": ("import:\n  match: 'ga4-*.csv'\n  date: Date\n  value: Sessions\n  date_format: '%Y%'\n",
                             "17:16: error PB015 kpi field 'import.date_format': '%Y%' holds a '%' with no directive"),
    "a filter that tests nothing": (
        "import:\n  match: 'ga4-*.csv'\n  date: Date\n  value: Sessions\n  filters:\n    - {column: Date}\n",
        "18:7: error PB011 kpi field 'import.filters[0]': a filter needs 'equals' or 'matches'"),
    "a match with a folder": ("import:\n  match: 'exports/ga4-*.csv'\n  date: Date\n  value: Sessions\n",
                              "14:10: error PB015 kpi field 'import.match': 'exports/ga4-*.csv' names a folder"),
    "filters as a mapping": ("import:\n  match: 'ga4-*.csv'\n  date: Date\n  value: Sessions\n  filters: {column: Date}\n",
                             "17:12: error PB010 kpi field 'import.filters': expected a list, found a mapping"),
    "an unknown aggregate": ("import:\n  match: 'ga4-*.csv'\n  date: Date\n  value: Sessions\n  aggregate: median\n",
                             "17:14: error PB013 kpi field 'import.aggregate': 'median' is not one of: sum, mean, last, count"),
}


@pytest.mark.parametrize("name", list(BROKEN_RULES))
def test_a_rule_that_would_crash_import_is_reported_by_validate_and_refused_by_import(root, tmp_path, capsys, name):
    rule, diagnostic = BROKEN_RULES[name]
    with_rule(root, rule)
    code, out, _ = run(capsys, "validate", str(root), "--as-of", AS_OF)
    assert code == 1 and f"{root / KPI}:{diagnostic}" in out, out
    export = write_tree(tmp_path, {"ga4-june.csv": "Date,Sessions\n2026-06-01,5\n"}) / "ga4-june.csv"
    before = files(root)
    code, _, err = run(capsys, "import", str(export), "--kpi", "qualified-leads", "--content", str(root),
                       "--as-of", AS_OF)
    assert code == 1 and err.startswith(f"{root / KPI}:{diagnostic}") and "has a broken import rule" in err, err
    assert files(root) == before


def test_a_rule_without_a_match_is_skipped_when_files_are_matched(root, tmp_path, capsys):
    with_rule(root, "import:\n  date: Date\n  value: Sessions\n")
    export = write_tree(tmp_path, {"ga4-june.csv": "Date,Sessions\n2026-06-01,5\n"}) / "ga4-june.csv"
    code, out, _ = run(capsys, "import", str(export), "--content", str(root), "--as-of", AS_OF)
    assert code == 0 and "no kpi has an import rule whose 'match' fits 'ga4-june.csv'" in out


def test_the_rules_that_count_rows_need_no_value_column(root, capsys):
    with_rule(root, "import:\n  match: 'ats-*.csv'\n  date: Applied on\n  aggregate: count\n"
                    "  filters:\n    - {column: Source, equals: 5}\n    - {column: Role, matches: '(?i)^engineer'}\n")
    code, out, _ = run(capsys, "validate", str(root), "--as-of", AS_OF)
    assert code == 0, out
