"""The incident page on a 390 px phone, in a hurry: one tap into it from any page, no sideways
scrolling, the decision maker and the deputy one tap away from a call, the procedure's steps on
the page, a card per channel, and no serious accessibility finding.
Screenshots: screenshots/incident-phone.png, incident-laptop.png, incident-bar-phone.png,
agency-incident-phone.png."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from . import axe
from .conftest import OUT, foreign

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture
def phone(open_context):
    return open_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()


@pytest.mark.parametrize("start", ["/scorecard/", "/goals/", "/kpis/repair-clinic-fill-rate/", "/team/", "/whats-new/"])
def test_one_tap_from_any_page_into_the_incident_page(phone, start):
    phone.goto(start)
    bar = phone.locator("article nav.pb-mode-bar").get_by_role("link", name="In an incident")
    expect(bar).to_be_in_viewport(ratio=1)  # in the first screen, above the title
    box = bar.bounding_box()
    assert box["height"] >= 40, box  # a finger's tap
    if start == "/scorecard/":
        phone.screenshot(path=OUT / "incident-bar-phone.png")
    bar.tap()
    expect(phone.locator("article h1")).to_have_text("In an incident")


def test_the_incident_page_fits_a_phone_and_calls_with_one_tap(phone):
    phone.goto("/modes/incident/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    calls = phone.locator("article a.pb-call")
    assert calls.count() >= 1  # the sample's decision maker (its role has no deputy yet)
    for href in calls.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert href.startswith("tel:+") and href[5:].isdigit(), href
    first = calls.first.bounding_box()
    assert first["height"] >= 40 and first["x"] + first["width"] <= PHONE["width"], first
    expect(phone.locator("article .pb-procedure").first).to_be_visible()
    cards = phone.locator("article .pb-cards .pb-card")
    assert cards.count() >= 1
    for card in cards.all():
        box = card.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    phone.screenshot(path=OUT / "incident-phone.png", full_page=True)
    axe.start(phone)
    serious = [v for v in axe.collect(phone) if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_the_incident_page_on_a_laptop(open_context):
    page = open_context(viewport=LAPTOP).new_page()
    page.goto("/modes/incident/")
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    page.screenshot(path=OUT / "incident-laptop.png", full_page=True)
    axe.start(page)
    assert [v for v in axe.collect(page) if v["impact"] in ("serious", "critical")] == []


def test_the_agency_decision_maker_and_deputy_are_a_tap_from_a_call(browser, agency):
    context = browser.new_context(base_url=agency.url, viewport=PHONE, is_mobile=True, has_touch=True)
    leaks = []
    context.on("request", lambda r: foreign(r.url) and leaks.append(r.url))
    try:
        tab = context.new_page()
        tab.goto("/modes/incident/")
        assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        who = tab.locator("article li", has_text="Incident decision maker")
        expect(who.locator("a.pb-call")).to_have_count(2)  # the decision maker and the deputy; the alternate has none
        expect(who.locator("a.pb-call").first).to_have_attribute("href", "tel:+441539000110")
        tab.screenshot(path=OUT / "agency-incident-phone.png")
        axe.start(tab)
        assert [v for v in axe.collect(tab) if v["impact"] in ("serious", "critical")] == []
    finally:
        context.close()
    assert leaks == []
