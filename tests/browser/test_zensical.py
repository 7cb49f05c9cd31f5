"""The sample built with Zensical, in a real browser: a reader's path from the home page to a
goal and its KPI, a search for a KPI, no request to another host, and axe on every page
template with no serious or critical finding."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from urllib.parse import quote_plus

import pytest
from playwright.sync_api import expect

from ..sitebuild import copy_sample
from . import axe
from .conftest import OUT, checked_page, served

pytestmark = pytest.mark.skipif(importlib.util.find_spec("zensical") is None,
                                reason="Zensical is not installed (pip install -e '.[builders]')")


@pytest.fixture(scope="module")
def zensical_site(browser, site, tmp_path_factory):
    folder = copy_sample(tmp_path_factory.mktemp("zensical-sample"))
    done = subprocess.run([sys.executable, "-m", "playbook", "build", "--builder", "zensical", "--strict"],
                          cwd=folder, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    with served(folder / "site") as url:
        yield url, site


@pytest.fixture
def tab(browser, zensical_site):
    url, _ = zensical_site
    with checked_page(browser, url) as page:
        yield page


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
    """Zensical's own search dialog: the KPI's exact title puts the KPI first. The list is read once
    it answers the whole title, so a list still being redrawn for an earlier keystroke is never
    clicked."""
    url, site = zensical_site
    kpi = site.entities("kpi")[0]
    tab.goto("/")
    tab.keyboard.press("/")
    box = tab.locator("dialog[aria-label='Search'] input[role='combobox']")
    answered = tab.locator(f"a[role='option'][href*='?h={quote_plus(kpi.title)}']")
    for _ in range(5):  # the index loads in the background; a query typed before it is ready is dropped
        box.fill("")
        box.press_sequentially(kpi.title)
        try:
            expect(answered.first).to_be_visible(timeout=4_000)
            break
        except AssertionError:
            continue
    expect(answered.first.locator("h2")).to_have_text(kpi.title)
    tab.screenshot(path=OUT / "zensical-search.png")
    answered.first.click()
    tab.wait_for_url(url + site.path_of(kpi) + "**")
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
