"""Forecasts: the recent trend projected to the target date, never invented from too little data."""
from __future__ import annotations

import datetime as dt

import pytest

from playbook.checker import check
from playbook.forecast import forecast
from playbook.model import Measurement
from playbook.site import SiteOptions, render_site
from playbook.status import Plan

from .contenttree import copy_minimal, write_tree
from .test_operations import rows
from .test_render import parsed

D = dt.date.fromisoformat
UP = Plan("increase", 100, D("2026-01-01"), 200, D("2027-01-01"), "monthly")
DOWN = Plan("decrease", 50, D("2026-01-01"), 10, D("2027-01-01"), "monthly")
HOLD = Plan("hold", 4.5, D("2026-01-01"), 4.5, D("2027-01-01"), "monthly")


def monthly(*values, start=1):
    return [Measurement(f"2026-{start + i:02d}-01", v, "", i) for i, v in enumerate(values)]


CASES = [  # plan, measurements, as of, reached, projected value on the target date (roughly)
    ("increase on pace", UP, monthly(100, 110, 120, 130), "2026-05-01", True, 220),
    ("increase too slow", UP, monthly(100, 103, 106, 109), "2026-05-01", False, 136),
    ("increase going down", UP, monthly(100, 98, 96, 94), "2026-05-01", False, 76),
    ("decrease on pace", DOWN, monthly(50, 45, 40, 35), "2026-05-01", True, -10),
    ("decrease stalled", DOWN, monthly(50, 49, 50, 49), "2026-05-01", False, 48),
    ("hold steady", HOLD, monthly(4.5, 4.5, 4.4, 4.5), "2026-05-01", True, 4.45),
    ("hold drifting", HOLD, monthly(4.5, 4.2, 3.9, 3.6), "2026-05-01", False, 0.83),
    ("only the last six count", UP, monthly(100, 100, 100, 100, 120, 140, 160, 180, 200, 220), "2026-11-01", True, 280),
]


@pytest.mark.parametrize("name, plan, points, as_of, reached, projected", CASES, ids=[c[0] for c in CASES])
def test_forecast_table(name, plan, points, as_of, reached, projected):
    ahead = forecast(plan, points, D(as_of))
    assert ahead.reached is reached and ahead.projected == pytest.approx(projected, abs=abs(projected) * 0.1 + 0.5)
    assert ahead.target_date == plan.target_date
    if reached and plan.direction != "hold":
        assert ahead.when is not None and ahead.when <= plan.target_date


@pytest.mark.parametrize("points, as_of", [
    (monthly(100, 110), "2026-05-01"),  # two measurements are not a trend
    (monthly(100, 110, 120), "2026-02-15"),  # only two on or before the as-of date
    ([], "2026-05-01"),
])
def test_no_forecast_from_too_little(points, as_of):
    assert forecast(UP, points, D(as_of)) is None
    assert forecast(None, monthly(1, 2, 3), D("2026-05-01")) is None


def test_the_same_inputs_give_the_same_forecast():
    data = monthly(100, 112, 119, 131)
    assert len({forecast(UP, data, D("2026-05-01")) for _ in range(5)}) == 1


def test_pages_state_the_forecast_and_the_chart_draws_it(tmp_path):
    root = copy_minimal(tmp_path / "content")
    result = check(root, as_of=D("2026-06-01"))
    site = {p.path: p for p in render_site(result, SiteOptions(as_of=result.as_of))}
    text = parsed(site["kpis/qualified-leads.md"]).text
    assert "Forecast At this pace" in text and "30 Jun 2027" in text
    assert 'class="pb-forecast"' in site["kpis/qualified-leads.md"].markdown
    head = rows(site["scorecard.md"])[0]
    assert head[5] == "Forecast"
    write_tree(root, {"measurements/qualified-leads.csv": "date,value,note\n2026-05-01,60,\n"})
    result = check(root, as_of=D("2026-06-01"))
    site = {p.path: p for p in render_site(result, SiteOptions(as_of=result.as_of))}
    assert "Not enough measurements for a forecast" in parsed(site["kpis/qualified-leads.md"]).text
    assert 'class="pb-forecast"' not in site["kpis/qualified-leads.md"].markdown
    assert "too few measurements" in parsed(site["scorecard.md"]).text
