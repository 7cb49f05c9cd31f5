"""Time from saving a goal, a KPI or a measurement file to the changed page served by `playbook serve`.

`rebuild_times` starts the real `playbook serve` (`mkdocs serve --dirty`, live
reload on, as an editor runs it) on a free local port, waits for the first
build, then makes edits in turn: a KPI's title, a goal's title, the note on a
KPI's latest measurement. Each time it saves the file, notes the time
and asks for the page that shows the change until it is there. The server holds
requests while it rebuilds, so the figure covers noticing the change, the rebuild
and serving the page. Edits are a few seconds apart, as an editor's are.
"""
from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from .build import bench_env
from .generate import q

TIMEOUT = 300.0
POLL = 0.02
PAUSE = 3.0  # between edits: the search index of the last one is made meanwhile, as when an editor types


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError):
        return None


@contextmanager
def serving(project: Path):
    """The base URL of `playbook serve` running on the project, once its first build is served."""
    port = free_port()
    log = (project / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "playbook", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=project, env=bench_env(), stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + TIMEOUT
        while fetch(base) is None:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"playbook serve did not start; see {project / 'serve.log'}")
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def retitle(path: Path, title: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^title: .*$", f"title: {q(title)}", text, count=1), encoding="utf-8")


def measure(path: Path, note: str) -> None:
    """Write `note` on the file's latest measurement (its date and value stay, and with them
    the KPI's status and what its commentary must cover)."""
    rows = path.read_text(encoding="utf-8").rstrip("\n").splitlines()
    day, value = rows[-1].split(",")[:2]
    path.write_text("\n".join(rows[:-1] + [f"{day},{value},{note}"]) + "\n", encoding="utf-8")


def edits(project: Path):
    """An endless round of (kind, edit, page): each edit saves a file and returns the words its page then shows."""
    content = project / "content"
    kpi, goal = sorted((content / "kpis").glob("*.yml"))[0], sorted((content / "goals").glob("*.yml"))[0]
    series = content / "measurements" / f"{kpi.stem}.csv"
    n = 0
    while True:
        n += 1
        yield "KPI", lambda: retitle(kpi, f"Edited KPI number {n}") or f"Edited KPI number {n}", f"kpis/{kpi.stem}/"
        yield "goal", lambda: retitle(goal, f"Edited goal number {n}") or f"Edited goal number {n}", f"goals/{goal.stem}/"
        yield "measurement", lambda: measure(series, f"Reading number {n}") or f"Reading number {n}", f"kpis/{kpi.stem}/"


def rebuild_times(project: Path, count: int = 3, pause: float = PAUSE) -> list[tuple[str, float]]:
    """(kind of edit, seconds from saving it to the page showing it), for `count` edits."""
    times = []
    with serving(project) as base:
        for (kind, edit, page), __ in zip(edits(project), range(count)):
            time.sleep(pause)
            words = edit()
            saved = time.perf_counter()
            deadline = time.monotonic() + TIMEOUT
            while words not in (fetch(base + page) or ""):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{base + page} did not show the edit; see {project / 'serve.log'}")
                time.sleep(POLL)
            times.append((kind, time.perf_counter() - saved))
    return times
