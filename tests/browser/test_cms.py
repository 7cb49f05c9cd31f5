"""The browser editor for real: the built site's CMS page in Chromium against decap-server
(pinned in tools/package-lock.json, MODE=git) on a temporary git repository.

decap-server's git mode keeps the editorial workflow: each saved change is a commit on a
branch `cms/<collection>/<slug>` (the pull request of a hosted backend); the test checks
that commit out and runs `playbook validate` on it. The page loads nothing from any host
but the site's and the local decap-server's.
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.sitebuild import REPO, mkdocs_build, write_project

TOOLS = REPO / "tools" / "node_modules"
SCRIPT = TOOLS / "decap-cms" / "dist" / "decap-cms.js"
SERVER = TOOLS / "decap-server" / "dist" / "index.js"
STEPS = 7  # open the page, log in, add a row, date, value, commentary, save
GIT = ["git", "-c", "user.name=Owner", "-c", "user.email=owner@example.org"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def cms(tmp_path):
    if not (SCRIPT.is_file() and SERVER.is_file() and shutil.which("node")):
        if os.environ.get("PLAYBOOK_REQUIRE_NODE") == "1":
            pytest.fail("the CMS packages are not installed (npm ci in tools/)", pytrace=False)
        pytest.skip("the CMS packages are not installed (npm ci in tools/)")
    repo = tmp_path / "repo"
    shutil.copytree(REPO / "tests/golden/clean-minimal/content", repo / "content")
    write_project(repo, {}, options=f"      cms_script: {SCRIPT}\n      as_of: 2026-06-01")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    subprocess.run([*GIT, "add", "."], cwd=repo, check=True)
    subprocess.run([*GIT, "commit", "-qm", "Start"], cwd=repo, check=True)
    site = tmp_path / "site"
    built = mkdocs_build(repo, "--site-dir", str(site))
    assert built.returncode == 0, built.stderr
    server_port, site_port = _port(), _port()
    out = subprocess.run([sys.executable, "-m", "playbook", "cms", "--local-backend",
                          f"http://localhost:{server_port}/api/v1"], capture_output=True, text=True, check=True)
    (site / "admin/config.yml").write_text(out.stdout, encoding="utf-8")  # the test's own decap-server port
    server = subprocess.Popen(["node", str(SERVER)], cwd=repo, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "PORT": str(server_port), "MODE": "git", "GIT_REPO_DIRECTORY": str(repo)})
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", site_port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield repo, f"http://localhost:{site_port}/admin/"
    finally:
        httpd.shutdown()
        server.terminate()
        server.wait(timeout=10)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _open(browser, url):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(90_000)  # the editor's 5 MB script is slow to start on a busy machine
    hosts = []
    page.on("request", lambda r: hosts.append(r.url.split("/")[2]))
    page.goto(url)
    page.get_by_role("button", name="Login").click()
    return page, hosts


def _field(page, name: str, nth: int = 0):
    """The input of a field, by its name in the schema (the n-th of that name)."""
    return page.locator(f"input[id^='{name}-field-']").nth(nth)


def _save(page):
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Entry saved").wait_for(timeout=90_000)


def _export(repo: Path, branch: str) -> Path:
    """The branch's committed tree in a folder of its own. decap-server checks a branch out in
    the repository while it writes, so a worktree of that branch could race it."""
    checkout = repo.parent / f"check-{branch.replace('/', '-')}"
    checkout.mkdir()
    archive = subprocess.run(["git", "archive", "--format=tar", branch], cwd=repo, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(checkout)], input=archive.stdout, check=True)
    return checkout


def _branch_validates(repo: Path, branch: str) -> Path:
    checkout = _export(repo, branch)
    done = subprocess.run([sys.executable, "-m", "playbook", "validate", str(checkout / "content"), "--as-of", "2026-06-01"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return checkout


def _branches(repo: Path) -> list[str]:
    return subprocess.run(["git", "branch", "--format=%(refname:short)"], cwd=repo, capture_output=True, text=True,
                          check=True).stdout.split()


def test_an_owner_edits_a_kpi_target_and_the_change_is_a_commit_that_validates(browser, cms):
    repo, url = cms
    page, hosts = _open(browser, url + "#/collections/kpi/entries/qualified-leads")
    target = page.locator("xpath=//label[starts-with(@for,'target-field')]/following::input[@type='number'][1]")
    target.fill("350")
    _save(page)
    assert "cms/kpi/qualified-leads" in _branches(repo)
    checkout = _branch_validates(repo, "cms/kpi/qualified-leads")
    assert "value: 350" in (checkout / "content/kpis/qualified-leads.yml").read_text(encoding="utf-8")
    assert hosts and all(h.startswith("localhost:") for h in hosts), sorted(set(hosts))  # the site and decap-server


def test_a_date_the_schema_refuses_is_refused_in_the_form(browser, cms):
    repo, url = cms
    page, _ = _open(browser, url + "#/collections/kpi/entries/qualified-leads")
    date = page.locator("xpath=//label[starts-with(@for,'target-field')]/following::input[@type='text'][1]")
    date.fill("30/06/2027")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("A date: YYYY-MM-DD").first.wait_for(timeout=10000)
    assert _branches(repo) == ["main"]


def test_an_owner_creates_a_goal_that_validates(browser, cms):
    repo, url = cms
    page, _ = _open(browser, url + "#/collections/goal/new")
    _field(page, "title").fill("Answer faster")
    for name, typed in (("supports", "Grow"), ("department", "Sales")):
        _field(page, name).fill(typed)
        page.get_by_role("option", name=typed, exact=False).first.click()
    page.locator("[id^='draft-field-']").click()  # no KPI measures it yet: a draft, spared the completeness rules
    _save(page)
    assert "cms/goal/answer-faster" in _branches(repo)
    checkout = _export(repo, "cms/goal/answer-faster")
    text = (checkout / "content/goals/answer-faster.yml").read_text(encoding="utf-8")
    assert text == "title: Answer faster\ndraft: true\nsupports:\n  - grow-online\ndepartment:\n  - sales\n"
    done = subprocess.run([sys.executable, "-m", "playbook", "validate", str(checkout / "content"), "--as-of", "2026-06-01"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_an_owner_records_a_measurement_with_commentary(browser, cms, record_property):
    repo, url = cms
    start = time.monotonic()
    page, _ = _open(browser, url + "#/collections/measurements/entries/qualified-leads")
    page.get_by_role("button", name="Add measurements").click()
    _field(page, "date", -1).fill("2026-06-01")
    page.locator("input[id^='value-field-']").last.fill("75")
    page.locator("textarea[id^='note-field-']").last.fill('Webinar week, "best yet", thanks to sales')
    _save(page)
    seconds = time.monotonic() - start
    record_property("cms_measurement_steps", STEPS)
    record_property("cms_measurement_seconds", round(seconds, 1))
    checkout = _branch_validates(repo, "cms/measurements/qualified-leads")
    text = (checkout / "content/measurements/qualified-leads.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "date,value,note"
    assert text.splitlines()[-1] == '2026-06-01,75,"Webinar week, ""best yet"", thanks to sales"'
    (REPO / "screenshots").mkdir(exist_ok=True)
    (REPO / "screenshots" / "cms-measurement-timing.json").write_text(
        json.dumps({"steps": STEPS, "seconds": round(seconds, 1)}), encoding="utf-8")
