"""Costs: an initiative or a tactic carries an amount, a currency and a period; the roadmap and
the book total them per strategy, never adding different currencies or periods; money reads in
the site's language; and a cost is an operational detail, out of the public edition unless the
entity opens it (`details_visibility: {cost: public}`). The tests run the real checker and pages
on copies of the minimal playbook.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest

from playbook import i18n
from playbook.check.checker import check
from playbook.outputs.briefing_book import report_html
from playbook.site.all_pages import SiteOptions, render_site

from .contenttree import copy_minimal, write_tree

DAY = dt.date(2026, 6, 1)
INITIATIVE = "title: Launch the webinar series\nphase: Foundation\nstart: '2026-01-01'\nend: '2027-12-31'\n"
TACTIC = "title: Monthly product webinars\nserves: win-leads\nchannels: linkedin\ncall_to_action: Register\n"


def cost(amount, currency="EUR", period="one-off") -> str:
    return f"cost: {{amount: {amount}, currency: {currency}, period: {period}}}\n"


def playbook(tmp_path, files: dict[str, str]):
    return write_tree(copy_minimal(tmp_path / "content"), files)


def pages(root, edition: str = "internal", lang: str | None = None) -> dict[str, str]:
    options = SiteOptions(edition=edition, as_of=DAY, **({"language": lang} if lang else {}))
    return {p.path: p.markdown for p in render_site(check(root, as_of=DAY), options)}


def totals(page: str) -> list[str]:
    """The cost table's rows as 'strategy | total | made of' text."""
    part = page[page.index('pb-cost-totals'):].split("</table>", 1)[0]
    rows = part.split("<tr>")[2:]
    return [" | ".join(re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)) for row in rows]


@pytest.mark.parametrize("lang, amount, currency, text", [
    ("en", 12000, "EUR", "€12,000"),
    ("en", 450.5, "USD", "US$450.50"),
    ("de", 12000, "EUR", "12.000\u00a0€"),
    ("fr", 9.99, "GBP", "9,99\u00a0£GB"),
    ("es", 1200, "JPY", "1.200\u00a0JPY"),
    ("en", 0, "CHF", "CHF0"),
    ("fr", 10.05, "EUR", "10,05\u00a0€"),
])
def test_money_reads_in_the_sites_language_with_cents_only_where_there_are_some(lang, amount, currency, text):
    with i18n.use(i18n.language(lang)):
        assert i18n.money(amount, currency) == text


def test_totals_never_add_different_currencies_or_periods(tmp_path):
    root = playbook(tmp_path, {
        "initiatives/launch-webinars.yml": INITIATIVE + "delivers: webinars\n" + cost(12000),
        "initiatives/ads.yml": INITIATIVE.replace("Launch the webinar series", "Ads") + "delivers: win-leads\n" + cost(500.25),
        "initiatives/hosting.yml": INITIATIVE.replace("Launch the webinar series", "Hosting") + "delivers: win-leads\n"
                                   + cost(40, period="monthly"),
        "initiatives/us-ads.yml": INITIATIVE.replace("Launch the webinar series", "US ads") + "delivers: win-leads\n"
                                  + cost(300, "USD"),
        "tactics/webinars.yml": TACTIC + cost(60, period="monthly"),
    })
    rows = totals(pages(root)["roadmap.md"])
    assert rows == ["Grow online sales | €12,500.25 once | Ads, Launch the webinar series",
                    "Grow online sales | €100 a month | Hosting, Monthly product webinars",
                    "Grow online sales | US$300 once | US ads"]


def test_work_that_serves_two_strategies_counts_in_each_and_work_that_serves_none_on_its_own(tmp_path):
    root = copy_minimal(tmp_path / "content")
    goal = (root / "goals" / "win-leads.yml").read_text().replace("supports: grow-online", "supports: [grow-online, keep-customers]")
    write_tree(root, {"strategies/keep-customers.yml": "title: Keep customers\nstatement: Keep them.\n"
                                                       "horizon: {start: '2026-01-01', end: '2027-12-31'}\n",
                      "goals/win-leads.yml": goal, "initiatives/launch-webinars.yml": INITIATIVE + cost(800),
                      "tactics/webinars.yml": TACTIC + cost(25, "GBP", "annual")})
    rows = totals(pages(root)["roadmap.md"])
    assert rows == ["Grow online sales | £25 a year | Monthly product webinars",
                    "Keep customers | £25 a year | Monthly product webinars",
                    "No strategy | €800 once | Launch the webinar series"]


def test_a_draft_counts_in_no_total(tmp_path):
    root = playbook(tmp_path, {"initiatives/launch-webinars.yml": INITIATIVE + "delivers: webinars\n" + cost(1000),
                               "tactics/webinars.yml": TACTIC + "draft: true\n" + cost(999)})
    assert totals(pages(root)["roadmap.md"]) == ["Grow online sales | €1,000 once | Launch the webinar series"]


@pytest.mark.parametrize("opening, public", [
    ("", False),
    ("details_visibility: {cost: internal}\n", False),
    ("details_visibility: {cost: confidential}\n", False),
    ("details_visibility: {cost: public}\n", True),
])
def test_the_public_edition_shows_a_cost_only_where_it_is_opened(tmp_path, opening, public):
    root = copy_minimal(tmp_path / "content")
    for name in ("strategies/grow-online.yml", "goals/win-leads.yml"):
        write_tree(root, {name: "visibility: public\n" + (root / name).read_text()})
    write_tree(root, {"tactics/webinars.yml": "visibility: public\n" + TACTIC + cost(4321.5) + opening})
    for edition in ("public", "internal", "confidential"):
        shown = pages(root, edition)
        hits = [path for path, text in shown.items() if "4,321.50" in text or "4321.5" in text]
        expected = public or edition != "public"
        if edition == "internal" and "confidential" in opening:
            expected = False
        assert bool(hits) is expected, (edition, hits)
        if expected:
            assert {"roadmap.md", "tactics/webinars.md"} <= set(hits), edition


def test_the_page_and_the_book_read_the_cost_as_money(tmp_path):
    root = playbook(tmp_path, {"tactics/webinars.yml": TACTIC + cost(12000, "EUR", "quarterly")})
    assert "€12,000 a quarter" in pages(root)["tactics/webinars.md"]
    assert "12.000\u00a0€ im Quartal" in pages(root, lang="de")["tactics/webinars.md"]
    html = report_html(check(root, as_of=DAY), "internal")
    assert "€12,000 a quarter" in html[html.index('id="roadmap"'):]
    assert "€12,000" not in report_html(check(root, as_of=DAY), "public")


@pytest.mark.parametrize("written, code", [
    ("cost: {amount: 10, currency: eur, period: one-off}", "PB015"),
    ("cost: {amount: -5, currency: EUR, period: one-off}", "PB015"),
    ("cost: {amount: 10, currency: EUR, period: weekly}", "PB013"),
    ("cost: {amount: 10, period: one-off}", "PB011"),
    ("cost: {amount: ten, currency: EUR, period: one-off}", "PB010"),
    ("cost: {amount: 10, currency: XYZ, period: one-off}", "PB246"),
    ("details_visibility: public", "PB010"),
    ("details_visibility: {waivers: public}", "PB012"),
])
def test_a_malformed_cost_is_reported(tmp_path, written, code):
    root = playbook(tmp_path, {"tactics/webinars.yml": TACTIC + written + "\n"})
    found = [d for d in check(root, as_of=DAY).diagnostics if d.file == "tactics/webinars.yml"]
    assert [d.code for d in found] == [code] and found[0].line == 5
