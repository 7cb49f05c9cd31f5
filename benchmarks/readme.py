"""The README's benchmark table, written from a saved run, never typed.

`compare --save FILE` keeps a run's figures as JSON (`save`); `python -m benchmarks
readme FILE` turns them into the table between the README's `bench:start` and
`bench:end` markers (`write`), with the machine's load while the run measured.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

from .measure import Figure
from .report import SUMMARY, Results, Weights, summary_rows
from .weight import Weight

START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def save(path: Path, results: Results, weights: Weights, repeat: int, load: tuple) -> None:
    figures = {str(n): {case: asdict(f) for case, f in r.items()} for n, r in results.items()}
    path.write_text(json.dumps({"results": figures, "weights": {str(n): asdict(w) for n, w in weights.items()},
                                "repeat": repeat, "load": [list(load[0]), list(load[1])], "cpus": os.cpu_count()},
                               indent=1), encoding="utf-8")


def load(path: Path) -> tuple[Results, Weights, dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    results = {int(n): {case: Figure(**f) for case, f in r.items()} for n, r in data["results"].items()}
    weights = {int(n): Weight(**w) for n, w in data["weights"].items()}
    return results, weights, data


def table(path: Path) -> str:
    results, weights, data = load(path)
    before, after = (", ".join(f"{x:.2f}" for x in load) for load in data["load"])
    lines = [f"Processor seconds, medians of {data['repeat']} runs interleaved in one run on {data['cpus']} CPUs "
             f"(load average {before} before, {after} after); memory and weight are the build's:", "",
             "| " + " | ".join(SUMMARY) + " |", "|" + "---:|" * len(SUMMARY)]
    lines += ["| " + " | ".join(row) + " |" for row in summary_rows(results, weights)]
    return "\n".join(lines)


def write(figures: Path, readme: Path) -> None:
    """Replace the table between the markers; refuse when they are missing."""
    text = readme.read_text(encoding="utf-8")
    if START not in text or END not in text.split(START, 1)[1]:
        raise SystemExit(f"{readme}: no {START} ... {END} markers to write the table between")
    head, rest = text.split(START, 1)
    readme.write_text(f"{head}{START}\n{table(figures)}\n{END}{rest.split(END, 1)[1]}", encoding="utf-8")
