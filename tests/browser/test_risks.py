"""The risk register in a browser: the grid and the table beside it hold the same risks, axe
finds no violation, and at a phone's 390 px nothing scrolls the page sideways and the grid's
labels stay legible. Screenshots at 1366x768 and 390 px go to screenshots/."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from playbook.check.risks import state

from . import axe
from .conftest import OUT

PHONE = 390
SMALLEST_LABEL = """(svg) => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return Math.min(...Array.from(svg.querySelectorAll('text'), t => parseFloat(getComputedStyle(t).fontSize))) * scale;
}"""


def live_risks(site) -> list:
    return [r for r in site.entities("risk") if state(r) != "closed"]


@pytest.fixture
def laptop(open_context):
    return open_context(viewport={"width": 1366, "height": 768}).new_page()


@pytest.fixture
def phone(open_context):
    return open_context(viewport={"width": PHONE, "height": 844}, is_mobile=True, has_touch=True).new_page()


def test_the_grid_and_the_table_hold_the_same_risks(laptop, site):
    laptop.goto("/risks/")
    expect(laptop.locator("article h1")).to_have_text("Risk register")
    rows = laptop.locator("article table.pb-risks tbody tr, article .pb-risks table tbody tr")
    expect(rows).to_have_count(len(site.entities("risk")))
    numbers = laptop.locator("article svg.pb-risk-grid text.pb-risk-numbers").all_text_contents()
    assert sorted(int(n) for text in numbers for n in text.split(", ")) == list(range(1, len(live_risks(site)) + 1))
    grid = laptop.locator("article svg.pb-risk-grid")
    expect(grid).to_have_attribute("role", "img")
    expect(grid.locator("title").first).to_have_text("Risk grid")
    laptop.screenshot(path=OUT / "risk-register-laptop.png", full_page=True)
    box, table = grid.bounding_box(), laptop.locator("article .pb-risks").bounding_box()
    assert table["x"] >= box["x"] + box["width"] and table["y"] < box["y"] + box["height"], "the table beside the grid"
    assert table["x"] + table["width"] <= 1366, "the table fits the laptop's screen"
    edges = laptop.evaluate("() => { const w = document.querySelector('article .pb-risks'); "
                            "return [w.querySelector('table').getBoundingClientRect().right, w.getBoundingClientRect().right]; }")
    assert edges[0] <= edges[1] + 1, f"the whole table shows on a laptop, no column cut off: {edges}"


def test_on_a_wide_screen_the_table_stands_beside_the_grid(open_context):
    wide = open_context(viewport={"width": 1920, "height": 1080}).new_page()
    wide.goto("/risks/")
    box = wide.locator("article svg.pb-risk-grid").bounding_box()
    table = wide.locator("article .pb-risks").bounding_box()
    assert table["x"] >= box["x"] + box["width"] and table["y"] < box["y"] + box["height"], (box, table)
    wide.screenshot(path=OUT / "risk-register-wide.png", full_page=True)


def test_axe_finds_no_violation_on_a_laptop_or_a_phone(laptop, phone):
    for page in (laptop, phone):
        page.goto("/risks/")
        axe.start(page)
        assert axe.collect(page) == []


def test_on_a_phone_the_page_does_not_scroll_sideways_and_the_grid_is_legible(phone, site):
    phone.goto("/risks/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE
    grid = phone.locator("article svg.pb-risk-grid")
    expect(grid).to_be_visible()
    assert grid.bounding_box()["width"] <= PHONE
    assert phone.evaluate(SMALLEST_LABEL, grid.element_handle()) >= 7
    table = phone.locator("article .pb-risks")
    assert table.bounding_box()["y"] > grid.bounding_box()["y"], "on a phone the table follows the grid"
    phone.screenshot(path=OUT / "risk-register-phone.png", full_page=True)


def test_a_risk_page_names_what_it_threatens_and_the_goal_names_the_risk(laptop, site):
    risk = next(r for r in site.entities("risk") if r.data.get("threatens"))
    laptop.goto(site.path_of(risk))
    threatened = site.result.graph.related(risk, "threatens")[0]
    laptop.locator("article").get_by_role("link", name=threatened.title).first.click()
    expect(laptop.locator("article")).to_contain_text("Threatened by")
    expect(laptop.locator("article").get_by_role("link", name=risk.title)).to_be_visible()
