"""The three builders side by side on the same synthetic playbook, in one run.

At N entities (1,000 in `make bench`): `playbook build` with MkDocs, with ProperDocs and
with Zensical (which includes writing the site source), and Zensical again on a source
already rendered, cold (`--clean`, no cache) and with the cache its previous run left.
Each is a process of its own, interleaved `repeat` times (each round in the reverse order of
the one before); medians of wall and processor time and the largest peak memory are printed,
with each builder's ratio to MkDocs (`measure.ratio`, round by round).
"""
from __future__ import annotations

import sys
from pathlib import Path

from .build import bench_env
from .measure import Figure, ratio, rounds, run_once

CASES = ("mkdocs", "properdocs", "zensical", "zensical source, cold", "zensical source, cached")


def commands(playbook: Path) -> dict[str, list[str]]:
    build = [sys.executable, "-m", "playbook", "build", "--site-dir"]
    source = str(playbook / "rendered" / "mkdocs.yml")
    return {"mkdocs": build + ["site-mkdocs", "--builder", "mkdocs"],
            "properdocs": build + ["site-properdocs", "--builder", "properdocs"],
            "zensical": build + ["site-zensical", "--builder", "zensical"],
            "zensical source, cold": [sys.executable, "-m", "zensical", "build", "--clean", "-f", source],
            "zensical source, cached": [sys.executable, "-m", "zensical", "build", "-f", source]}


def compare(playbook: Path, repeat: int) -> dict[str, Figure]:
    env = bench_env()
    run_once([sys.executable, "-m", "playbook", "render", "rendered"], playbook, env)
    runs, every = {case: [] for case in CASES}, commands(playbook)
    for _, case in rounds(CASES, repeat):
        runs[case].append(run_once(every[case], playbook, env))
    return {case: Figure.of(r) for case, r in runs.items()}


def print_table(figures: dict[str, Figure], entities: int) -> None:
    base = figures["mkdocs"]
    print(f"Builders at {entities:,} entities (median of {base.runs} runs; processor time over MkDocs', the median of the rounds' ratios):")
    print(f"{'builder':<26} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'cpu / mkdocs':>13}")
    for case, f in figures.items():
        print(f"{case:<26} {f.seconds:8.2f} {f.cpu:8.2f} {f.peak_mb:8.0f} {ratio(f, base):13.2f}")
