"""Wall time and peak memory of a command, each run measured in a fresh wrapper process.

The wrapper (a small `python -c` script) starts the command, waits for it and
reports the wall time, and from RUSAGE_CHILDREN the processor time (user and
system) and `ru_maxrss`: the largest resident set of the processes it waited
for, which is the command itself (its own children, such as git, are smaller).
A fresh wrapper per run keeps each figure to its own run. Processor time hardly
moves when other work shares the machine, so it backs up the wall time there.
`Figure.of` sums up several runs: the median times and the largest peak, and each run's
processor time in the order of the rounds, from which `ratio` compares two commands timed in
the same rounds.
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
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": time.perf_counter() - begin, "status": proc.returncode,
                  "cpu": usage.ru_utime + usage.ru_stime, "peak_kb": usage.ru_maxrss,
                  "stderr": proc.stderr.decode("utf-8", "replace")[-3000:]}))
"""


class CommandFailed(RuntimeError):
    pass


@dataclass(frozen=True)
class Run:
    seconds: float  # wall time
    cpu: float  # processor time, user and system
    peak_mb: float


@dataclass(frozen=True)
class Figure:
    seconds: float  # median wall time
    cpu: float  # median processor time
    peak_mb: float  # largest peak resident memory of the runs
    runs: int
    cpu_runs: tuple[float, ...] = ()  # each run's processor time, round by round

    @classmethod
    def of(cls, runs: list[Run]) -> "Figure":
        return cls(statistics.median(r.seconds for r in runs), statistics.median(r.cpu for r in runs),
                   max(r.peak_mb for r in runs), len(runs), tuple(r.cpu for r in runs))


def ratio(top: Figure, bottom: Figure) -> float:
    """`top`'s processor time over `bottom`'s: the median of the rounds' ratios where both were
    timed in the same rounds, else the ratio of the medians. This machine's speed moves from one
    round to the next by more than the gap measured; two commands of one round run minutes apart
    at most, so the pairs cancel what a round's speed adds to both."""
    if top.cpu_runs and len(top.cpu_runs) == len(bottom.cpu_runs):
        return statistics.median(a / b for a, b in zip(top.cpu_runs, bottom.cpu_runs))
    return top.cpu / bottom.cpu


def rounds(cases: tuple, repeat: int):
    """(round, case) in the order to run them: each round in the reverse order of the one before,
    so that a speed that drifts during the rounds touches the first and the last case alike."""
    for n in range(repeat):
        for case in (cases if n % 2 == 0 else cases[::-1]):
            yield n, case


def run_once(command: list[str], cwd: Path, env: dict[str, str] | None = None, ok=(0,)) -> Run:
    """One run of the command; raises CommandFailed when its exit status is not in `ok`."""
    proc = subprocess.run([sys.executable, "-c", WRAPPER, str(cwd), *command], env=env,
                          capture_output=True, text=True, check=True)
    report = json.loads(proc.stdout)
    if report["status"] not in ok:
        raise CommandFailed(f"{' '.join(command)} (in {cwd}) exited with {report['status']}:\n{report['stderr']}")
    return Run(report["seconds"], report["cpu"], report["peak_kb"] / 1024)
