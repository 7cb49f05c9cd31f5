"""The sample in German (`theme.language: de`), in a real browser: a reader's path from the home
page to a goal, its KPI and back, with the playbook's words in German around Material's own; no
request to another host; axe on every page template with no serious or critical finding."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from playbook.check.checker import check

from ..sitebuild import copy_sample, in_language, mkdocs_build
from . import axe
from .conftest import OUT, Site, foreign, served
from .test_reading import ENTITY, follow, link_to

AS_OF = "2026-11-30"


@pytest.fixture(scope="module")
def german(browser, tmp_path_factory):
    folder = in_language(copy_sample(tmp_path_factory.mktemp("german-sample")), "de", as_of=AS_OF)
    done = mkdocs_build(folder, "--strict")
    assert done.returncode == 0, done.stderr[-3000:]
    with served(folder / "site") as url:
        yield Site(folder / "site", url, check(folder / "content"), None)


@pytest.fixture
def tab(browser, german):
    context = browser.new_context(base_url=german.url, viewport={"width": 1280, "height": 900}, locale="de-DE")
    leaks = []
    context.on("request", lambda r: foreign(r.url) and leaks.append(r.url))
    yield context.new_page()
    context.close()
    assert leaks == []


def test_a_german_reader_goes_from_home_to_a_goal_its_kpi_and_back(tab):
    tab.goto("/")
    expect(tab.locator("html")).to_have_attribute("lang", "de")
    expect(tab.locator("article h1")).to_have_text("Strategie auf einer Seite")
    expect(tab.locator("article .pb-intro").first).to_have_text("Stand 30. Nov. 2026.")
    goal = follow(tab, link_to(tab, ENTITY.format(folder="goals")))
    expect(tab.locator("article .pb-statement-box .admonition-title")).to_have_text("Ausrichtung in einem Absatz")
    expect(tab.locator("article .pb-statement")).to_contain_text("verfolg")
    kpi = follow(tab, link_to(tab, ENTITY.format(folder="kpis")))
    assert kpi != goal
    expect(tab.locator("article h2", has_text="Messungen")).to_have_count(1)
    expect(tab.locator("article svg.pb-kpi-chart .pb-legend")).to_contain_text("Gemessen")
    back = follow(tab, link_to(tab, f"^{re.escape(goal)}$"))
    assert back == goal
    tab.screenshot(path=OUT / "german-goal.png")


def test_the_overview_cards_lead_to_the_german_scorecard(tab):
    tab.goto("/")
    expect(tab.locator("nav.md-nav--primary")).to_contain_text("Überblick")
    tab.locator("article .pb-overview").get_by_role("link", name="Scorecard").click()
    expect(tab.locator("article h1")).to_have_text("Scorecard")
    expect(tab.locator("article h2", has_text="Wie der Status ermittelt wird")).to_have_count(1)
    expect(tab.locator("article table.pb-scorecard, article .pb-scorecard table").first).to_be_visible()


def test_no_serious_accessibility_finding_on_any_german_template(tab, german, notes):
    found = []
    for name, path in german.templates().items():
        tab.goto(path)
        axe.start(tab)
        found += [dict(v, page=name) for v in axe.collect(tab)]
    notes.write("axe-german", [f"templates checked: {len(german.templates())}"]
                + [f"  {v['page']}: {v['impact']} {v['id']} {v['targets'][:3]}" for v in found])
    assert [(v["page"], v["id"], v["targets"][:5]) for v in found if v["impact"] in {"serious", "critical"}] == []
