"""KPI status: tables of cases for each direction, missing data, dates and roll-up."""
import datetime as dt

import pytest

from playbook.check.status import (
    ACHIEVED,
    AT_RISK,
    MISSED,
    NO_DATA,
    OFF_TRACK,
    ON_TRACK,
    STALE,
    Plan,
    Thresholds,
    kpi_status,
    roll_up,
)
from playbook.content.model import Measurement

D = dt.date.fromisoformat
INCREASE = Plan("increase", 100, D("2026-01-01"), 200, D("2027-01-01"), "monthly")
DECREASE = Plan("decrease", 50, D("2026-01-01"), 10, D("2027-01-01"), "monthly")
HOLD = Plan("hold", 4.5, D("2026-01-01"), 4.5, D("2027-01-01"), "monthly")


def points(*pairs):
    return [Measurement(d, v, "", i + 2) for i, (d, v) in enumerate(pairs)]


CASES = [
    # plan, measurements, as of, expected status
    ("increase on plan", INCREASE, [("2026-07-02", 150)], "2026-07-15", ON_TRACK),
    ("increase ahead", INCREASE, [("2026-07-02", 190)], "2026-07-15", ON_TRACK),
    ("increase slightly behind", INCREASE, [("2026-07-02", 140)], "2026-07-15", AT_RISK),
    ("increase far behind", INCREASE, [("2026-07-02", 105)], "2026-07-15", OFF_TRACK),
    ("decrease on plan", DECREASE, [("2026-07-02", 30)], "2026-07-15", ON_TRACK),
    ("decrease behind", DECREASE, [("2026-07-02", 36)], "2026-07-15", AT_RISK),
    ("decrease wrong way", DECREASE, [("2026-07-02", 60)], "2026-07-15", OFF_TRACK),
    ("hold within band", HOLD, [("2026-07-01", 4.4)], "2026-07-15", ON_TRACK),
    ("hold drifting", HOLD, [("2026-07-01", 4.0)], "2026-07-15", AT_RISK),
    ("hold broken", HOLD, [("2026-07-01", 3.0)], "2026-07-15", OFF_TRACK),
    ("no data at all", INCREASE, [], "2026-07-15", NO_DATA),
    ("only future data", INCREASE, [("2026-08-01", 160)], "2026-07-15", NO_DATA),
    ("before the baseline", INCREASE, [("2025-12-01", 90)], "2025-12-15", NO_DATA),
    ("after the target date, met", INCREASE, [("2027-03-01", 205)], "2027-03-10", ACHIEVED),
    ("after the target date, exactly met", INCREASE, [("2026-12-20", 200)], "2027-03-10", ACHIEVED),
    ("after the target date, missed", INCREASE, [("2027-03-01", 160)], "2027-03-10", MISSED),
    ("after the target date, one short", INCREASE, [("2027-01-01", 199)], "2027-02-01", MISSED),
    ("decrease after the target, met", DECREASE, [("2027-01-01", 9)], "2027-02-01", ACHIEVED),
    ("decrease after the target, missed", DECREASE, [("2027-01-01", 11)], "2027-02-01", MISSED),
    ("hold after the target, within band", HOLD, [("2027-01-01", 4.4)], "2027-02-01", ACHIEVED),
    ("hold after the target, outside band", HOLD, [("2027-01-01", 4.0)], "2027-02-01", MISSED),
    ("latest before as-of counts", INCREASE, [("2026-03-01", 120), ("2026-09-01", 100)], "2026-04-01", ON_TRACK),
    ("incomplete plan", None, [("2026-07-01", 1)], "2026-07-15", NO_DATA),
    # stale data is a status of its own: an old reading never stands for today
    ("old on-track reading, stale", INCREASE, [("2026-02-01", 110)], "2026-06-01", STALE),
    ("only the baseline reading, years on", INCREASE, [("2026-01-01", 100)], "2029-06-01", STALE),
    ("baseline reading, target passed, stale at the target date", INCREASE, [("2026-01-01", 100)], "2027-01-02", STALE),
    ("a reading just inside the window", INCREASE, [("2026-05-05", 140)], "2026-07-05", ON_TRACK),
    ("weekly cadence goes stale sooner", Plan("increase", 100, D("2026-01-01"), 200, D("2027-01-01"), "weekly"),
     [("2026-07-01", 150)], "2026-07-20", STALE),
    ("quarterly cadence waits longer", Plan("increase", 100, D("2026-01-01"), 200, D("2027-01-01"), "quarterly"),
     [("2026-03-01", 117)], "2026-08-01", ON_TRACK),
    # event-driven KPIs are judged on their latest event, however long ago
    ("event cadence, old event on plan", Plan("increase", 100, D("2026-01-01"), 200, D("2027-01-01"), "per-event"),
     [("2026-02-01", 110)], "2026-11-01", ON_TRACK),
    ("event cadence, after the target", Plan("decrease", 60, D("2026-01-01"), 30, D("2027-01-01"), "per-event"),
     [("2026-03-01", 25)], "2028-01-01", ACHIEVED),
    ("event cadence, no event yet", Plan("decrease", 60, D("2026-01-01"), 30, D("2027-01-01"), "per-event"),
     [], "2026-06-01", NO_DATA),
    ("annual cadence, a reading ten months old", Plan("increase", 100, D("2025-01-01"), 200, D("2028-01-01"), "annual"),
     [("2026-01-01", 140)], "2026-11-01", ON_TRACK),
    ("annual cadence, three years without a reading", Plan("increase", 100, D("2025-01-01"), 200, D("2030-01-01"), "annual"),
     [("2025-01-01", 100)], "2028-01-10", STALE),
    ("biennial cadence, a reading three years old", Plan("increase", 100, D("2024-01-01"), 200, D("2030-01-01"), "biennial"),
     [("2025-01-01", 130)], "2028-01-01", ON_TRACK),
]


@pytest.mark.parametrize("name,plan,data,as_of,expected", CASES, ids=[c[0] for c in CASES])
def test_status_table(name, plan, data, as_of, expected):
    assert kpi_status(plan, points(*data), D(as_of)).status == expected


def test_expected_value_is_the_straight_line():
    status = kpi_status(INCREASE, points(("2026-07-02", 150)), D("2026-07-15"))
    assert status.expected == pytest.approx(150, abs=0.5)
    assert status.latest.value == 150


@pytest.mark.parametrize("as_of,stale", [("2026-08-01", False), ("2026-09-10", True)])
def test_stale_data_keeps_what_its_reading_said(as_of, stale):
    status = kpi_status(INCREASE, points(("2026-07-02", 150)), D(as_of))
    assert status.stale is stale and (status.status == STALE) is stale
    assert status.reading == (ON_TRACK if stale else None)
    assert status.latest.value == 150


def test_thresholds_are_configurable():
    data = points(("2026-07-02", 140))
    assert kpi_status(INCREASE, data, D("2026-07-15")).status == AT_RISK
    assert kpi_status(INCREASE, data, D("2026-07-15"), Thresholds(on_track=0.15, at_risk=0.3)).status == ON_TRACK


def test_as_of_changes_the_status():
    data = points(("2026-02-01", 110), ("2026-10-01", 130))
    assert kpi_status(INCREASE, data, D("2026-02-15")).status == ON_TRACK
    assert kpi_status(INCREASE, data, D("2026-10-15")).status == OFF_TRACK


def test_same_inputs_same_status():
    data = points(("2026-07-02", 140))
    assert len({kpi_status(INCREASE, data, D("2026-07-15")) for _ in range(5)}) == 1


@pytest.mark.parametrize("statuses,expected", [
    ([ON_TRACK, ON_TRACK], ON_TRACK),
    ([ON_TRACK, AT_RISK], AT_RISK),
    ([AT_RISK, OFF_TRACK, ON_TRACK], OFF_TRACK),
    ([NO_DATA, ON_TRACK], ON_TRACK),
    ([NO_DATA, NO_DATA], NO_DATA),
    ([], NO_DATA),
    ([ACHIEVED, ACHIEVED], ACHIEVED),
    ([ACHIEVED, ON_TRACK], ON_TRACK),
    ([ON_TRACK, STALE], STALE),
    ([STALE, AT_RISK], STALE),
    ([STALE, OFF_TRACK], OFF_TRACK),
    ([ACHIEVED, MISSED], OFF_TRACK),
    ([MISSED, NO_DATA], OFF_TRACK),
])
def test_roll_up_is_the_worst_measured_status(statuses, expected):
    assert roll_up(statuses) == expected


def test_plan_from_kpi_fields():
    plan = Plan.from_kpi({"direction": "decrease", "cadence": "weekly",
                          "baseline": {"value": 9, "date": "2026-01-01"},
                          "target": {"value": 3, "date": "2026-12-31"}})
    assert plan == Plan("decrease", 9.0, D("2026-01-01"), 3.0, D("2026-12-31"), "weekly")
    assert Plan.from_kpi({"baseline": {"value": "x", "date": "2026-01-01"}, "target": {}}) is None
