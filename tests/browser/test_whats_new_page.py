"""The "What's new" page of the sample kept in a real git repository: it lists the changes of the
last commits, reads on a laptop and on a 390 px phone without sideways scrolling, links its feed,
and axe finds nothing serious. Screenshots: screenshots/whats-new-laptop.png, whats-new-phone.png."""
from __future__ import annotations

import datetime as dt

import pytest

from playbook.check.checker import check

from ..gitrepo import commit_all, init_repo
from ..sitebuild import copy_sample, mkdocs_build
from . import axe
from .conftest import OUT, Site, foreign, served

CSV = "content/measurements/repair-clinic-fill-rate.csv"
KPI = "content/kpis/repair-clinic-fill-rate.yml"


@pytest.fixture(scope="module")
def history(browser, tmp_path_factory):
    """The sample in a repository: as it is, then a new reading and commentary a week later."""
    folder = copy_sample(init_repo(tmp_path_factory.mktemp("history") / "sample"))
    today = dt.date.today()
    commit_all(folder, "The sample", date=f"{today - dt.timedelta(days=10)}T09:00:00+00:00")
    csv = folder / CSV
    csv.write_text(csv.read_text(encoding="utf-8") + f"{today - dt.timedelta(days=3)},71,\n", encoding="utf-8")
    kpi = folder / KPI
    kpi.write_text(kpi.read_text(encoding="utf-8").replace(
        "commentary:\n", f"commentary:\n  - date: '{today - dt.timedelta(days=3)}'\n    why: The Penrith evening sessions now fill too.\n", 1),
        encoding="utf-8")
    commit_all(folder, "A new reading", date=f"{today - dt.timedelta(days=3)}T09:00:00+00:00")
    done = mkdocs_build(folder, "--strict")
    assert done.returncode == 0, done.stderr[-3000:]
    with served(folder / "site") as url:
        yield Site(folder / "site", url, check(folder / "content"), today)


@pytest.mark.parametrize("name, viewport", [("laptop", {"width": 1366, "height": 768}), ("phone", {"width": 390, "height": 844})])
def test_the_page_lists_the_latest_changes_on_any_screen(browser, history, name, viewport):
    context = browser.new_context(base_url=history.url, viewport=viewport)
    leaks = []
    context.on("request", lambda r: foreign(r.url) and leaks.append(r.url))
    try:
        tab = context.new_page()
        tab.goto("/whats-new/")
        article = tab.locator("article").inner_text()
        assert "Repair clinic places booked: a new measurement, 71" in article
        assert "The Penrith evening sessions now fill too." in article
        assert tab.locator("article a.pb-feed").get_attribute("href") == "../whats-new.xml"
        assert tab.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        tab.screenshot(path=OUT / f"whats-new-{name}.png", full_page=True)
        axe.start(tab)
        assert [v for v in axe.collect(tab) if v["impact"] in ("serious", "critical")] == []
        tab.goto("/")
        assert "Repair clinic places booked" in tab.locator("article ul.pb-recent").inner_text()
    finally:
        context.close()
    assert leaks == []
