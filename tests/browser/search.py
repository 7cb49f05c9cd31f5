"""Material's search box, used the way a reader uses it: click the box, type, read the results."""
from __future__ import annotations

RESULT = ".md-search-result__item > .md-search-result__link"


def search(page, text: str):
    """Type text into the search box of the open page; the result links once there are some."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator("label.md-header__button[for='__search']").click()
    box.click()
    box.press_sequentially(text)
    results = page.locator(RESULT)
    results.first.wait_for()
    return results
