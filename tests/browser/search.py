"""Material's search box, used the way a reader uses it: open the box, wait until it is ready, type, read."""
from __future__ import annotations

RESULT = ".md-search-result__item > .md-search-result__link"
# Material says "Initializing search" until its worker has loaded the index; a query typed before then is lost.
READY = "() => !document.querySelector('.md-search-result__meta').textContent.includes('Initializing')"
SETTLED = "() => document.getAnimations().every(a => a.playState !== 'running')"


def search(page, text: str):
    """Type text into the search box of the open page; the result links, once they have faded in."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator("label.md-header__button[for='__search']").click()
    box.click()
    page.wait_for_function(READY)
    box.fill(text)
    box.press("End")  # Material reads the query on keyup
    results = page.locator(RESULT)
    results.first.wait_for()
    page.wait_for_function(SETTLED)
    return results
