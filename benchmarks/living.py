"""The living-playbook commands beside `playbook validate`, at 1,000 entities and 100,000 rows.

`playbook due` on the synthetic playbook and `playbook import --dry-run` of a 100,000-row
web-analytics export (day-first dates, thousands separators, a filter and a monthly sum),
each timed as its own process and printed as a ratio to `playbook validate` of the same
content, so the figures travel between machines.

Beside them, what the site's recent changes cost a build: the same playbook as a git
repository whose last `HISTORY` commits fall in the window (each adds readings to 15 KPIs and
rewords 5 goals, as a team's weeks do), read by `recent_changes` in a fresh process after the
folder is checked, as a build reads them. The window of the build's own workload holds no commit
(it is committed on the day the benchmark runs, after its as-of date), so this is the one figure
of what history costs.
"""
from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
from pathlib import Path

from .generate import AS_OF, generate
from .measure import run_once

ROWS = 100_000
RULE = ("import:\n  match: 'ga4-*.csv'\n  date: Date\n  value: Sessions\n"
        "  filters:\n    - {column: Source, equals: LinkedIn}\n")


def write_export(path: Path, rows: int = ROWS) -> Path:
    rng = random.Random(20260601)
    start = dt.date(2025, 1, 1)
    with path.open("w", encoding="utf-8") as out:
        out.write("Date,Source,Campaign,Sessions\n")
        for i in range(rows):
            day = start + dt.timedelta(days=i % 500)
            out.write(f"{day:%d/%m/%Y},{rng.choice(['LinkedIn', 'Email', 'Google'])},spring-{i % 7},"
                      f"\"{rng.randint(1, 2000):,}\"\n")
    return path


HISTORY = 12
"""Commits in the window of recent changes: what `recent_changes` reads at most."""
READ_HISTORY = """
import datetime as dt, sys, time
from pathlib import Path
from playbook.check.checker import check
from playbook.living.recent_changes import recent_changes
content, as_of = Path(sys.argv[1]), dt.date.fromisoformat(sys.argv[2])
current = check(content, as_of=as_of)
assert not current.errors, current.errors[0]
began = time.process_time()
found = recent_changes(content, "internal", as_of, current)
assert found, "no recent change was read"
print(time.process_time() - began)
"""


def write_history(content: Path, commits: int = HISTORY) -> None:
    """Make the folder above `content` a repository: the playbook committed before the window, then
    `commits` commits a day apart up to AS_OF, each changing 15 measurement files and 5 goals."""
    top, rng, end = content.parent, random.Random(20261207), dt.date.fromisoformat(AS_OF)
    csvs, goals = sorted((content / "measurements").glob("*.csv")), sorted((content / "goals").glob("*.yml"))
    _commit(top, "The playbook", end - dt.timedelta(days=120), init=True)
    for n in range(commits):
        day = end - dt.timedelta(days=commits - 1 - n)
        for csv in rng.sample(csvs, min(15, len(csvs))):
            csv.write_text(csv.read_text(encoding="utf-8") + f"{day},{rng.randint(1, 900)},\n", encoding="utf-8")
        for goal in rng.sample(goals, min(5, len(goals))):
            goal.write_text(goal.read_text(encoding="utf-8").replace("title: ", f"title: Week {n} - ", 1), encoding="utf-8")
        _commit(top, f"Week {n}", day)


def _commit(top: Path, subject: str, day: dt.date, init: bool = False) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": f"{day}T10:00:00+00:00", "GIT_COMMITTER_DATE": f"{day}T10:00:00+00:00"}
    steps = ([["init", "-q"]] if init else []) + [["add", "-A"], ["-c", "user.name=Benchmark", "-c",
                                                                   "user.email=benchmark@example.invalid", "commit", "-q", "-m", subject]]
    for step in steps:
        subprocess.run(["git", *step], cwd=top, env=env, check=True, capture_output=True)


def history_seconds(folder: Path, entities: int, repeat: int = 3) -> float:
    """Median processor seconds of reading the recent changes of HISTORY commits."""
    content = generate(entities, folder / "history")
    write_history(content)
    command = [sys.executable, "-c", READ_HISTORY, str(content), AS_OF]
    runs = sorted(float(subprocess.run(command, capture_output=True, text=True, check=True).stdout) for _ in range(repeat))
    return runs[len(runs) // 2]


def measure(folder: Path, entities: int = 1000, rows: int = ROWS, repeat: int = 3) -> dict[str, float]:
    """Median processor seconds of validate, due, the import and reading the recent changes."""
    content = generate(entities, folder / "living")
    kpi = next(iter(sorted((content / "kpis").iterdir())))
    kpi.write_text(kpi.read_text(encoding="utf-8").rstrip("\n") + "\n" + RULE, encoding="utf-8")
    export = write_export(folder / "ga4-sessions.csv", rows)
    env = {**os.environ}
    base = [sys.executable, "-m", "playbook"]
    commands = {"validate": base + ["validate", str(content), "--as-of", AS_OF],
                "due": base + ["due", "--content", str(content), "--as-of", AS_OF],
                "import": base + ["import", str(export), "--content", str(content), "--dry-run", "--as-of", AS_OF]}
    times = {}
    for name, command in commands.items():
        runs = sorted(run_once(command, folder, env, ok=(0, 1)).cpu for _ in range(repeat))
        times[name] = runs[len(runs) // 2]
    times["history"] = history_seconds(folder, entities, repeat)
    return times


def print_lines(times: dict[str, float], entities: int = 1000, rows: int = ROWS) -> None:
    print(f"Living playbook at {entities:,} entities (processor seconds, median):")
    print(f"  validate {times['validate']:.2f} s | due {times['due']:.2f} s ({times['due'] / times['validate']:.2f}x validate)"
          f" | import of {rows:,} rows {times['import']:.2f} s ({times['import'] / times['validate']:.2f}x validate)")
    print(f"  recent changes of {HISTORY} commits {times['history']:.2f} s ({times['history'] / times['validate']:.2f}x validate),"
          " read after the check, as a build reads them")
