"""The benchmark's tables, ratios and targets.

`times_table` and `memory_table` show, per size, the four cases of
`benchmarks.build` side by side with the ratios b/c, b/d and a/b. `targets`
checks the wall times against TARGETS, which are set at 1,000 and 2,000
entities (at small sizes start-up dominates every case; a target whose size
was not run is "not measured"), and `print_targets` prints each with what was
measured.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Callable

from .build import CASES
from .measure import Figure
from .table import print_table

Results = dict[int, dict[str, Figure]]  # entities -> case -> figure
Rebuilds = dict[int, list[float]]  # entities -> seconds of each edit under playbook serve


@dataclass(frozen=True)
class Target:
    figure: str
    target: str
    measure: Callable[[Results, Rebuilds], float | None]  # None: not measured in this run
    holds: Callable[[float], bool]
    show: Callable[[float], str]


def seconds(results: Results, n: int, case: str) -> float | None:
    return results[n][case].seconds if n in results else None


def _ratio(top: tuple[int, str], bottom: tuple[int, str]):
    def measure(results: Results, _rebuilds) -> float | None:
        a, b = seconds(results, *top), seconds(results, *bottom)
        return None if a is None or b is None else a / b
    return measure


def _worst(top: str, bottom: str, sizes=(1000, 2000)):
    """The largest ratio top/bottom over those of the sizes that were run."""
    def measure(results: Results, _rebuilds) -> float | None:
        ratios = [seconds(results, n, top) / seconds(results, n, bottom) for n in sizes if n in results]
        return max(ratios, default=None)
    return measure


def _rebuild(n: int):
    return lambda _results, rebuilds: statistics.median(rebuilds[n]) if rebuilds.get(n) else None


TARGETS = [
    Target("build (b) against hand-written (c) at 1,000 entities", "at least 6x faster",
           _ratio((1000, "handwritten"), (1000, "build")), lambda v: v >= 6, lambda v: f"{v:.1f}x faster"),
    Target("build (b) against hand-written (c) at 2,000 entities", "at least 12x faster",
           _ratio((2000, "handwritten"), (2000, "build")), lambda v: v >= 12, lambda v: f"{v:.1f}x faster"),
    Target("build (b) against the floor (d), at 1,000 and 2,000 entities", "at most 1.5x",
           _worst("build", "floor"), lambda v: v <= 1.5, lambda v: f"{v:.2f}x"),
    Target("time(2,000) / time(1,000) for (b)", "at most 2.2",
           _ratio((2000, "build"), (1000, "build")), lambda v: v <= 2.2, lambda v: f"{v:.2f}"),
    Target("peak memory of (b) at 2,000 entities", "at most 500 MB",
           lambda r, _: r[2000]["build"].peak_mb if 2000 in r else None, lambda v: v <= 500, lambda v: f"{v:.0f} MB"),
    Target("validate (a) against build (b), at 1,000 and 2,000 entities", "at most 10%",
           _worst("validate", "build"), lambda v: v <= 0.10, lambda v: f"{v:.1%}"),
    Target("incremental rebuild at 1,000 entities (median)", "at most 3 s",
           _rebuild(1000), lambda v: v <= 3, lambda v: f"{v:.2f} s"),
]


def times_table(results: Results, repeat: int, time: str = "seconds") -> None:
    """The four cases side by side with b/c, b/d and a/b, in wall time or processor time ("cpu")."""
    what = "Wall time" if time == "seconds" else "Processor time (user + system)"
    print(f"{what} in seconds, median of {repeat} run(s):")
    rows = []
    for n, r in results.items():
        a, b, c, d = (getattr(r[case], time) for case in CASES)
        rows.append((f"{n:,}", f"{a:.2f}", f"{b:.2f}", f"{c:.2f}", f"{d:.2f}",
                     f"{b / c:.3f} ({c / b:.1f}x faster)", f"{b / d:.2f}", f"{a / b:.1%}"))
    print_table(("entities", "(a) validate", "(b) build", "(c) hand-written", "(d) floor", "b/c", "b/d", "a/b"), rows)


def memory_table(results: Results) -> None:
    print("Peak memory in MB (largest resident set of each command over its runs):")
    rows = [(f"{n:,}", *(f"{r[case].peak_mb:.0f}" for case in CASES))
            for n, r in results.items()]
    print_table(("entities", "(a) validate", "(b) build", "(c) hand-written", "(d) floor"), rows)


def rebuilds_lines(rebuilds: Rebuilds) -> None:
    for n, times in rebuilds.items():
        print(f"Incremental rebuild at {n:,} entities under playbook serve, {len(times)} edit(s): "
              f"{', '.join(f'{s:.2f}' for s in times)} s (median {statistics.median(times):.2f} s)")


def targets(results: Results, rebuilds: Rebuilds) -> list[tuple[Target, float | None]]:
    return [(t, t.measure(results, rebuilds)) for t in TARGETS]


def print_targets(checked: list[tuple[Target, float | None]]) -> None:
    rows = [(t.figure, t.target, "not measured" if v is None else t.show(v),
             "-" if v is None else ("ok" if t.holds(v) else "MISSED")) for t, v in checked]
    print_table(("figure", "target", "measured", "result"), rows)
