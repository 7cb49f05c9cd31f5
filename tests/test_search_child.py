"""Pagefind runs as a child process; it never outlives the process that started it. A server
stopped while it indexes in the background, by its own exit, an error, SIGTERM or SIGKILL, and a
build killed while it indexes, each leave no Pagefind running (its binary is replaced here by
one that notes its process id and waits)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

PROGRAM = textwrap.dedent("""
    import os, signal, sys, threading, time
    from pathlib import Path
    from playbook.outputs.site_search import index_site
    site, how, started = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    if how == "foreground":
        index_site(site)
    threading.Thread(target=index_site, args=(site,), kwargs={"background": True}, daemon=True).start()
    while not started.exists():
        time.sleep(0.02)
    if how == "exit":
        sys.exit(0)
    if how == "error":
        raise RuntimeError("the server failed")
    os.kill(os.getpid(), {"term": signal.SIGTERM, "kill": signal.SIGKILL}[how])
    time.sleep(30)
""")


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state not in ("Z", "X")
    except FileNotFoundError:
        return False
    except OSError:
        try:
            os.kill(pid, 0)
            return True
        except ProcessLookupError:
            return False


@pytest.fixture()
def slow_pagefind(tmp_path, monkeypatch):
    started = tmp_path / "pagefind.pid"
    fake = tmp_path / "pagefind"
    fake.write_text(f'#!/bin/sh\necho $$ > "{started}.tmp" && mv "{started}.tmp" "{started}"\nexec sleep 60\n')
    fake.chmod(0o755)
    site = tmp_path / "site"
    (site / "goals").mkdir(parents=True)
    (site / "goals" / "index.html").write_text("<html><body><article>A goal</article></body></html>")
    return site, started, {**os.environ, "PAGEFIND_BINARY_PATH": str(fake), "PYTHONPATH": str(REPO)}


@pytest.mark.parametrize("how", ["exit", "error", "term", "kill", "foreground"])
def test_pagefind_stops_with_the_process_that_started_it(slow_pagefind, how):
    site, started, env = slow_pagefind
    child = subprocess.Popen([sys.executable, "-c", PROGRAM, str(site), how, str(started)], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not started.exists():
        assert child.poll() is None or started.exists(), child.stderr.read()
        assert time.monotonic() < deadline, "Pagefind never started"
        time.sleep(0.02)
    pid = int(started.read_text())
    if how == "foreground":
        child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    deadline = time.monotonic() + 10
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        assert not alive(pid), f"Pagefind ({pid}) outlived the process that started it ({how})"
    finally:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


WRITING = textwrap.dedent("""
    import sys, threading, time
    from pathlib import Path
    from playbook.outputs.site_search import index_site
    threading.Thread(target=index_site, args=(Path(sys.argv[1]),), kwargs={"background": True}, daemon=True).start()
    time.sleep(float(sys.argv[2]))
""")


@pytest.mark.parametrize("after", [0.0, 0.02, 0.1, 0.3, 1.0])
def test_a_process_that_ends_while_the_index_is_made_ends_quietly(tmp_path, after):
    """The real Pagefind is being handed the pages, or making the index, when the process ends:
    it stops quietly, without a traceback."""
    site = tmp_path / "site"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    article = '<html><body><article class="md-content__inner md-typeset" data-pagefind-body><p>{}</p></article></body></html>'
    for n in range(3000):
        (site / f"p{n}").mkdir(parents=True)
        (site / f"p{n}" / "index.html").write_text(article.format(f"page {n} of many words"))
    done = subprocess.run([sys.executable, "-c", WRITING, str(site), str(after)], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and done.stderr == ""
