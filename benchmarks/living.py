"""The living-playbook commands beside `playbook validate`, at 1,000 entities and 100,000 rows.

`playbook due` on the synthetic playbook and `playbook import --dry-run` of a 100,000-row
web-analytics export (day-first dates, thousands separators, a filter and a monthly sum),
each timed as its own process and printed as a ratio to `playbook validate` of the same
content, so the figures travel between machines.
"""
from __future__ import annotations

import datetime as dt
import os
import random
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


def measure(folder: Path, entities: int = 1000, rows: int = ROWS, repeat: int = 3) -> dict[str, float]:
    """Median processor seconds of validate, due and the import."""
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
    return times


def print_lines(times: dict[str, float], entities: int = 1000, rows: int = ROWS) -> None:
    print(f"Living playbook at {entities:,} entities (processor seconds, median):")
    print(f"  validate {times['validate']:.2f} s | due {times['due']:.2f} s ({times['due'] / times['validate']:.2f}x validate)"
          f" | import of {rows:,} rows {times['import']:.2f} s ({times['import'] / times['validate']:.2f}x validate)")
