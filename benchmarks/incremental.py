"""Time from saving a change to one KPI's YAML to the changed page served by `playbook serve`.

`rebuild_times` starts the real `playbook serve` (`mkdocs serve --dirty`, live
reload on, as an editor runs it) on a free local port, waits for the first
build, then edits the title of one KPI several times. Each time it saves the
file, notes the time and asks for the KPI's page until the new title is in it.
The server holds requests while it rebuilds, so the figure covers noticing the
change, the rebuild and serving the page.
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


def rebuild_times(project: Path, edits: int = 3) -> list[float]:
    """Seconds from saving each edit to the page showing it."""
    kpi = sorted((project / "content" / "kpis").glob("*.yml"))[0]
    times = []
    with serving(project) as base:
        url = f"{base}kpis/{kpi.stem}/"
        for i in range(1, edits + 1):
            title = f"Edited KPI number {i}"
            retitle(kpi, title)
            saved = time.perf_counter()
            deadline = time.monotonic() + TIMEOUT
            while title not in (fetch(url) or ""):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{url} did not show the edit; see {project / 'serve.log'}")
                time.sleep(POLL)
            times.append(time.perf_counter() - saved)
    return times
