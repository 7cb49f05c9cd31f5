"""The sample built with Zensical, in a real browser: a reader's path from the home page to a
goal and its KPI, a search for a KPI, no request to another host, and axe on every page
template with no serious or critical finding."""
from __future__ import annotations

import functools
import importlib.util
import subprocess
import sys
import threading

import pytest
from playwright.sync_api import expect

from ..sitebuild import copy_sample
from . import axe
from .conftest import OUT, QuietHandler, QuietServer, foreign

pytestmark = pytest.mark.skipif(importlib.util.find_spec("zensical") is None,
                                reason="Zensical is not installed (pip install -e '.[builders]')")


@pytest.fixture(scope="module")
def zensical_site(browser, site, tmp_path_factory):
    folder = copy_sample(tmp_path_factory.mktemp("zensical-sample"))
    done = subprocess.run([sys.executable, "-m", "playbook", "build", "--builder", "zensical", "--strict"],
                          cwd=folder, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    server = QuietServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", site
    server.shutdown()
    server.server_close()


@pytest.fixture
def tab(browser, zensical_site):
    url, _ = zensical_site
    context = browser.new_context(base_url=url, viewport={"width": 1280, "height": 900})
    leaks = []
    context.on("request", lambda r: foreign(r.url) and leaks.append(r.url))
    yield context.new_page()
    context.close()
    assert leaks == []


def test_a_reader_goes_from_home_to_a_goal_and_its_kpi(tab, zensical_site):
    _, site = zensical_site
    goal = site.entities("goal")[0]
    tab.goto("/")
    tab.locator("article").get_by_role("link", name=goal.title).first.click()
    expect(tab.locator("article h1")).to_have_text(goal.title)
    kpi = next(k for k in site.result.graph.related(goal, "measured_by", "kpi"))
    tab.locator("article").get_by_role("link", name=kpi.title).first.click()
    expect(tab.locator("article h1")).to_have_text(kpi.title)
    tab.screenshot(path=OUT / "zensical-kpi.png")


def test_search_finds_a_kpi(tab, zensical_site):
    _, site = zensical_site
    kpi = site.entities("kpi")[0]
    tab.goto("/")
    result = tab.locator("a", has_text=kpi.title).filter(visible=True).first
    for _ in range(5):  # the search index loads in the background; ask again until it answers
        tab.keyboard.press("Escape")
        tab.keyboard.press("/")
        tab.keyboard.type(kpi.title)
        try:
            expect(result).to_be_visible(timeout=4_000)
            break
        except AssertionError:
            tab.keyboard.press("Control+A")
            tab.keyboard.press("Backspace")
    expect(result).to_be_visible()
    tab.screenshot(path=OUT / "zensical-search.png")
    result.click()
    expect(tab.locator("article h1")).to_have_text(kpi.title)


def test_no_serious_accessibility_finding_and_no_request_elsewhere(tab, zensical_site):
    _, site = zensical_site
    found = []
    for name, path in site.templates().items():
        tab.goto(path)
        axe.start(tab)
        found += [dict(v, page=name) for v in axe.collect(tab)]
    severe = [(v["page"], v["id"], v["targets"][:3]) for v in found if v["impact"] in ("serious", "critical")]
    assert severe == []
