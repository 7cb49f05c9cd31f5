"""`playbook serve` stopped while it makes the search index in the background stops quietly.

After each rebuild under `serve`, the search index is made again in the background. A server
stopped meanwhile (Ctrl-C, or SIGTERM from a process manager) stops that index, removes its
site folder and says nothing more than that it stopped: no traceback, no error about the index,
no Pagefind left running. The real `playbook serve` runs on the minimal playbook; where the stop
must come while Pagefind starts, the indexer is the real Pagefind behind a wrapper that waits
first when it runs in the background (at the lowest priority, as `serve` runs it).
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from pagefind.service import get_executable

import plugins.plugin as plugin
from benchmarks.incremental import fetch, free_port
from playbook.outputs.site_search import SearchIndexError
from plugins import served_index
from tests.contenttree import copy_minimal

from .sitebuild import MKDOCS_YML
from .test_search_child import alive
from .test_serve_dirty import ENV, wait_for

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

WAITS = 60  # seconds the wrapped Pagefind waits before it starts, in the background
WRAPPER = textwrap.dedent("""\
    #!{python}
    import os, sys, time
    if os.environ.get("RAYON_NUM_THREADS") == "1" and os.nice(0) == 19:  # in the background: note it, then wait
        with open({pids!r}, "a") as pids:
            pids.write(f"{{os.getpid()}}\\n")
        time.sleep({waits})
    os.execv({real!r}, [{real!r}, *sys.argv[1:]])
""")
CODES = {signal.SIGINT: 130, signal.SIGTERM: 143}
STARTS = textwrap.dedent("""\
    import os, signal, sys, threading
    from playbook.outputs.pagefind_service import PagefindService
    server = os.getpid()
    def told(signum, frame):
        if os.getpid() != server:
            os.write(2, b"a stop signal ran the server's handler in Pagefind's process\\n")
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, told)
    def start():
        for _ in range({starts}):
            PagefindService(background={background}).close()
    starter = threading.Thread(target=start)
    starter.start()
    print("ready", flush=True)
    starter.join()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # ending, Python puts back the default, which dies of it
    print("started", {starts}, flush=True)
""")


def serve(project: Path, pagefind: Path | None = None):
    """(server, base URL, its scratch folder) of the real `playbook serve` on the minimal playbook."""
    copy_minimal(project / "content")
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text("strict: true\n" + MKDOCS_YML.format(options=""), encoding="utf-8")
    scratch = project / "tmp"
    scratch.mkdir()
    env = {**ENV, "TMPDIR": str(scratch)} | ({"PAGEFIND_BINARY_PATH": str(pagefind)} if pagefind else {})
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen([sys.executable, "-m", "playbook", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wait_for(lambda: fetch(base) is not None or server.poll() is not None, "playbook serve did not start")
    assert server.poll() is None, server.stdout.read()
    return server, base, scratch


def edit(project: Path, base: str, title: str) -> None:
    """Retitle a KPI and wait until its page shows it: its search index is then being made."""
    kpi = project / "content" / "kpis" / "qualified-leads.yml"
    kpi.write_text(kpi.read_text(encoding="utf-8").replace("Qualified leads from social", title), encoding="utf-8")
    wait_for(lambda: title in (fetch(base + "kpis/qualified-leads/") or ""), "the edit was not served", 60)


def stopped_quietly(server: subprocess.Popen, scratch: Path, signum: int, within: float) -> str:
    """Stop the server with `signum`; its output, once it has ended as it should."""
    started = time.monotonic()
    server.send_signal(signum)
    try:
        output, _ = server.communicate(timeout=within)
    except subprocess.TimeoutExpired:
        server.kill()
        raise AssertionError(f"the server did not stop within {within} s of {signum.name}") from None
    assert server.returncode == CODES[signum], output
    assert "Traceback" not in output and "ERROR" not in output, output
    assert not list(scratch.glob("mkdocs_*")), f"the served site was left behind ({time.monotonic() - started:.1f} s)"
    return output


@pytest.fixture()
def wrapped_pagefind(tmp_path):
    """(wrapper, file of the process ids of its background runs)."""
    pids, wrapper = tmp_path / "pagefind.pids", tmp_path / "pagefind"
    real = get_executable()
    assert real is not None, "Pagefind's program is not installed"
    wrapper.write_text(WRAPPER.format(python=sys.executable, pids=str(pids), waits=WAITS, real=str(real)))
    wrapper.chmod(0o755)
    return wrapper, pids


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_server_stopped_while_pagefind_starts_stops_it_and_ends_quietly(tmp_path, wrapped_pagefind, signum):
    wrapper, pids = wrapped_pagefind
    project = tmp_path / "project"
    server, base, scratch = serve(project, wrapper)
    try:
        edit(project, base, "Qualified leads, stopped while indexed")
        wait_for(lambda: pids.is_file() and pids.read_text().endswith("\n"), "no index was made in the background", 60)
        stopped_quietly(server, scratch, signum, within=WAITS / 3)
    finally:
        if server.poll() is None:
            server.kill()
    [pid] = [int(line) for line in pids.read_text().split()]
    deadline = time.monotonic() + 10
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(pid), f"Pagefind ({pid}) outlived the server"


@pytest.mark.parametrize("after", [0.0, 0.05, 0.15, 0.4])
def test_a_server_stopped_at_any_point_of_the_index_ends_quietly(tmp_path, after):
    """The real Pagefind, stopped while it is handed the pages, makes the index, or writes it."""
    project = tmp_path / "project"
    server, base, scratch = serve(project)
    try:
        edit(project, base, f"Qualified leads, stopped {after} s after")
        time.sleep(after)
        stopped_quietly(server, scratch, signal.SIGINT, within=30)
    finally:
        if server.poll() is None:
            server.kill()


@pytest.mark.parametrize("background", [True, False])
def test_ctrl_c_while_pagefind_starts_runs_no_handler_of_the_server_in_it(tmp_path, background):
    """Ctrl-C reaches every process of the server's group, one Pagefind being started included:
    between its fork and its start, the server's own handler must not run there (the server's
    default handler printed a traceback into its output)."""
    script = tmp_path / "starts.py"
    script.write_text(STARTS.format(starts=25, background=background), encoding="utf-8")
    server = subprocess.Popen([sys.executable, str(script)], cwd=Path(__file__).parent.parent, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        assert server.stdout.readline() == "ready\n", server.stderr.read()
        interrupts = 0
        while server.poll() is None and interrupts < 200_000:
            os.killpg(server.pid, signal.SIGINT)  # as the terminal does, with every key press
            interrupts += 1
            time.sleep(0.0005)
        output, errors = server.communicate(timeout=60)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
    assert output == "started 25\n" and server.returncode == 0, errors
    assert interrupts > 100 and errors == "", errors


def test_a_stopped_index_is_not_reported_but_a_failed_one_still_is(tmp_path, monkeypatch):
    """Only the stop is quiet: an index that fails while the server runs is still an error."""
    told = []
    monkeypatch.setattr(plugin, "_tell_unindexed", told.append)
    monkeypatch.setattr(plugin, "index_site", lambda *a, **k: (_ for _ in ()).throw(SearchIndexError("broken")))
    served_index.request(tmp_path, plugin._index_served)
    served_index.wait()
    assert [str(exc) for exc in told] == ["broken"]
    halts = []
    served_index.stop(lambda: halts.append(1))
    plugin._index_served(tmp_path)
    assert [str(exc) for exc in told] == ["broken"] and served_index.stopping()
    served_index.request(tmp_path, lambda site: None)
    served_index.wait()
    assert not served_index.stopping()
