"""Run axe-core in a page: the script comes from a PyPI wheel and is injected inline.

`axe-playwright-python` bundles axe-core's `axe.min.js`; only that file is used.
It is added to the page as an inline script, so checking a page makes no
request at all, and `make test` needs nothing but pip. A check is started and
collected in two steps, so that several tabs can be checked at once.
"""
from __future__ import annotations

from functools import cache
from importlib.resources import files

START = """(rules) => {
    const options = {resultTypes: ['violations']};
    if (rules) options.runOnly = {type: 'rule', values: rules};
    window.__pbAxe = axe.run(document, options);
}"""

COLLECT = """() => window.__pbAxe.then(result => result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(' ')),
})))"""


@cache
def script() -> str:
    return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def start(page, rules: list[str] | None = None) -> None:
    """Start checking the page as it is now; only the given rule ids when named."""
    page.add_script_tag(content=script())
    page.evaluate(START, rules)


def collect(page) -> list[dict]:
    """The violations of the check started last: id, impact, help and the elements' selectors."""
    return page.evaluate(COLLECT)
