"""Accessibility: axe-core finds no serious or critical violation on any page template.

Every template (home, each overview page, each kind's index and one entity of
each kind, a free page, and the search box showing results) is checked in the
light scheme with every rule, and in the dark scheme (a reader whose system
prefers dark) with the rules that depend on colour. The counts by impact go to
screenshots/axe.txt.
"""
from __future__ import annotations

from collections import Counter

from . import axe
from .search import search

SEVERE = {"serious", "critical"}
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
SEARCH_RESULTS = "search results"
SCHEMES = {"light": None, "dark": COLOUR_RULES}


def test_no_serious_or_critical_violations_on_any_template(open_context, site, notes):
    templates = {**site.templates(), SEARCH_RESULTS: "/"}
    tabs = {scheme: open_context(color_scheme=scheme).new_page() for scheme in SCHEMES}
    found = []
    for name, path in templates.items():
        for scheme, rules in SCHEMES.items():  # both checks run at once, one per tab
            tabs[scheme].goto(path)
            if name == SEARCH_RESULTS:
                search(tabs[scheme], "repair")
            axe.start(tabs[scheme], rules)
        for scheme, tab in tabs.items():
            found += [dict(v, scheme=scheme, page=name) for v in axe.collect(tab)]
    counts = Counter((v["scheme"], v["impact"]) for v in found)
    nodes = Counter((v["scheme"], v["impact"]) for v in found for _ in v["targets"])
    notes.write("axe", [f"templates checked: {len(templates)}, light (all rules) and dark (colour rules)"]
                + [f"{scheme} {impact}: {n} violations on {nodes[scheme, impact]} elements"
                   for (scheme, impact), n in sorted(counts.items())]
                + [f"  {v['scheme']} {v['page']}: {v['impact']} {v['id']} {v['targets'][:3]}" for v in found])
    severe = [(v["scheme"], v["page"], v["id"], v["help"], v["targets"][:5]) for v in found if v["impact"] in SEVERE]
    assert severe == []
