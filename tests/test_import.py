"""`playbook import` end to end on realistic export files written here: a web-analytics CSV
(comment lines, YYYYMMDD dates, thousands separators, a totals row), a social platform's
semicolon CSV (byte-order mark, decimal commas, day-first dates, blank rows) and an
applicant tracking system's XLSX; re-imports, revised exports, dry runs and bad files."""
from __future__ import annotations

import json

import openpyxl
import pytest

from playbook.cli.commands import main

from .contenttree import copy_minimal, write_tree

CSV = "measurements/qualified-leads.csv"
GA4 = """# ----------------------------------------
# Traffic acquisition: Session source / medium
# Start date: 20260401
# End date: 20260531
# ----------------------------------------
Date,Session source / medium,Sessions,Key events
20260402,linkedin / social,"1,204",31
20260402,google / organic,"9,876",120
20260415,linkedin / social,796,19
20260503,linkedin / social,"2,010",44
20260503,(direct) / (none),"3,333",12

20260520,LinkedIn / social,990,21
Grand total,,"18,209",247
"""
SOCIAL = "\ufeffDatum;Kampagne;Klicks;Kosten\n02.04.2026;repair-spring;1.204;12,50\n\n16.04.2026;other;5;1,00\n" \
         "03.05.2026;repair-may;2.010,5;30,25\n"
RULES = {
    "ga4": "import:\n  match: 'ga4-*.csv'\n  date: Date\n  value: Sessions\n"
           "  filters:\n    - {column: Session source / medium, equals: linkedin / social}\n",
    "social": "import:\n  match: 'social-*.csv'\n  date: Datum\n  date_format: '%d.%m.%Y'\n  value: Klicks\n"
              "  filters:\n    - {column: Kampagne, matches: '^repair-'}\n  partial: allow\n",
    "ats": "import:\n  match: 'ats-*.xlsx'\n  date: Applied on\n  aggregate: count\n"
           "  filters:\n    - {column: Source, equals: LinkedIn careers tab}\n  partial: allow\n",
}


def project(tmp_path, rule: str):
    root = copy_minimal(tmp_path / "content")
    kpi = (root / "kpis" / "qualified-leads.yml").read_text(encoding="utf-8")
    write_tree(root, {"kpis/qualified-leads.yml": kpi + RULES[rule],
                      CSV: "date,value,note\n2026-01-01,10,\n2026-02-01,25,\n2026-03-01,41,kick-off\n"})
    return root


def run(capsys, root, *argv):
    code = main(["import", *map(str, argv), "--content", str(root)])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out, out.err


def rows_of(root) -> list[str]:
    return (root / CSV).read_text(encoding="utf-8").splitlines()[1:]


def test_a_web_analytics_export_credits_only_its_tactic(tmp_path, capsys):
    root = project(tmp_path, "ga4")
    export = write_tree(tmp_path, {"ga4-acquisition.csv": GA4}) / "ga4-acquisition.csv"
    code, out, _ = run(capsys, root, export)
    assert code == 0 and "kpi 'qualified-leads': 2 added, 0 revised, 0 unchanged" in out
    assert rows_of(root)[-2:] == ["2026-04-01,2000,imported from ga4-acquisition.csv",
                                  "2026-05-01,3000,imported from ga4-acquisition.csv"]
    provenance = json.loads((root / (CSV + ".import.json")).read_text(encoding="utf-8"))
    assert provenance["2026-04-01"]["source"] == "ga4-acquisition.csv" and len(provenance["2026-04-01"]["sha256"]) == 64


def test_importing_twice_changes_nothing_and_a_revised_export_says_so(tmp_path, capsys):
    root = project(tmp_path, "ga4")
    export = write_tree(tmp_path, {"ga4-acquisition.csv": GA4}) / "ga4-acquisition.csv"
    run(capsys, root, export)
    before = ((root / CSV).read_bytes(), (root / (CSV + ".import.json")).read_bytes())
    code, out, _ = run(capsys, root, export)
    assert code == 0 and "0 added, 0 revised, 2 unchanged (nothing to write in" in out
    assert ((root / CSV).read_bytes(), (root / (CSV + ".import.json")).read_bytes()) == before
    write_tree(tmp_path, {"ga4-acquisition.csv": GA4.replace("20260520,LinkedIn / social,990", "20260520,LinkedIn / social,1090")})
    code, out, _ = run(capsys, root, export, "--dry-run")
    assert "0 added, 1 revised, 1 unchanged (would change" in out and "~ 2026-05-01,3000 -> 3100 (revised)" in out
    assert (root / CSV).read_bytes() == before[0]
    run(capsys, root, export)
    assert rows_of(root)[-1] == "2026-05-01,3100,imported from ga4-acquisition.csv"


def test_a_semicolon_export_with_decimal_commas_and_a_byte_order_mark(tmp_path, capsys):
    root = project(tmp_path, "social")
    export = write_tree(tmp_path, {"social-clicks.csv": SOCIAL}) / "social-clicks.csv"
    assert run(capsys, root, export)[0] == 0
    assert rows_of(root)[-2:] == ["2026-04-01,1204,imported from social-clicks.csv",
                                  "2026-05-01,2010.5,imported from social-clicks.csv"]


def test_a_spreadsheet_export_counts_rows(tmp_path, capsys):
    root = project(tmp_path, "ats")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Candidate", "Applied on", "Source"])
    import datetime as dt
    for day, source in [(dt.date(2026, 4, 3), "LinkedIn careers tab"), (dt.date(2026, 4, 20), "LinkedIn careers tab"),
                        (dt.date(2026, 4, 21), "Job board"), (dt.date(2026, 5, 2), "LinkedIn careers tab")]:
        sheet.append(["A. Person", day, source])
    book.save(tmp_path / "ats-applications.xlsx")
    assert run(capsys, root, tmp_path / "ats-applications.xlsx")[0] == 0
    assert [r.split(",")[:2] for r in rows_of(root)[-2:]] == [["2026-04-01", "2"], ["2026-05-01", "1"]]


@pytest.mark.parametrize("text, where, words", [
    ("Date,Session source / medium,Sessions\n20260402,linkedin / social,12\nsoon,linkedin / social,3\n", ":3:1:",
     "'soon' is not a date"),
    ("Date,Session source / medium,Sessions\n20260402,linkedin / social,twelve\n", ":2:3:", "'twelve' is not a number"),
    ("Day,Session source / medium,Sessions\n20260402,linkedin / social,12\n", ":1:1:", "no column 'Date' for the date"),
    ("Date,Medium,Sessions\n20260402,social,12\n", ":1:1:", "no column 'Session source / medium' for the filter"),
    ("", ":1:1:", "holds no rows"),
])
def test_bad_exports_name_file_row_and_column(tmp_path, capsys, text, where, words):
    root = project(tmp_path, "ga4")
    export = write_tree(tmp_path, {"ga4-bad.csv": text}) / "ga4-bad.csv"
    before = (root / CSV).read_bytes()
    code, _, err = run(capsys, root, export)
    assert code == 1 and f"ga4-bad.csv{where} error" in err and words in err, err
    assert (root / CSV).read_bytes() == before


def test_files_no_rule_matches_and_missing_files(tmp_path, capsys):
    root = project(tmp_path, "ga4")
    other = write_tree(tmp_path, {"other.csv": GA4}) / "other.csv"
    assert "no kpi has an import rule" in run(capsys, root, other)[1]
    assert run(capsys, root, tmp_path / "missing.csv")[0] == 2
    write_tree(tmp_path, {"bytes.csv": b"Date,Session source / medium,Sessions\n\xff\xfe,x,1\n"})
    code, _, err = run(capsys, root, tmp_path / "bytes.csv", "--kpi", "qualified-leads")
    assert code == 1 and "bytes.csv:2:1: error not UTF-8" in err


def test_the_samples_export_agrees_with_its_measurements(capsys):
    from .sitebuild import REPO
    code = main(["import", str(REPO / "content/imports/web-analytics-2026-10-11.csv"), "--content",
                 str(REPO / "content"), "--dry-run"])
    out = capsys.readouterr().out
    assert code == 0 and "kpi 'online-repair-bookings-social': 0 added, 0 revised, 2 unchanged" in out
