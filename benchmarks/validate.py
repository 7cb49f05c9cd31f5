"""Time `playbook validate` on synthetic playbooks of 1,000 and 10,000 entities.

The time is the processor time (user and system) of the real command run as a process
(interpreter start-up and imports included), the median of several runs, on playbooks
generated into a temporary folder; its wall time is printed beside it. Targets: 1,000
entities under 1 s, 10,000 under 3 s. With `--profile`, an in-process check of each size
runs under cProfile and the functions that take the most time of their own are printed.

The command imports its modules as an installed package does, from bytecode compiled once
(kept in the temporary folder, after a run that is not timed), even where
PYTHONDONTWRITEBYTECODE is set; with `--no-bytecode-cache` every run compiles every module
of the package again, which costs about a tenth of a second more. The schemas' code is read
from the package's folder where a run before kept it (`playbook.content.schema_code`), as it
is for any user after their first check.
"""
from __future__ import annotations

import cProfile
import datetime as dt
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playbook.check.checker import check

from .generate import AS_OF, generate
from .table import print_table

SIZES = {1_000: 1.0, 10_000: 3.0}
"""Entities -> target processor time in seconds."""


def command(content: Path) -> list[str]:
    script = Path(sys.executable).with_name("playbook")
    start = [str(script)] if script.exists() else [sys.executable, "-m", "playbook"]
    return [*start, "validate", str(content), "--as-of", AS_OF]


def environment(bytecode: Path | None) -> dict[str, str]:
    """The command's environment: with `bytecode`, Python keeps the modules it compiles there."""
    env = dict(os.environ)
    if bytecode is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(bytecode)
    return env


def time_validate(content: Path, repeat: int, bytecode: Path | None = None) -> tuple[float, float, str]:
    """(median processor seconds, median wall seconds, the command's summary line)."""
    cpu, wall, summary = [], [], ""
    env = environment(bytecode)
    if bytecode is not None:  # compiles what the timed runs then read
        subprocess.run(command(content), capture_output=True, env=env)
    for _ in range(repeat):
        before, begin = os.times(), time.perf_counter()
        proc = subprocess.run(command(content), capture_output=True, text=True, env=env)
        wall.append(time.perf_counter() - begin)
        after = os.times()
        cpu.append(after.children_user - before.children_user + after.children_system - before.children_system)
        summary = (proc.stdout.strip().splitlines() or [proc.stderr.strip()])[-1]
    return statistics.median(cpu), statistics.median(wall), summary


def profile(content: Path, top: int = 15) -> None:
    profiler = cProfile.Profile()
    profiler.runcall(check, content, as_of=dt.date.fromisoformat(AS_OF))
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(top)


def run(sizes: list[int], repeat: int = 3, with_profile: bool = False, bytecode_cache: bool = True) -> int:
    """Generate, time and print a table; exit status 1 when a size misses its target."""
    rows, missed = [], False
    with tempfile.TemporaryDirectory() as tmp:
        bytecode = Path(tmp) / "bytecode" if bytecode_cache else None
        for n in sizes:
            content = generate(n, Path(tmp) / f"playbook-{n}")
            files = sum(1 for p in content.rglob("*") if p.is_file())
            seconds, wall, summary = time_validate(content, repeat, bytecode)
            target = SIZES.get(n)
            ok = target is None or seconds < target
            missed |= not ok
            rows.append((f"{n:,}", f"{files:,}", f"{seconds:.2f}", f"{wall:.2f}", f"< {target:g}" if target else "-",
                         "ok" if ok else "MISSED", summary))
            if with_profile:
                print(f"\nprofile of check() on {n:,} entities:")
                profile(content)
    print(f"load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}; modules "
          + ("imported from bytecode compiled once" if bytecode_cache else "compiled again in every run"))
    print_table(("entities", "files", f"processor s (median of {repeat})", "wall s", "target s", "result",
                 "checker says"), rows)
    return 1 if missed else 0
