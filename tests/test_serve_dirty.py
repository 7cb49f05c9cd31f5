"""`playbook serve` rebuilds only the pages a change touches, and serves what a full build writes.

The real `playbook serve` (`mkdocs serve --dirty`, `strict: true`) runs on a free
local port over the minimal playbook. After one KPI's title is edited, the KPI's
page shows the new title; a page the edit does not touch is not written again;
and the folder served, search index (once written) and tags listing included, is file for file
what a full `mkdocs build` of the edited playbook writes.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from benchmarks.incremental import fetch, free_port
from tests.contenttree import AS_OF, copy_minimal

from .sitebuild import MKDOCS_YML, search_record, search_records

ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1780000000", "PLAYBOOK_AS_OF": AS_OF}
NEW_TITLE = "Qualified leads, counted again"


def wait_for(condition, what: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def indexed(site: Path, title: str) -> bool:
    try:
        return any(title in record["meta"]["title"] for record in search_records(site))
    except OSError:  # the index was being swapped
        return False


def search_records_in(files: dict[str, bytes]) -> list[dict]:
    return [search_record(data) for name, data in files.items() if name.endswith(".pf_fragment")]


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file of the served site and its bytes, read again whole if a file or folder went
    while it was read: the search index is swapped in the background after each rebuild."""
    for _ in range(20):
        try:
            return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
        except FileNotFoundError:
            continue
    raise AssertionError(f"{folder} kept changing while it was read")


@contextmanager
def serving(project: Path):
    """(base URL, the folder served) of the real `playbook serve` on a minimal playbook at `project`."""
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text("strict: true\n" + MKDOCS_YML.format(options=""), encoding="utf-8")
    scratch = project / "tmp"
    scratch.mkdir()
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen([sys.executable, "-m", "playbook", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, env={**ENV, "TMPDIR": str(scratch)},
                              stdout=(project / "serve.log").open("w"), stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: fetch(base) is not None or server.poll() is not None, "playbook serve did not start")
        assert server.poll() is None, "playbook serve stopped on its own"
        [site] = scratch.glob("mkdocs_*")
        yield base, site
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(project, base URL, the served site folder before the edit, after it, the pages written again), with the edit made under serve."""
    project = tmp_path_factory.mktemp("serve-dirty")
    copy_minimal(project / "content")
    initiative = project / "content" / "initiatives" / "launch-webinars.yml"  # a page the edit leaves alone
    initiative.write_text(initiative.read_text(encoding="utf-8") + "tags:\n  - events\n", encoding="utf-8")
    with serving(project) as (base, site):
        before = files_of(site)
        stamps = {p: p.stat().st_mtime_ns for p in site.rglob("*.html")}
        kpi = project / "content" / "kpis" / "qualified-leads.yml"
        kpi.write_text(kpi.read_text(encoding="utf-8").replace("Qualified leads from social", NEW_TITLE),
                       encoding="utf-8")
        wait_for(lambda: NEW_TITLE in (fetch(base + "kpis/qualified-leads/") or ""), "the edit was not served")
        wait_for(lambda: indexed(site, NEW_TITLE), "search missed the edit")
        after = files_of(site)
        rewritten = {str(p.relative_to(site)) for p, t in stamps.items() if p.stat().st_mtime_ns != t}
        yield project, base, before, after, rewritten


def test_the_edited_page_is_served(served):
    project, base, before, after, rewritten = served
    assert NEW_TITLE not in before["kpis/qualified-leads/index.html"].decode()
    assert NEW_TITLE in after["kpis/qualified-leads/index.html"].decode()


def test_pages_the_edit_does_not_touch_are_not_written_again(served):
    project, base, before, after, rewritten = served
    assert "kpis/qualified-leads/index.html" in rewritten
    assert "channels/linkedin/index.html" in rewritten  # it lists the KPI by its title
    assert "initiatives/launch-webinars/index.html" not in rewritten
    assert "tactics/webinars/index.html" not in rewritten
    assert after["initiatives/launch-webinars/index.html"] == before["initiatives/launch-webinars/index.html"]


def test_search_and_tags_still_cover_every_page(served):
    project, base, before, after, rewritten = served
    records = {record["url"]: record for record in search_records_in(after)}
    assert {"/initiatives/launch-webinars/", "/tactics/webinars/", "/kpis/qualified-leads/"} <= set(records)
    assert NEW_TITLE in records["/kpis/qualified-leads/"]["meta"]["title"]
    assert "initiatives/launch-webinars/" in after["tags/index.html"].decode()


def test_the_served_site_is_what_a_full_build_writes(served):
    project, base, before, after, rewritten = served
    full = _full_build(project, base, "full-site")
    assert full.keys() == after.keys()
    assert [name for name, data in full.items() if after[name] != data] == []


EDITS = [  # (what changes, file, old text or None to append, new text, page that shows it, text it then holds)
    ("a goal's title", "goals/win-leads.yml", "Collect 300 qualified leads", "Collect and nurture 300 leads",
     "goals/win-leads/", "Collect and nurture 300 leads"),
    ("a KPI's target", "kpis/qualified-leads.yml", "  value: 300\n", "  value: 345\n",
     "kpis/qualified-leads/", "345 leads by"),
    ("a new measurement", "measurements/qualified-leads.csv", None, "2026-05-20,81,Webinar week\n",
     "kpis/qualified-leads/", "Webinar week"),
    ("a new initiative", "initiatives/nurture-leads.yml", None,
     "title: Nurture the leads\nphase: Foundation\nstart: \"2026-03-01\"\nend: \"2026-12-31\"\n",
     "initiatives/nurture-leads/", "Nurture the leads"),
    ("an initiative removed", "initiatives/nurture-leads.yml", "remove", "", "roadmap/", "Launch the webinar series"),
]


def _edit(content: Path, file: str, old: str | None, new: str) -> None:
    path = content / file
    if old == "remove":
        path.unlink()
    elif old is None:
        path.write_text((path.read_text(encoding="utf-8") if path.exists() else "") + new, encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
        assert old in text, (file, old)
        path.write_text(text.replace(old, new), encoding="utf-8")


def _snapshot(folder: Path) -> dict[str, bytes] | None:
    try:
        return files_of(folder)
    except OSError:  # a file went while the folder was read: the search index was being swapped
        return None


def _full_build(project: Path, base: str, name: str) -> dict[str, bytes]:
    """The files a full `mkdocs build` of the project writes, with the served site's address."""
    config = project / "full.yml"
    config.write_text((project / "mkdocs.yml").read_text(encoding="utf-8") + f"site_url: {base}\n",
                      encoding="utf-8")
    full = project / name
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(full)],
                          cwd=project, env=ENV, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return files_of(full)


def test_after_each_edit_of_a_series_the_served_site_is_what_a_full_build_writes(tmp_path):
    """Edits of a goal, a KPI, a measurement file, a new entity and a removed one, one after
    another under one `playbook serve`: after each, the served folder is file for file a full build."""
    project = tmp_path
    copy_minimal(project / "content")
    with serving(project) as (base, site):
        for step, (what, file, old, new, page, shown) in enumerate(EDITS):
            before = files_of(site)
            _edit(project / "content", file, old, new)
            if old == "remove":
                wait_for(lambda: files_of(site).keys() != before.keys(), f"{what} was not served")
            else:
                wait_for(lambda: shown in (fetch(base + page) or ""), f"{what} was not served")
            full = _full_build(project, base, f"full-{step}")
            deadline = time.monotonic() + 60  # search is indexed again in the background, after the page is served
            while (served := _snapshot(site)) != full and time.monotonic() < deadline:
                time.sleep(0.2)
            served = served or files_of(site)
            assert sorted(full.keys() ^ served.keys()) == [], what
            assert [name for name, data in full.items() if served[name] != data] == [], what
