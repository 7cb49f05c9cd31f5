"""Wall time and peak memory of a command, each run measured in a fresh wrapper process.

The wrapper (a small `python -c` script) starts the command, waits for it and
reports the wall time and `ru_maxrss` of RUSAGE_CHILDREN: the largest resident
set of the processes it waited for, which is the command itself (its own
children, such as git, are smaller). A fresh wrapper per run keeps each figure
to its own run. `Figure.of` sums up several runs: the median time and the
largest peak.
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

WRAPPER = """\
import json, resource, subprocess, sys, time
begin = time.perf_counter()
proc = subprocess.run(sys.argv[2:], cwd=sys.argv[1], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
print(json.dumps({"seconds": time.perf_counter() - begin, "status": proc.returncode,
                  "peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "stderr": proc.stderr.decode("utf-8", "replace")[-3000:]}))
"""


class CommandFailed(RuntimeError):
    pass


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float


@dataclass(frozen=True)
class Figure:
    seconds: float  # median wall time
    peak_mb: float  # largest peak resident memory of the runs
    runs: int

    @classmethod
    def of(cls, runs: list[Run]) -> "Figure":
        return cls(statistics.median(r.seconds for r in runs), max(r.peak_mb for r in runs), len(runs))


def run_once(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """One run of the command; raises CommandFailed when it fails."""
    proc = subprocess.run([sys.executable, "-c", WRAPPER, str(cwd), *command], env=env,
                          capture_output=True, text=True, check=True)
    report = json.loads(proc.stdout)
    if report["status"] != 0:
        raise CommandFailed(f"{' '.join(command)} (in {cwd}) exited with {report['status']}:\n{report['stderr']}")
    return Run(report["seconds"], report["peak_kb"] / 1024)
