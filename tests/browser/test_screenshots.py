"""Screenshots of the pages people look at most, saved to screenshots/ (git-ignored) on every run.

Full-page PNGs of the home page, a goal, a KPI with a chart, the roadmap and the
scorecard, at a laptop's width, for a person to look over.
"""
from __future__ import annotations

from .conftest import OUT


def test_screenshots_of_the_main_pages(page, site):
    measured = [k for k in site.entities("kpi") if k.id in site.result.graph.series]
    shots = {"home": "/", "goal": site.templates()["goal"], "kpi": site.path_of(measured[0]),
             "roadmap": "/roadmap/", "scorecard": "/scorecard/"}
    for name, path in shots.items():
        page.goto(path)
        page.screenshot(path=OUT / f"{name}.png", full_page=True)
        assert (OUT / f"{name}.png").stat().st_size > 10_000, name
