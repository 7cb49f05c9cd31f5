"""Maturity road maps: a dimension's target date and the initiatives that move it, on the
maturity grid and on the initiatives' own pages, in what each edition may show.

Each test checks a real playbook written to a temporary folder and renders the real site.
"""
from __future__ import annotations

import datetime as dt

import pytest

from playbook.check.checker import check
from playbook.site.all_pages import SiteOptions, render_site

from .test_render import parsed, write_content

AS_OF = dt.date(2026, 7, 1)
BASE = {
    "strategies/grow.yml": """
        title: Grow the business
        visibility: public
        statement: Double revenue by 2028.
        horizon: {start: "2026-01-01", end: "2028-12-31"}
    """,
    "initiatives/train-staff.yml": """
        title: Train every store
        visibility: public
        phase: One
        start: "2026-01-01"
        end: "2027-06-30"
    """,
    "initiatives/buy-tools.yml": """
        title: Buy a listening tool
        visibility: public
        phase: One
        start: "2026-03-01"
        end: "2026-12-31"
    """,
    "initiatives/secret-move.yml": """
        title: Zetacanary reorganisation
        visibility: confidential
        phase: One
        start: "2026-03-01"
        end: "2026-12-31"
    """,
}
STAGES = """
        stages:
          - {name: Silent, criteria: Nobody posts.}
          - {name: Trying, criteria: Some teams post.}
          - {name: Shared, criteria: Every team posts.}
"""


def dimension(fields: str, title: str = "Culture") -> str:
    return f"""
        title: {title}
        visibility: public
        dimension: culture
        current: 1
        target: 3{fields}{STAGES}"""


def site(tmp_path, maturity: dict[str, str], edition: str = "internal") -> dict:
    root = write_content(tmp_path, {**BASE, **{f"maturity/{k}.yml": v for k, v in maturity.items()}})
    result = check(root, as_of=AS_OF)
    assert not [d for d in result.diagnostics if d.severity == "error"], result.diagnostics
    return {p.path: p for p in render_site(result, SiteOptions(edition=edition, as_of=AS_OF))}


def grid(pages) -> str:
    return parsed(pages["maturity/index.md"]).text


def test_the_target_stage_carries_its_date(tmp_path):
    text = grid(site(tmp_path, {"culture": dimension('\n        target_date: "2027-12-31"')}))
    assert "\u25ce target by 31 Dec 2027" in text


def test_a_dimension_without_a_date_shows_the_plain_target_mark(tmp_path):
    text = grid(site(tmp_path, {"culture": dimension("")}))
    assert "\u25ce target" in text and "target by" not in text


def test_the_initiatives_that_move_a_dimension_are_linked_from_the_grid(tmp_path):
    pages = site(tmp_path, {"culture": dimension("\n        initiatives: [train-staff, buy-tools]")})
    page = parsed(pages["maturity/index.md"])
    assert any(href.endswith("initiatives/train-staff/") for href in page.hrefs())
    assert any(href.endswith("initiatives/buy-tools/") for href in page.hrefs())
    assert "Train every store" in page.text and "Buy a listening tool" in page.text


def test_a_dimension_with_no_initiatives_says_none_are_linked(tmp_path):
    pages = site(tmp_path, {"culture": dimension("\n        evidence: initiative:train-staff")})
    page = parsed(pages["maturity/index.md"])
    assert "none linked" in page.text
    assert [h for h in page.hrefs() if "initiatives/" in h] == ["../initiatives/train-staff/"]


def test_the_initiative_page_shows_the_dimension_it_moves(tmp_path):
    pages = site(tmp_path, {"culture": dimension("\n        initiatives: train-staff"),
                            "tools": dimension("\n        initiatives: train-staff", "Technology")})
    page = parsed(pages["initiatives/train-staff.md"])
    assert "Moves maturity" in page.text
    assert any(href.endswith("maturity/culture/") for href in page.hrefs())
    assert any(href.endswith("maturity/tools/") for href in page.hrefs())
    assert "Moves maturity" not in parsed(pages["initiatives/buy-tools.md"]).text


@pytest.mark.parametrize("edition", ["public", "internal"])
def test_a_hidden_initiative_stays_out_of_the_grid(tmp_path, edition):
    pages = site(tmp_path, {"culture": dimension("\n        initiatives: [secret-move, train-staff]")}, edition)
    html = pages["maturity/index.md"].markdown
    assert "Zetacanary" not in html and "secret-move" not in html
    assert "Train every store" in parsed(pages["maturity/index.md"]).text


def test_the_confidential_edition_links_the_confidential_initiative(tmp_path):
    pages = site(tmp_path, {"culture": dimension("\n        initiatives: [secret-move]")}, "confidential")
    assert "Zetacanary reorganisation" in grid(pages)
