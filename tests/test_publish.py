"""`playbook build` swaps in complete sites only; `playbook serve` previews an edition.

Every build here is the real command in a child process, running the real MkDocs.
The site folder is compared file by file (SHA-256 of every file) before and after:
a build that fails on content, or that is stopped by a signal at any point,
leaves the previous site byte-identical (or, stopped after the swap, the complete
new one) and no temporary folder beside it.
"""
from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.contenttree import AS_OF, copy_minimal, write_tree

from .sitebuild import MKDOCS_YML

SLOW_HOOK = """\
import os, time

def on_post_page(output, page, config):  # stretches the writing of the site without using the CPU
    time.sleep(float(os.environ.get("SLOW_PAGE_SECONDS", "0")))
    return output
"""
FILLER_PAGES = 40
SLOW = {"SLOW_PAGE_SECONDS": "0.05"}  # with ~60 pages, MkDocs writes for about 3 s
KILL_POINTS = [(signal.SIGTERM, 0.0), (signal.SIGTERM, 0.3), (signal.SIGTERM, 0.6), (signal.SIGTERM, 1.0),
               (signal.SIGTERM, 1.5), (signal.SIGTERM, 2.0), (signal.SIGINT, 0.8), (signal.SIGINT, 1.2)]
"""(signal, seconds after MkDocs started) of each stop; plus one stop before MkDocs starts."""
BROKEN_KPI = "title: Applications\nmeasures: recruit-talnet\n"


def make_project(folder: Path, filler: int = 0) -> Path:
    """The minimal playbook with a docs folder of `filler` pages and a hook that can slow MkDocs down."""
    copy_minimal(folder / "content")
    (folder / "mkdocs.yml").write_text(MKDOCS_YML.format(options="") + "hooks:\n  - slow.py\n", encoding="utf-8")
    write_tree(folder, {"slow.py": SLOW_HOOK})
    write_tree(folder / "docs", {f"filler/page-{i:03d}.md": f"# Filler {i}\n\nText {i}.\n" for i in range(filler)})
    (folder / "docs").mkdir(exist_ok=True)
    return folder


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "playbook", "build", "--as-of", AS_OF, *args]


ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1780000000"}  # the sitemap's dates stay the same


def build(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(command(*args), cwd=project, env=ENV, capture_output=True, text=True, timeout=300)


def snapshot(folder: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file, and every folder (marked '/')."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        out[rel] = "/" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site."))


STAFF_ONLY = {"channels/staff-only.yml": "title: Staff only\nplatform: Slack\n",
              "channels/open.yml": "title: Open\nplatform: Mastodon\nvisibility: public\n"}


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A project with an internal and a public channel, built once; tests put its content back."""
    project = make_project(tmp_path_factory.mktemp("published"))
    write_tree(project / "content", STAFF_ONLY)
    assert build(project).returncode == 0
    return project


def test_a_successful_build_replaces_the_site(project):
    write_tree(project, {"site/stale.html": "from an older build"})
    proc = build(project)
    assert proc.returncode == 0, proc.stderr
    site = project / "site"
    assert not (site / "stale.html").exists()
    assert (site / "goals" / "win-leads" / "index.html").is_file()
    assert leftovers(project) == []
    umask = os.umask(0)
    os.umask(umask)
    assert site.stat().st_mode & 0o777 == 0o777 & ~umask


def test_a_failed_build_leaves_the_previous_site_byte_identical(published):
    before = snapshot(published / "site")
    write_tree(published / "content", {"kpis/applications.yml": BROKEN_KPI})
    try:
        proc = build(published, "--site-dir", "site")
    finally:
        write_tree(published / "content", {"kpis/applications.yml": None})
    assert proc.returncode == 1
    assert "kpis/applications.yml:2:11: PB102" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert snapshot(published / "site") == before
    assert leftovers(published) == []


def test_a_warning_fails_a_strict_build_only(published):
    before = snapshot(published / "site")
    write_tree(published / "content", {"stray.yml": "title: stray\n"})
    try:
        proc = build(published, "--strict")
        assert proc.returncode == 1 and "stray.yml:1:1: PB008" in proc.stderr
        assert snapshot(published / "site") == before and leftovers(published) == []
        assert build(published, "--site-dir", "lenient").returncode == 0
    finally:
        write_tree(published / "content", {"stray.yml": None})


def test_the_edition_and_date_reach_the_plugin(published):
    assert (published / "site" / "channels" / "staff-only" / "index.html").is_file()  # internal by default
    kpi = published / "site" / "kpis" / "qualified-leads" / "index.html"
    assert f'datetime="{AS_OF}"' in kpi.read_text(encoding="utf-8")
    assert build(published, "--edition", "public", "--as-of", "2026-07-15", "--site-dir", "public").returncode == 0
    assert not (published / "public" / "channels" / "staff-only").exists()
    assert (published / "public" / "channels" / "open" / "index.html").is_file()
    assert "2026-07-15" in (published / "public" / "scorecard" / "index.html").read_text(encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "playbook", "build"], cwd=published, capture_output=True, text=True,
                          env={**ENV, "PLAYBOOK_EDITION": "everyone"}, timeout=300)
    assert proc.returncode == 2 and proc.stderr.strip() == "playbook: PLAYBOOK_EDITION 'everyone' is not one of " \
        "public, internal, confidential"


@pytest.mark.parametrize("args, message", [
    (["--config", "missing.yml"], "configuration file 'missing.yml' does not exist"),
    (["--edition", "secret"], "invalid choice: 'secret'"),
    (["--as-of", "2026-02-30"], "'2026-02-30' is not a date"),
    (["--site-dir", "mkdocs.yml"], "overlaps the configuration file"),
    (["--site-dir", "pyproject.toml"], "overlaps the Python project file"),
])
def test_usage_problems_exit_2(project, args, message):
    proc = build(project, *args)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert leftovers(project) == [] and not (project / "site").exists()


@pytest.fixture(scope="module")
def old_and_new(tmp_path_factory):
    """A project whose site is the old build, with content changed since, and the new site's snapshot."""
    project = make_project(tmp_path_factory.mktemp("kill"), FILLER_PAGES)
    assert build(project).returncode == 0
    old = snapshot(project / "site")
    win_leads = project / "content" / "goals" / "win-leads.yml"
    win_leads.write_text(win_leads.read_text().replace("Collect 300", "Collect 400"), encoding="utf-8")
    assert build(project, "--site-dir", str(project / "reference")).returncode == 0
    new = snapshot(project / "reference")
    assert old != new
    return project, old, new


def stop_build(project: Path, signum: int, delay: float | None) -> tuple[bool, int]:
    """Start a build, send signum `delay` seconds after MkDocs started (None: at once).

    Returns whether MkDocs was still running when the signal went, and the exit code."""
    proc = subprocess.Popen(command(), cwd=project, env={**ENV, **SLOW},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if delay is not None:
        deadline = time.monotonic() + 60
        while not leftovers(project) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)  # MkDocs starts once the temporary folder exists
        time.sleep(delay)
    running = proc.poll() is None and bool(leftovers(project))
    proc.send_signal(signum)
    return running, proc.wait(timeout=60)


def test_a_build_stopped_at_any_point_leaves_the_old_or_the_new_site(old_and_new, record_property):
    project, old, new = old_and_new
    during = []
    for signum, delay in [(signal.SIGTERM, None)] + KILL_POINTS:
        running, code = stop_build(project, signum, delay)
        outcome = snapshot(project / "site")
        assert outcome in (old, new), (signum, delay)
        assert leftovers(project) == [], (signum, delay)
        assert code in (0, 128 + signum, -signum), (signum, delay)  # finished, stopped, or stopped while starting
        if running:
            assert outcome == old, (signum, delay)
            during.append(delay)
    record_property("kill_points", {"tried": len(KILL_POINTS) + 1, "during_mkdocs": len(during)})
    assert len(during) >= len(KILL_POINTS) - 1, during


def test_a_build_killed_outright_is_cleared_up_by_the_next(old_and_new):
    project, old, new = old_and_new
    running, code = stop_build(project, signal.SIGKILL, 1.0)
    assert code == -signal.SIGKILL
    if running:
        assert len(leftovers(project)) == 1  # nothing could clean up; MkDocs died with its parent
    before = snapshot(project / "site")
    aside = project / ".site.old-999999999-abc"  # as if killed between its renames (no system hands out that id)
    aside.mkdir()
    (project / "site").rename(aside / "site")
    write_tree(project / "content", {"kpis/applications.yml": BROKEN_KPI})
    try:
        assert build(project).returncode == 1
    finally:
        write_tree(project / "content", {"kpis/applications.yml": None})
    assert leftovers(project) == []
    assert snapshot(project / "site") == before  # put back, then left alone by the failed build


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_serve_previews_the_chosen_edition(project):
    write_tree(project / "content", STAFF_ONLY)
    port, scratch = free_port(), project / "tmp"
    scratch.mkdir()
    server = subprocess.Popen([sys.executable, "-m", "playbook", "serve", "--edition", "public", "--as-of", AS_OF,
                               "--dev-addr", f"127.0.0.1:{port}"], cwd=project, env={**ENV, "TMPDIR": str(scratch)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and server.poll() is None:
            try:
                if fetch(base) == 200:
                    break
            except OSError:
                time.sleep(0.2)
        assert server.poll() is None, "playbook serve stopped on its own"
        assert fetch(base + "channels/open/") == 200
        assert fetch(base + "channels/staff-only/") == 404
    finally:
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=30) == 128 + signal.SIGINT
    with pytest.raises(OSError):
        fetch(base)  # the server went with the command
    assert list(scratch.iterdir()) == []  # and removed the site it served from


PLANTED = {  # a module named as each builder's, in the project: it would stop the build and leave a mark
    "mkdocs": ["mkdocs.py", "mkdocs/__init__.py", "mkdocs/__main__.py"],
    "properdocs": ["properdocs.py", "properdocs/__main__.py"],
    "zensical": ["playbook/__init__.py", "playbook/outputs/__init__.py", "playbook/outputs/zensical_build.py",
                 "zensical.py"],
}


@pytest.mark.parametrize("builder", sorted(PLANTED))
def test_a_module_in_the_project_named_as_the_builder_is_not_run(builder, project, tmp_path):
    """`playbook build` runs the builder installed with it, never a module of the project's that
    bears its name, as the builders' own commands do (Python is told not to look in the current
    folder)."""
    marker = tmp_path / "ran"
    code = f"open({str(marker)!r}, 'a').write(__name__ + '\\n')\nraise SystemExit(3)\n"
    write_tree(project, {name: code for name in PLANTED[builder]})
    script = Path(sys.executable).with_name("playbook")
    proc = subprocess.run([str(script), "build", "--as-of", AS_OF, "--builder", builder], cwd=project, env=ENV,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert not marker.exists(), marker.read_text()
    assert (project / "site" / "goals" / "win-leads" / "index.html").is_file()
