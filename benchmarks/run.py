"""One run of `make bench`: every size side by side, the incremental rebuild, the targets.

For each size, `benchmarks.build` prepares the synthetic playbook and its
hand-written twin and times the four cases and the Zensical build, and `benchmarks.first_result`
times the first search result on the built site in Chromium; at the size chosen for it,
`benchmarks.incremental` times edits under `playbook serve`. `benchmarks.report`
prints the tables, ratios and targets. The projects are written into a
temporary folder, or into `keep` to look at afterwards.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from . import builders, first_result, living, readme, report
from .build import CASES, ZENSICAL, compare, prepare
from .incremental import rebuild_times
from .weight import site_weight

SIZES = (250, 1000, 2000)
LARGE = 10_000  # `compare --large`: slow, so out of the default run
INCREMENTAL_AT = 1000
EDITS = 6  # two rounds of a KPI, a goal and a measurement


def run(sizes=SIZES, repeat: int = 3, incremental_at: int = INCREMENTAL_AT, edits: int = EDITS,
        keep: Path | None = None, save: Path | None = None) -> int:
    """Measure and print; exit status 1 when a target is missed. `save` keeps the figures as
    JSON, from which `python -m benchmarks readme` writes the README's table."""
    load_before = os.getloadavg()
    print(f"Load average before the run: {', '.join(f'{x:.2f}' for x in load_before)} "
          f"({os.cpu_count()} CPUs)", flush=True)
    weights: report.Weights = {}
    results: report.Results = {}
    rebuilds: report.Rebuilds = {}
    firsts: report.FirstResults = {}
    with tempfile.TemporaryDirectory(prefix="playbook-bench-") as tmp:
        folder = keep or Path(tmp)
        workloads = {}
        for n in sizes:
            workloads[n] = prepare(n, folder)
            results[n] = compare(workloads[n], repeat, (*CASES, ZENSICAL))
            weights[n] = site_weight(workloads[n].playbook / "site")
            firsts[n] = first_result.measure(workloads[n].playbook / "site", repeat)
            print(f"{n:,} entities measured", flush=True)
        if incremental_at:
            workload = workloads.get(incremental_at) or prepare(incremental_at, folder)
            rebuilds[incremental_at] = rebuild_times(workload.playbook, edits)
        builders_at = 1000 if 1000 in sizes else max(sizes)
        builder_figures = builders.compare(workloads[builders_at].playbook, repeat)
        living_at = 1000 if 1000 in sizes else max(sizes)
        living_rows = living.ROWS if living_at >= 1000 else 2_000  # smoke runs stay small
        living_times = living.measure(folder, living_at, living_rows, repeat)
    load_after = os.getloadavg()
    print(f"Load average after the run: {', '.join(f'{x:.2f}' for x in load_after)}\n")
    report.summary_table(results, weights, firsts)
    for n, figure in firsts.items():
        print(first_result.line(f"at {n:,} entities", figure))
    print()
    report.times_table(results, repeat)
    print()
    report.times_table(results, repeat, "cpu")
    print()
    report.memory_table(results)
    print()
    report.zensical_table(results)
    print()
    report.rebuilds_lines(rebuilds)
    print()
    living.print_lines(living_times, living_at, living_rows)
    print()
    builders.print_table(builder_figures, builders_at)
    print()
    if save:
        readme.save(save, results, weights, firsts, repeat, (load_before, load_after), rebuilds)
    checked = report.targets(results, rebuilds, firsts)
    report.print_targets(checked)
    return 1 if any(v is not None and not t.holds(v) for t, v in checked) else 0
