"""Side by side at N entities: validate, the playbook build, and the same pages written by hand.

`prepare` writes one folder per size: the synthetic playbook (`generate`),
committed to a fresh git repository as a real playbook is (so entity pages
carry their history), and the same entities as hand-written Markdown
(`handwritten`). `compare` times four real commands, each in its own process,
`repeat` times, interleaved (each round in the reverse order of the one before) so
that a change in the machine's load touches all four alike:

* validate: `playbook validate` on the content (a);
* build: `mkdocs build` of the playbook (b);
* handwritten: `mkdocs build` of the hand-written pages, all in the sidebar (c);
* floor: the same pages kept out of the sidebar (d);

and, from `run`, `playbook build --builder zensical` of the playbook (`ZENSICAL`), beside (b).

Every run uses the data's own date (`PLAYBOOK_AS_OF`), so no KPI reads as stale.
"""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from playbook.outputs.publish import AS_OF_ENV

from .generate import AS_OF, generate
from .handwritten import write_handwritten
from .measure import Figure, Run, rounds, run_once
from .validate import command as validate_command

CASES = ("validate", "build", "handwritten", "floor")
ZENSICAL = "zensical"
SIDEBAR_UP_TO = 2000  # (c) grows with the square of the pages: beyond this size it is left out
MKDOCS_BUILD = [sys.executable, "-m", "mkdocs", "build"]


@dataclass(frozen=True)
class Workload:
    entities: int
    playbook: Path  # mkdocs.yml and content/ of the synthetic playbook
    handwritten: Path  # mkdocs.yml, mkdocs-floor.yml and docs/ of the hand-written pages

    def commands(self) -> dict[str, tuple[list[str], Path]]:
        return {
            "validate": (validate_command(self.playbook / "content"), self.playbook),
            "build": (MKDOCS_BUILD, self.playbook),
            "handwritten": (MKDOCS_BUILD, self.handwritten),
            "floor": ([*MKDOCS_BUILD, "-f", "mkdocs-floor.yml"], self.handwritten),
            ZENSICAL: ([sys.executable, "-m", "playbook", "build", "--builder", "zensical", "--site-dir", "site-zensical"],
                       self.playbook),
        }


def bench_env() -> dict[str, str]:
    return {**os.environ, AS_OF_ENV: AS_OF}


def commit(folder: Path) -> None:
    """Make the folder a git repository with everything in one commit (no-op without git)."""
    steps = [["init", "-q"], ["add", "content", "mkdocs.yml"],
             ["-c", "user.name=Benchmark", "-c", "user.email=benchmark@example.invalid",
              "commit", "-q", "-m", "Synthetic playbook"]]
    try:
        for step in steps:
            subprocess.run(["git", *step], cwd=folder, check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        pass


def prepare(entities: int, folder: Path) -> Workload:
    playbook = folder / f"playbook-{entities}"
    content = generate(entities, playbook)
    commit(playbook)
    handwritten = folder / f"handwritten-{entities}"
    write_handwritten(content, handwritten)
    return Workload(entities, playbook, handwritten)


def compare(workload: Workload, repeat: int, cases=CASES) -> dict[str, Figure]:
    """Case -> its figure over `repeat` runs."""
    if workload.entities > SIDEBAR_UP_TO:
        cases = tuple(c for c in cases if c != "handwritten")
    runs: dict[str, list[Run]] = {case: [] for case in cases}
    commands, env = workload.commands(), bench_env()
    for _, case in rounds(cases, repeat):
        command, cwd = commands[case]
        runs[case].append(run_once(command, cwd, env))
    return {case: Figure.of(r) for case, r in runs.items()}
