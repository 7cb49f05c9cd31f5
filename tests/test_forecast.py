"""Forecasts: the recent trend projected to the target date, never invented from too little data."""
from __future__ import annotations

import datetime as dt
import html
import math
import os
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook.check.checker import check
from playbook.check.forecast import (
    FEW,
    PLAN,
    NoForecast,
    forecast,
    kpi_bounds,
    kpi_forecast,
)
from playbook.check.status import Plan
from playbook.content.dates import LAST_DATE
from playbook.content.model import Measurement
from playbook.site.all_pages import SiteOptions, render_site

from .contenttree import AS_OF, copy_minimal, write_tree
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
    if ahead.when is not None:
        assert D(as_of) < ahead.when <= plan.target_date or not reached


@pytest.mark.parametrize("points, as_of", [
    (monthly(100, 110), "2026-05-01"),  # two measurements are not a trend
    (monthly(100, 110, 120), "2026-02-15"),  # only two on or before the as-of date
    ([], "2026-05-01"),
])
def test_no_forecast_from_too_little(points, as_of):
    assert forecast(UP, points, D(as_of)) == NoForecast(FEW)
    assert forecast(None, monthly(1, 2, 3), D("2026-05-01")) == NoForecast(PLAN)


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


# Forecasts never state the impossible: each case below is a real plan's absurd forecast.

def series(start: str, step: dt.timedelta, *values) -> str:
    rows = [f"{(D(start) + step * i).isoformat()},{v}," for i, v in enumerate(values)]
    return "date,value,note\n" + "\n".join(rows) + "\n"


MONTH, WEEK = dt.timedelta(days=30), dt.timedelta(weeks=1)


def kpi_file(unit: str, direction: str, baseline: tuple, target: tuple, cadence: str = "monthly", extra: str = "") -> str:
    return (f"title: Qualified leads from social\nmeasures: win-leads\nunit: \"{unit}\"\ndirection: {direction}\n"
            f"baseline: {{value: {baseline[0]}, date: \"{baseline[1]}\"}}\n"
            f"target: {{value: {target[0]}, date: \"{target[1]}\"}}\nsource: CRM\ncadence: {cadence}\n{extra}")


ABSURD = {  # name: (KPI file, measurements, as of)
    "minus 45 minutes to post an alert": (
        kpi_file("minutes", "decrease", (120, "2026-01-01"), (30, "2026-12-31")),
        series("2026-01-01", MONTH, 120, 100, 80, 60), "2026-05-01"),
    "120.6% bed occupancy": (
        kpi_file("%", "increase", (70, "2026-01-01"), (90, "2026-12-31")),
        series("2026-01-01", MONTH, 80, 85, 90, 95), "2026-05-01"),
    "followers below zero": (
        kpi_file("followers", "increase", (3000, "2026-01-01"), (5000, "2026-12-31")),
        series("2026-01-01", MONTH, 3000, 2600, 2200, 1800), "2026-05-01"),
    "reached on a date before the as-of date": (
        kpi_file("leads", "increase", (10, "2026-01-01"), (100, "2026-09-30")),
        series("2026-01-01", MONTH, 10, 40, 70), "2026-06-01"),
    "would be reached after a target date that has passed": (
        kpi_file("leads", "increase", (10, "2026-01-01"), (100, "2026-03-01")),
        series("2026-01-01", MONTH, 10, 30, 50, 70, 90), "2026-06-01"),
    "steady weekly visits projected fifteen months ahead": (
        kpi_file("visits", "increase", (28000, "2026-01-01"), (35000, "2027-09-01"), "weekly"),
        series("2026-05-04", WEEK, 31500, 29800, 30900, 28700, 29500, 28900), "2026-06-10"),
    "a scatter that would decide the verdict": (
        kpi_file("leads", "increase", (100, "2026-01-01"), (200, "2026-09-01")),
        series("2026-01-01", MONTH, 100, 190, 60, 210, 70, 200), "2026-06-10"),
}


def rendered(tmp_path, kpi: str, csv: str, as_of: str) -> tuple[str, str, str]:
    """The Forecast fact of the KPI page (HTML), the page's chart and the KPI's scorecard row (HTML)."""
    root = copy_minimal(tmp_path / "content")
    write_tree(root, {"kpis/qualified-leads.yml": kpi, "measurements/qualified-leads.csv": csv})
    result = check(root, as_of=D(as_of))
    assert not result.errors, result.errors
    site = {p.path: p.markdown for p in render_site(result, SiteOptions(as_of=result.as_of))}
    page = site["kpis/qualified-leads.md"]
    fact = re.search(r"<dt>Forecast</dt>\s*<dd>(.*?)</dd>", page, re.S).group(1)
    chart = re.search(r"<svg.*?</svg>", page[page.index('class="pb-figure"'):], re.S).group(0)
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", site["scorecard.md"], re.S) if "Qualified leads" in r)
    return fact, chart, row


def numbers_in(text: str) -> list[float]:
    plain = re.sub(r"<[^>]+>", " ", text).replace("\u2212", "-").replace(",", "")
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", re.sub(r"\d{1,2} \w{3} \d{4}", " ", plain))]


@pytest.mark.parametrize("name", list(ABSURD))
def test_no_forecast_states_the_impossible(tmp_path, name):
    kpi, csv, as_of = ABSURD[name]
    fact, chart, row = rendered(tmp_path, kpi, csv, as_of)
    unit = re.search(r'unit: "(.*)"', kpi).group(1)
    assert all(n >= 0 for n in numbers_in(fact)), fact  # no negative count or duration
    if unit == "%":
        assert all(n <= 100 for n in numbers_in(fact)), fact
    stated = [D(d) for d in re.findall(r'datetime="(\d{4}-\d\d-\d\d)"', fact)]
    assert all(day >= D(as_of) for day in stated), fact  # never a date in the past
    forecast_line = re.search(r'<line[^>]*class="pb-forecast"', chart)
    tip = re.search(r'<title>([^<]*)</title>', chart[forecast_line.start() - 400:]) if forecast_line else None
    assert tip is None or "-" not in tip.group(1).split(":")[0]
    assert "short:" not in row and "pb-state--overdue" not in row


@pytest.mark.parametrize("name, says", [
    ("minus 45 minutes to post an alert", "At this pace it reaches 0 minutes, the unit's limit, before"),
    ("120.6% bed occupancy", "At this pace it reaches 100%, the unit's limit, before"),
    ("followers below zero", "At this pace it reaches 0 followers, the unit's limit, before"),
    ("reached on a date before the as-of date", "the target is reached."),
    ("would be reached after a target date that has passed", "No forecast: the target date"),
    ("steady weekly visits projected fifteen months ahead", "lies more than 4 times as far beyond"),
    ("a scatter that would decide the verdict", "No forecast: the measurements scatter too much"),
])
def test_the_page_says_what_the_trend_allows(tmp_path, name, says):
    fact, chart, row = rendered(tmp_path, *ABSURD[name])
    assert says in html.unescape(re.sub(r"<[^>]+>", "", fact))
    assert ('class="pb-forecast"' in chart) is fact.startswith("At this pace")


def test_the_scorecard_names_the_projection_and_styles_it_as_a_forecast(tmp_path):
    kpi = kpi_file("followers", "increase", (2000, "2026-01-01"), (5000, "2026-12-31"))
    fact, chart, row = rendered(tmp_path, kpi, series("2026-01-01", MONTH, 2000, 2200, 2400, 2600, 2800), "2026-06-01")
    cell = re.search(r'<span class="pb-forecast-cell pb-forecast-cell--behind">(.*?)</span>', row).group(1)
    projected = re.match(r"projected: ([\d,]+) followers \(target 5,000\)$", cell)
    assert projected and 4000 < float(projected.group(1).replace(",", "")) < 5000
    assert "short" not in row and "overdue" not in row
    far = rendered(tmp_path / "far", *ABSURD["steady weekly visits projected fifteen months ahead"])[2]
    assert '<span class="pb-muted">too far ahead</span>' in far


@pytest.mark.parametrize("values", [
    (0, 1e-320, 0, 1e-320),  # a slope so near zero that the days to the target overflow
    (5e-324, 0, 5e-324, 0, 5e-324),
    (1e15, 1e15, 1e15 - 1, 1e15),
])
def test_a_near_zero_slope_never_divides_into_infinity(values):
    ahead = forecast(UP, monthly(*values), D("2026-06-01"))
    assert ahead.when is None or D("2026-06-01") < ahead.when <= LAST_DATE
    assert math.isfinite(ahead.projected)


def test_declared_bounds_win_over_the_unit_and_are_checked(tmp_path):
    nps = kpi_file("NPS score", "increase", (-20, "2026-01-01"), (10, "2026-12-31"), extra="bounds: {min: -100, max: 100}\n")
    assert kpi_bounds({"unit": "NPS score"}, []) == (None, None)
    assert kpi_bounds({"unit": "NPS score", "bounds": {"min": -100, "max": 100}}, [150]) == (-100, 100)
    fact = rendered(tmp_path, nps, series("2026-01-01", MONTH, -20, -40, -60, -80), "2026-05-01")[0]
    assert "it reaches -100 NPS score, the unit's limit" in html.unescape(fact).replace("\u2212", "-")
    root = copy_minimal(tmp_path / "bad")
    write_tree(root, {"kpis/qualified-leads.yml": kpi_file("%", "increase", (10, "2026-01-01"), (120, "2027-06-30"),
                                                           extra="bounds: {min: 50, max: 100}\n"),
                      "kpis/other.yml": kpi_file("%", "increase", (10, "2026-01-01"), (20, "2027-06-30"),
                                                 extra="bounds: {min: 5, max: 5}\n")})
    found = {(d.file, d.code, d.line) for d in check(root, as_of=D(AS_OF)).errors}
    assert found == {("kpis/qualified-leads.yml", "PB015", 5), ("kpis/qualified-leads.yml", "PB015", 6),
                     ("kpis/other.yml", "PB015", 9)}


UNITS = ["%", "percent", "minutes", "followers", "GBP per booking", "NPS score", "°C", "stars (out of 5)", ""]


@st.composite
def kpi_cases(draw):
    start = draw(st.dates(dt.date(2000, 1, 1), dt.date(2190, 1, 1)))
    target_date = start + dt.timedelta(days=draw(st.integers(1, 3000)))
    value = st.one_of(st.floats(-1e15, 1e15, allow_nan=False), st.integers(-1000, 1000).map(float),
                      st.sampled_from([0.0, 1e-320, 5e-324, 100.0, 99.9]))
    data = {"unit": draw(st.sampled_from(UNITS)), "direction": draw(st.sampled_from(["increase", "decrease", "hold"])),
            "baseline": {"value": draw(value), "date": start.isoformat()},
            "target": {"value": draw(value), "date": target_date.isoformat()}}
    if draw(st.booleans()):
        low, high = sorted(draw(st.lists(value, min_size=2, max_size=2, unique=True)))
        data["bounds"] = draw(st.sampled_from([{"min": low, "max": high}, {"min": low}, {"max": high}]))
    days = sorted(draw(st.lists(st.integers(-400, 3400), max_size=9, unique=True)))
    points = [Measurement((start + dt.timedelta(days=d)).isoformat(), draw(value), "", i)
              for i, d in enumerate(days) if start + dt.timedelta(days=d) <= LAST_DATE]
    as_of = start + dt.timedelta(days=draw(st.integers(-100, 3500)))
    return data, points, min(as_of, LAST_DATE)


@settings(max_examples=int(os.environ.get("PLAYBOOK_PROPERTY_EXAMPLES", "300")), deadline=None)
@given(kpi_cases())
def test_no_forecast_leaves_the_bounds_or_states_a_past_date(case):
    data, points, as_of = case
    ahead = kpi_forecast(data, points, as_of)
    assert ahead == kpi_forecast(data, points, as_of)  # pure
    if isinstance(ahead, NoForecast):
        return
    low, high = kpi_bounds(data, [p.value for p in points] + [data["baseline"]["value"], data["target"]["value"]])
    for value in (ahead.projected, ahead.start[1], ahead.end[1]):
        assert math.isfinite(value)
        assert (low is None or value >= low) and (high is None or value <= high), (value, low, high)
    assert as_of <= ahead.target_date and ahead.start[0] <= ahead.end[0] <= ahead.target_date
    assert ahead.when is None or as_of < ahead.when <= LAST_DATE
    if ahead.when and ahead.reached:
        assert ahead.when <= ahead.target_date
