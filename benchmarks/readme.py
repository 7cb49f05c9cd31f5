"""The README's benchmark table, written from a saved run, never typed.

`compare --save FILE` keeps a run's figures as JSON (`save`); `python -m benchmarks
readme FILE` turns them into the table between the README's `bench:start` and
`bench:end` markers (`write`), with the machine's load while the run measured. A size whose
first search result was not measured (no Chromium) shows "-" there.
"""
from __future__ import annotations

import json
import os
import statistics
from dataclasses import asdict
from pathlib import Path

from .first_result import FirstResult
from .measure import Figure
from .report import SUMMARY, FirstResults, Rebuilds, Results, Weights, summary_rows
from .weight import Weight

START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def save(path: Path, results: Results, weights: Weights, firsts: FirstResults, repeat: int, load: tuple,
         rebuilds: Rebuilds | None = None) -> None:
    """A size whose first search result was not measured is saved without one."""
    figures = {str(n): {case: asdict(f) for case, f in r.items()} for n, r in results.items()}
    measured = {str(n): asdict(f) for n, f in firsts.items() if isinstance(f, FirstResult)}
    path.write_text(json.dumps({"results": figures, "weights": {str(n): asdict(w) for n, w in weights.items()},
                                "first_results": measured, "rebuilds": {str(n): t for n, t in (rebuilds or {}).items()},
                                "repeat": repeat, "load": [list(load[0]), list(load[1])], "cpus": os.cpu_count()},
                               indent=1), encoding="utf-8")


def load(path: Path) -> tuple[Results, Weights, FirstResults, dict]:
    """A run saved before the first search result was measured has none ("-" in the table)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    results = {int(n): {case: Figure(**f) for case, f in r.items()} for n, r in data["results"].items()}
    weights = {int(n): Weight(**w) for n, w in data["weights"].items()}
    firsts = {int(n): FirstResult(**f) for n, f in data.get("first_results", {}).items()}
    return results, weights, firsts, data


def table(path: Path) -> str:
    results, weights, firsts, data = load(path)
    before, after = (", ".join(f"{x:.2f}" for x in load) for load in data["load"])
    lines = [f"Processor seconds, medians of {data['repeat']} runs interleaved in one run on {data['cpus']} CPUs "
             f"(load average {before} before, {after} after); build / floor is the median of the rounds' ratios; "
             "memory and weight are the build's; the first search "
             "result is the time from typing a query to the first result drawn, in Chromium (the median of every "
             "query, cold, warm and typed key by key, and the slowest query):", "",
             "| " + " | ".join(SUMMARY) + " |", "|" + "---:|" * len(SUMMARY)]
    lines += ["| " + " | ".join(row) + " |" for row in summary_rows(results, weights, firsts)]
    for n, times in data.get("rebuilds", {}).items():
        seconds = statistics.median(t for __, t in times)
        lines += ["", f"From saving a file to the page showing it under `playbook serve` at {int(n):,} entities "
                      f"(a KPI's title, a goal's title and a measurement's note in turn, {len(times)} edits): "
                      f"median {seconds:.2f} s, {100 * seconds / results[int(n)]['build'].seconds:.1f}% of a full build."]
    return "\n".join(lines)


def write(figures: Path, readme: Path) -> None:
    """Replace the table between the markers; refuse when they are missing."""
    text = readme.read_text(encoding="utf-8")
    if START not in text or END not in text.split(START, 1)[1]:
        raise SystemExit(f"{readme}: no {START} ... {END} markers to write the table between")
    head, rest = text.split(START, 1)
    readme.write_text(f"{head}{START}\n{table(figures)}\n{END}{rest.split(END, 1)[1]}", encoding="utf-8")
