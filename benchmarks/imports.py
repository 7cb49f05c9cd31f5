"""Hostile exports against `playbook import --dry-run`: wall time and peak memory.

`python -m benchmarks imports` writes each hostile file of `tests/hostile_exports.py`
(spreadsheets: a billion declared cells, a cell at the far corner, a shared-strings
table claiming billions of entries, zip bombs) and a few CSV ones (a field beyond the
parser's limit, a 100 MB export of 3 million rows, a filter pattern that backtracks
exponentially on a row's cell), runs the import on each in a fresh process and prints
exit status, wall time and peak memory; two exports within the bounds (900,000 CSV rows,
50,000 spreadsheet rows) show what a real one costs. A run is stopped after `TIMEOUT` seconds and
under an address-space cap of `MEMORY_CAP`, so a file that once took the machine down
now only reports that it hit the cap.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

TIMEOUT = 120
MEMORY_CAP = 4 << 30
RULE = "import:\n  match: '{match}'\n  date: Date\n  value: Sessions\n"
REDOS_RULE = RULE + "  filters:\n    - {{column: Source, matches: '^(a+)+$'}}\n"
WRAPPER = """\
import json, resource, subprocess, sys, time
cap = int(sys.argv[1])
def limit():
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
begin = time.perf_counter()
try:
    proc = subprocess.run(sys.argv[3:], cwd=sys.argv[2], capture_output=True, preexec_fn=limit, timeout=%d)
    status, err = proc.returncode, proc.stderr.decode("utf-8", "replace")
except subprocess.TimeoutExpired:
    status, err = "timeout", ""
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": time.perf_counter() - begin, "status": status, "peak_kb": usage.ru_maxrss,
                  "stderr": err.strip().splitlines()[-1][:150] if err.strip() else ""}))
""" % TIMEOUT


def csv_files(folder: Path) -> dict[str, Path]:
    files = {"csv-field-over-limit": folder / "field-over-limit.csv",
             "csv-900k-rows (fits)": folder / "t900k-rows.csv",
             "csv-3-million-rows": folder / "three-million-rows.csv",
             "csv-backtracking-filter": folder / "redos-export.csv"}
    files["csv-field-over-limit"].write_text("Date,Sessions\n2026-04-02,\"" + "9" * 300_000 + "\"\n", encoding="utf-8")
    for name, rows in (("csv-900k-rows (fits)", 900_000), ("csv-3-million-rows", 3_000_000)):
        with open(files[name], "w", encoding="utf-8") as out:
            out.write("Date,Sessions,Source,Campaign\n")
            for i in range(rows):
                out.write(f"2026-{i % 12 + 1:02d}-{i % 28 + 1:02d},{i % 1000},linkedin / social,spring-campaign-{i % 97}\n")
    files["csv-backtracking-filter"].write_text("Date,Sessions,Source\n" + "".join(
        f"2026-04-{d:02d},5,{'a' * 28}b\n" for d in range(1, 4)), encoding="utf-8")
    return files


def spreadsheet(path: Path, rows: int) -> Path:
    import datetime as dt

    import openpyxl
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["Date", "Sessions", "Source"])
    for i in range(rows):
        sheet.append([dt.date(2026, i % 12 + 1, i % 28 + 1), i % 1000, "linkedin / social"])
    book.save(path)
    return path


def project(folder: Path) -> Path:
    from tests.contenttree import copy_minimal, write_tree
    root = copy_minimal(folder / "content")
    kpi = (root / "kpis" / "qualified-leads.yml").read_text(encoding="utf-8")
    write_tree(root, {"kpis/qualified-leads.yml": kpi + RULE.format(match="*.xlsx"),
                      "kpis/csv-leads.yml": kpi + RULE.format(match="[ft]*.csv"),
                      "kpis/redos-leads.yml": kpi + REDOS_RULE.format(match="redos-*.csv")})
    return root


def run_import(root: Path, export: Path, env: dict) -> dict:
    command = [sys.executable, "-m", "playbook", "import", str(export), "--dry-run", "--content", str(root),
               "--as-of", "2026-06-01"]
    proc = subprocess.run([sys.executable, "-c", WRAPPER, str(MEMORY_CAP), str(root.parent), *command], env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def run() -> int:
    from tests.hostile_exports import HOSTILE
    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="playbook-imports-") as tmp:
        folder = Path(tmp)
        root = project(folder)
        exports = {name: make(folder / f"{name}.xlsx") for name, make in HOSTILE.items()}
        exports["xlsx-50k-rows (fits)"] = spreadsheet(folder / "rows-50k.xlsx", 50_000)
        exports.update(csv_files(folder))
        print(f"{'export':<26} | {'size':>9} | {'exit':>7} | {'wall':>8} | {'peak':>8} | last line of stderr")
        for name, export in exports.items():
            got = run_import(root, export, env)
            print(f"{name:<26} | {export.stat().st_size / 1024:7.0f} K | {got['status']!s:>7} | {got['seconds']:6.2f} s | "
                  f"{got['peak_kb'] / 1024:5.0f} MB | {got['stderr']}", flush=True)
    return 0
