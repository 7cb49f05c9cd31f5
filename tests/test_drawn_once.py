"""A KPI's chart is drawn once per edition, and every page that shows it shows the same one."""
from __future__ import annotations

import re
from collections import Counter

import pytest

from playbook.check.checker import check
from playbook.site.all_pages import SiteOptions, render_site
from playbook.site.render import kpi as kpi_page

from .sitebuild import REPO

CHART_ID = re.compile(r'<svg[^>]*aria-labelledby="(pb-kpi-[0-9a-f]+)-title"')


@pytest.fixture(scope="module")
def result():
    return check(REPO / "content")


def _render(result, edition, monkeypatch):
    """The pages, and how often each KPI's chart was drawn."""
    drawn, draw = Counter(), kpi_page.kpi_chart

    def counting(*args, **kwargs):
        drawn[kwargs["title"]] += 1
        return draw(*args, **kwargs)

    monkeypatch.setattr(kpi_page, "kpi_chart", counting)
    return render_site(result, SiteOptions(edition, result.as_of)), drawn


@pytest.mark.parametrize("edition", ["internal", "confidential"])
def test_each_chart_is_drawn_once_per_edition(result, edition, monkeypatch):
    pages, drawn = _render(result, edition, monkeypatch)
    shown = {p.path: CHART_ID.findall(p.markdown) for p in pages}
    assert drawn and set(drawn.values()) == {1}
    assert any(shown[p] for p in shown if p.startswith("print")), "the print page shows KPI charts"


@pytest.mark.parametrize("edition", ["internal", "confidential"])
def test_the_print_page_shows_the_chart_of_the_kpi_page(result, edition, monkeypatch):
    pages, _ = _render(result, edition, monkeypatch)
    by_path = {p.path: p.markdown for p in pages}
    printed = next(m for p, m in by_path.items() if p.startswith("print"))
    charts = {}
    for path, markdown in by_path.items():
        if path.startswith("kpis/") and path != "kpis/index.md":
            for match in re.finditer(r"<svg.*?</svg>", markdown, re.S):
                charts[match[0]] = path
    assert charts
    in_print = [c for c in charts if c in printed]
    assert in_print, "no KPI page's chart appears, as it is, on the print page"


def test_editions_do_not_share_drawn_charts(result, monkeypatch):
    """Drawing is remembered by the edition's view: an internal build draws its own charts
    even after a confidential build drew them for the same KPIs."""
    _, confidential = _render(result, "confidential", monkeypatch)
    _, internal = _render(result, "internal", monkeypatch)
    assert internal and set(internal) <= set(confidential) and set(internal.values()) == {1}
