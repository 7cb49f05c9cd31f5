"""Search: a reader types a KPI's or a policy's title into Material's search box and opens the result."""
from __future__ import annotations

import pytest

from .search import search


@pytest.mark.parametrize("kind", ["kpi", "policy"])
def test_typing_a_title_finds_the_page_and_opens_it(page, site, kind):
    entity = site.entities(kind)[-1]
    page.goto("/")
    results = search(page, entity.title)
    hit = results.filter(has=page.locator("h1", has_text=entity.title)).first
    hit.click()
    page.wait_for_url(site.url + site.path_of(entity) + "**")
    assert page.locator("article h1").inner_text().strip() == entity.title
