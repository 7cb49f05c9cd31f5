"""The home page answers first: on a 1366x768 laptop screen, before any scrolling, it shows the
KPIs counted by status and at least one KPI that needs attention, with its owner's commentary,
in the sample and in the public-agency template; on a 390 px phone the counts come first too.
Screenshots: screenshots/home-laptop.png, home-phone.png, agency-home-laptop.png."""
from __future__ import annotations

from .conftest import OUT, Site, foreign

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def opened(browser, site: Site, viewport: dict):
    context = browser.new_context(base_url=site.url, viewport=viewport)
    leaks = []
    context.on("request", lambda r: foreign(r.url) and leaks.append(r.url))
    tab = context.new_page()
    tab.goto("/")
    return context, tab, leaks


def first_screen(tab, selector: str) -> list[str]:
    """The texts of the elements matching `selector` that lie wholly within the first screen."""
    return tab.evaluate("""(selector) => [...document.querySelectorAll(selector)].filter(e => {
        const r = e.getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
    }).map(e => e.innerText.trim())""", selector)


def answers_first(browser, site: Site, viewport: dict, shot: str) -> tuple[list[str], list[str]]:
    context, tab, leaks = opened(browser, site, viewport)
    try:
        tab.screenshot(path=OUT / shot)
        return first_screen(tab, ".pb-strip li"), first_screen(tab, ".pb-attention > li")
    finally:
        context.close()
        assert leaks == []


def test_the_samples_first_laptop_screen_holds_the_counts_and_what_needs_attention(browser, site):
    counts, attention = answers_first(browser, site, LAPTOP, "home-laptop.png")
    assert any("off track" in c for c in counts) and any("at risk" in c for c in counts)
    assert any("overdue" in c for c in counts)
    assert attention, "no KPI needing attention is on the first screen"
    assert "Second Ascent items sold from drop posts" in attention[0]  # the worst first
    assert "Owner" in attention[0] and "Priya Raman" in attention[0]


def test_the_incident_page_is_one_click_from_the_first_screen(browser, site):
    context, tab, leaks = opened(browser, site, LAPTOP)
    try:
        assert first_screen(tab, "a.pb-mode-button") == ["In an incident"]
        tab.click("a.pb-mode-button")
        assert tab.url.endswith("/modes/incident/")
    finally:
        context.close()
    assert leaks == []


def test_on_a_phone_the_counts_come_before_anything_else(browser, site):
    counts, _ = answers_first(browser, site, PHONE, "home-phone.png")
    assert len(counts) >= 3


def test_the_agency_templates_first_laptop_screen_holds_a_kpi_that_needs_attention(browser, agency):
    counts, attention = answers_first(browser, agency, LAPTOP, "agency-home-laptop.png")
    assert any("at risk" in c for c in counts)
    assert any("Shares of preparedness tips" in a and "more slowly than planned" in a for a in attention)


def test_strategies_follow_worst_first_and_the_profile_is_folded(browser, site):
    context, tab, _ = opened(browser, site, LAPTOP)
    try:
        assert tab.locator("details.pb-profile").count() == 1
        assert not tab.locator("details.pb-profile dl").is_visible()
        order = tab.evaluate("""() => [...document.querySelectorAll('.pb-strategy .pb-meta .pb-badge')]
                                  .map(b => b.className)""")
        ranks = {"off-track": 0, "missed": 0, "stale": 1, "at-risk": 2, "on-track": 3, "achieved": 4, "no-data": 5}
        shown = [next(r for name, r in ranks.items() if f"pb-badge--{name}" in c) for c in order]
        assert shown == sorted(shown) and len(shown) >= 2
    finally:
        context.close()
