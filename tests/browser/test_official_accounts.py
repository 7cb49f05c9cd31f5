"""The official-accounts page and the fuller mode page, in a browser: every listed profile is linked
with rel="me" and the data file beside the page lists the same accounts; axe finds nothing serious
in either colour scheme; at a phone's 390 px neither page scrolls sideways. Screenshots at a laptop's
1366x768 and at 390 px go to screenshots/."""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from playbook.check.operations import accounts

from . import axe
from .conftest import OUT

PAGES = {"official-accounts": "/official-accounts/", "mode-incident": "/modes/incident/"}
PHONE = 390


def official(site) -> list[tuple[str, str | None]]:
    """(handle, url) of every account of the built (internal) edition that is not closed."""
    return sorted((a["handle"], a.get("url")) for c in site.result.graph.of_kind("channel")
                  for __, a in accounts(c) if a.get("status") != "closed" and c.visibility != "confidential"
                  and a.get("visibility", "internal") != "confidential")


def test_every_listed_profile_is_linked_rel_me_and_the_file_agrees(page, site):
    page.goto("/official-accounts/")
    expect(page.locator("article h1")).to_have_text("Official accounts")
    cards = page.locator("article .pb-official .pb-card")
    expected = official(site)
    expect(cards).to_have_count(len(expected))
    shown = cards.evaluate_all("""cards => cards.map(card => {
        const handle = card.querySelector('p:nth-child(2)'), link = handle.querySelector('a');
        return [handle.textContent.trim(), link ? link.href : null, link ? link.rel : null];
    })""")
    assert sorted((h, u) for h, u, _ in shown) == expected
    assert {rel for _, u, rel in shown if u} == {"me"}
    data = page.locator("article a[type='application/json']")
    response = page.request.get(page.url + data.get_attribute("href"))
    listed = json.loads(response.body())["accounts"]
    assert sorted((a["handle"], a.get("url")) for a in listed) == expected


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_violation_in_either_scheme(open_context, name):
    for scheme in ("light", "dark"):
        tab = open_context(color_scheme=scheme, viewport={"width": 1366, "height": 768}).new_page()
        tab.goto(PAGES[name])
        axe.start(tab)
        severe = [(v["id"], v["targets"][:3]) for v in axe.collect(tab) if v["impact"] in ("serious", "critical")]
        assert severe == [], (scheme, severe)


@pytest.mark.parametrize("name", PAGES)
def test_a_phone_does_not_scroll_sideways_and_screenshots_are_taken(open_context, name):
    laptop = open_context(viewport={"width": 1366, "height": 768}).new_page()
    laptop.goto(PAGES[name])
    laptop.screenshot(path=OUT / f"laptop-{name}.png", full_page=True)
    phone = open_context(viewport={"width": PHONE, "height": 844}, is_mobile=True, has_touch=True).new_page()
    phone.goto(PAGES[name])
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE
    wide = phone.evaluate("""() => Array.from(document.querySelectorAll('article *'))
        .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.pb-table-wrap, figure'))
        .map(el => el.tagName + '.' + el.className)""")
    assert wide == []
    phone.screenshot(path=OUT / f"phone-{name}.png", full_page=True)


def test_the_calendar_names_the_quiet_period_before_the_themes(page, site):
    page.goto("/calendar/")
    quiet = page.locator("article .pb-quiet")
    expect(quiet).to_contain_text("Annual results embargo")
    expect(page.locator("article table tbody tr").first).to_contain_text("Quiet periods")
    quiet.get_by_role("link", name="Annual results embargo").click()
    expect(page.locator("article h1")).to_have_text("Annual results embargo")
    page.goto("/calendar/")
    page.screenshot(path=OUT / "laptop-calendar-quiet.png", full_page=True)
