"""A member of staff answers "who runs this account?", "what is mine?" and "what do I do in an
incident?" by clicking through the built sample, as they would."""
from __future__ import annotations

from playwright.sync_api import expect

from .conftest import OUT


def test_from_home_to_the_incident_page_and_its_decision_maker(page):
    page.goto("/")
    page.locator("article .pb-mode-links").get_by_role("link", name="In an incident").click()
    expect(page.locator("article h1")).to_have_text("In an incident")
    who = page.locator("article ul").first
    expect(who).to_contain_text("Incident decision maker")
    who.get_by_role("link", name="Rachel Tarn", exact=True).click()
    expect(page.locator("article h1")).to_have_text("Rachel Tarn")
    expect(page.locator("article")).to_contain_text("What is mine")
    page.screenshot(path=OUT / "incident-to-person.png", full_page=True)


def test_who_runs_this_account(page):
    page.goto("/accounts/")
    row = page.locator("article table tbody tr", has_text="@tarnsideoutdoor")
    expect(row).to_contain_text("Callum Reid")
    row.get_by_role("link", name="Callum Reid").first.click()
    expect(page.locator("article h1")).to_have_text("Callum Reid")
    expect(page.locator("article .pb-cards")).to_contain_text("Manages")


def test_the_team_page_leads_to_each_person(page, site):
    page.goto("/team/")
    rows = page.locator("article table.pb-team tbody tr, article .pb-team table tbody tr")
    expect(rows).to_have_count(len(site.entities("person")))
    page.locator("article").get_by_role("link", name="Beth Hollins").first.click()
    expect(page.locator("article h1")).to_have_text("Beth Hollins")


def test_the_calendar_shows_themes_by_month(page):
    page.goto("/calendar/")
    table = page.locator("article table").first
    expect(table.locator("thead th")).to_have_count(13)
    expect(table).to_contain_text("Repair stories")
    table.get_by_role("link", name="Repair stories").first.click()
    expect(page.locator("article h1")).to_have_text("Repair stories")
