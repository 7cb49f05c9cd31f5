"""The benchmark's tables, ratios and targets.

`times_table` and `memory_table` show, per size, the four cases of
`benchmarks.build` side by side with the ratios b/c, b/d and a/b; `summary_table`
puts build, floor, their ratio, peak memory, page weight, the search payload and the
time to the first search result (`benchmarks.first_result`) side by side (the README's
table is made from the same rows, `benchmarks.readme`). `targets` checks the figures
against TARGETS, most of which are set at 1,000, 2,000 and 10,000 entities (at small
sizes start-up dominates every case; a target whose size was not run is "not
measured"), and `print_targets` prints each with what was measured.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Callable

from .build import CASES, ZENSICAL
from .first_result import FirstResult
from .measure import Figure, ratio
from .table import print_table
from .weight import Weight

Results = dict[int, dict[str, Figure]]  # entities -> case -> figure
Weights = dict[int, Weight]  # entities -> what a reader downloads from the build (b)
Rebuilds = dict[int, list[tuple[str, float]]]  # entities -> (kind of edit, seconds) of each edit under playbook serve
FirstResults = dict[int, FirstResult | str]  # entities -> time to the first search result, or why it was not measured


@dataclass(frozen=True)
class Target:
    figure: str
    target: str
    measure: Callable[[Results, Rebuilds, FirstResults], float | None]  # None: not measured in this run
    holds: Callable[[float], bool]
    show: Callable[[float], str]


def seconds(results: Results, n: int, case: str) -> float | None:
    return results[n][case].seconds if n in results and case in results[n] else None


def _ratio(top: tuple[int, str], bottom: tuple[int, str]):
    def measure(results: Results, *_) -> float | None:
        a, b = seconds(results, *top), seconds(results, *bottom)
        return None if a is None or b is None else a / b
    return measure


def _worst(top: str, bottom: str, sizes=(1000, 2000)):
    """The largest ratio top/bottom over those of the sizes that were run."""
    def measure(results: Results, *_) -> float | None:
        ratios = [seconds(results, n, top) / seconds(results, n, bottom) for n in sizes
                  if seconds(results, n, top) is not None and seconds(results, n, bottom) is not None]
        return max(ratios, default=None)
    return measure


def _worst_cpu(sizes=(1000, 2000, 10_000)):
    """The largest build / floor in processor time over the sizes that were run."""
    def measure(results: Results, *_) -> float | None:
        ratios = [_cpu_ratio(results[n], "build", "floor") for n in sizes if n in results]
        return max((r for r in ratios if r is not None), default=None)
    return measure


def _worst_zensical(results: Results, *_, sizes=(1000, 2000, 10_000)) -> float | None:
    """The largest Zensical / MkDocs build (b) in processor time over the sizes that were run."""
    ratios = [_cpu_ratio(results[n], ZENSICAL, "build") for n in sizes if n in results]
    return max((r for r in ratios if r is not None), default=None)


def _cpu_ratio(r: dict[str, Figure], top: str, bottom: str) -> float | None:
    """Processor time, round by round (`measure.ratio`); None where a case was not run."""
    return ratio(r[top], r[bottom]) if top in r and bottom in r else None


def _at(n: int, case: str, what: str):
    return lambda results, *_: getattr(results[n][case], what) if n in results and case in results[n] else None


def _rebuild(n: int):
    return lambda _results, rebuilds, _firsts: statistics.median(s for __, s in rebuilds[n]) if rebuilds.get(n) else None


def _rebuild_share(n: int):
    """The median edit under serve as a share of a full build's wall time."""
    def measure(results: Results, rebuilds: Rebuilds, firsts: FirstResults) -> float | None:
        edit, build = _rebuild(n)(results, rebuilds, firsts), seconds(results, n, "build")
        return None if edit is None or build is None else edit / build
    return measure


def _slowest_query(_results, _rebuilds, firsts: FirstResults, sizes=None) -> float | None:
    """The slowest query's time to the first result (its median over the rounds), over the sizes measured."""
    measured = [f.worst_ms for n, f in firsts.items() if isinstance(f, FirstResult) and (sizes is None or n in sizes)]
    return max(measured, default=None)


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
           lambda r, *_: r[2000]["build"].peak_mb if 2000 in r else None, lambda v: v <= 500, lambda v: f"{v:.0f} MB"),
    Target("validate (a) against build (b), at 1,000 and 2,000 entities", "at most 10%",
           _worst("validate", "build"), lambda v: v <= 0.10, lambda v: f"{v:.1%}"),
    Target("an edit seen under playbook serve at 1,000 entities (median)", "at most 1.5 s",
           _rebuild(1000), lambda v: v <= 1.5, lambda v: f"{v:.2f} s"),
    Target("an edit seen under serve against a full build, at 1,000 entities", "at most 10%",
           _rebuild_share(1000), lambda v: v <= 0.10, lambda v: f"{v:.1%}"),
    Target("build / floor in processor time, at 1,000, 2,000 and 10,000 entities", "at most 1.10",
           _worst_cpu(), lambda v: v <= 1.10, lambda v: f"{v:.2f}"),
    Target("build (b) at 10,000 entities", "at most 60 s",
           _at(10_000, "build", "seconds"), lambda v: v <= 60, lambda v: f"{v:.1f} s"),
    Target("peak memory of (b) at 10,000 entities", "at most 1,024 MB",
           _at(10_000, "build", "peak_mb"), lambda v: v <= 1024, lambda v: f"{v:.0f} MB"),
    Target("validate (a) at 10,000 entities", "under 3 s",
           _at(10_000, "validate", "seconds"), lambda v: v < 3, lambda v: f"{v:.2f} s"),
    Target("Zensical build against MkDocs build (b) in processor time, at 1,000, 2,000 and 10,000 entities", "at most 1.2x",
           _worst_zensical, lambda v: v <= 1.2, lambda v: f"{v:.2f}x"),
    Target("first search result at 10,000 entities (slowest query, cold, warm or typed)", "at most 300 ms",
           lambda *figures: _slowest_query(*figures, sizes=(10_000,)), lambda v: v <= 300, lambda v: f"{v:.0f} ms"),
    Target("first search result at every size run (slowest query, cold, warm or typed)", "at most 300 ms",
           _slowest_query, lambda v: v <= 300, lambda v: f"{v:.0f} ms"),
]


def _cell(r: dict[str, Figure], case: str, time: str) -> float | None:
    return getattr(r[case], time) if case in r else None


def _show(value: float | None, form: str = "{:.2f}") -> str:
    return "-" if value is None else form.format(value)


def _over(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a / b


def times_table(results: Results, repeat: int, time: str = "seconds") -> None:
    """The four cases side by side with b/c, b/d and a/b, in wall time or processor time ("cpu", where
    b/d is the median of the rounds' ratios, as the targets take it);
    "-" where a case was not run (the sidebar case (c) at the largest sizes)."""
    what = "Wall time" if time == "seconds" else "Processor time (user + system)"
    print(f"{what} in seconds, median of {repeat} run(s):")
    rows = []
    for n, r in results.items():
        a, b, c, d = (_cell(r, case, time) for case in CASES)
        b_c = _over(b, c)
        b_d = _cpu_ratio(r, "build", "floor") if time == "cpu" else _over(b, d)
        rows.append((f"{n:,}", _show(a), _show(b), _show(c), _show(d),
                     "-" if b_c is None else f"{b_c:.3f} ({1 / b_c:.1f}x faster)", _show(b_d),
                     _show(_over(a, b), "{:.1%}")))
    print_table(("entities", "(a) validate", "(b) build", "(c) hand-written", "(d) floor", "b/c", "b/d", "a/b"), rows)


def memory_table(results: Results) -> None:
    print("Peak memory in MB (largest resident set of each command over its runs):")
    rows = [(f"{n:,}", *(_show(r[case].peak_mb if case in r else None, "{:.0f}") for case in CASES))
            for n, r in results.items()]
    print_table(("entities", "(a) validate", "(b) build", "(c) hand-written", "(d) floor"), rows)


def zensical_table(results: Results) -> None:
    """Per size, `playbook build --builder zensical` beside the MkDocs build (b), timed in the same runs."""
    print("Zensical beside MkDocs (b), processor seconds (medians; the ratio is the median of the rounds') and peak MB:")
    rows = [(f"{n:,}", _show(_cell(r, "build", "cpu")), _show(_cell(r, ZENSICAL, "cpu")),
             _show(_cpu_ratio(r, ZENSICAL, "build"), "{:.2f}x"),
             _show(_cell(r, ZENSICAL, "seconds")), _show(_cell(r, ZENSICAL, "peak_mb"), "{:.0f}"))
            for n, r in results.items()]
    print_table(("entities", "(b) mkdocs cpu s", "zensical cpu s", "zensical / (b)", "zensical wall s", "zensical peak MB"),
                rows)


SUMMARY = ("entities", "build s", "floor s", "build / floor", "validate s", "peak MB", "entity page KB",
           "largest page KB", "search KB (gzip)", "first result ms (median / slowest)")


def summary_rows(results: Results, weights: Weights, firsts: FirstResults) -> list[tuple]:
    """Per size, in processor seconds (medians): the build, the floor, their ratio (round by round), validate,
    the build's peak memory, its entity pages' weight, its search payload and the time to
    the first search result ("-" where it was not measured)."""
    rows = []
    for n, r in results.items():
        build, floor, w, first = _cell(r, "build", "cpu"), _cell(r, "floor", "cpu"), weights.get(n), firsts.get(n)
        rows.append((f"{n:,}", _show(build), _show(floor), _show(_cpu_ratio(r, "build", "floor")), _show(_cell(r, "validate", "cpu")),
                     _show(r["build"].peak_mb if "build" in r else None, "{:.0f}"),
                     _show(w and w.page_kb, "{:.1f}"), _show(w and w.largest_page_kb, "{:.1f}"),
                     _show(w and w.search_kb, "{:.0f}"),
                     f"{first.median_ms:.0f} / {first.worst_ms:.0f}" if isinstance(first, FirstResult) else "-"))
    return rows


def summary_table(results: Results, weights: Weights, firsts: FirstResults) -> None:
    print("Side by side (processor seconds, medians; build / floor, the median of the rounds' ratios; memory and "
          "weight of the build (b); first search result "
          "in ms from typing, median / slowest query):")
    print_table(SUMMARY, summary_rows(results, weights, firsts))


def rebuilds_lines(rebuilds: Rebuilds) -> None:
    for n, times in rebuilds.items():
        print(f"From saving a file to the page showing it under playbook serve, at {n:,} entities: "
              f"{', '.join(f'{kind} {s:.2f}' for kind, s in times)} s "
              f"(median {statistics.median(s for __, s in times):.2f} s)")


def targets(results: Results, rebuilds: Rebuilds, firsts: FirstResults) -> list[tuple[Target, float | None]]:
    return [(t, t.measure(results, rebuilds, firsts)) for t in TARGETS]


def print_targets(checked: list[tuple[Target, float | None]]) -> None:
    rows = [(t.figure, t.target, "not measured" if v is None else t.show(v),
             "-" if v is None else ("ok" if t.holds(v) else "MISSED")) for t, v in checked]
    print_table(("figure", "target", "measured", "result"), rows)
