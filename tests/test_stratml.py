"""`playbook export --format stratml`: a StratML Part 2 document that validates against the
schema of 2016-02-16 (read from ../shared/stratml/ with lxml) in every edition, maps the
playbook as documented, keeps its identifiers from run to run, and leaves out what an
edition hides."""
from __future__ import annotations

import datetime as dt

import pytest
from lxml import etree

from playbook.check.checker import check
from playbook.outputs.stratml import NS, stratml

from .contenttree import copy_minimal, write_tree
from .sitebuild import REPO
from .test_editions import PUBLIC, TOKENS, found, hidden_entities

SCHEMA_FILE = REPO.parent / "shared" / "stratml" / "PerformancePlanOrReport20160216.xsd"
AS_OF = dt.date(2026, 11, 30)
Q = {"s": NS}

pytestmark = pytest.mark.skipif(not SCHEMA_FILE.is_file(), reason="the StratML schema is not beside the repository")


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA_FILE)))


@pytest.fixture(scope="module")
def sample():
    return check(REPO / "content", as_of=AS_OF)


@pytest.mark.parametrize("edition", ["public", "internal", "confidential"])
@pytest.mark.parametrize("kind", ["plan", "report"])
def test_the_sample_validates_in_every_edition(schema, sample, edition, kind):
    document = etree.fromstring(stratml(sample, edition, kind))
    assert schema.validate(document), schema.error_log.last_error
    assert document.get("Type") == {"plan": "Performance_Plan", "report": "Performance_Report"}[kind]
    actual = document.findall(".//s:ActualResult", Q)
    assert (not actual) if kind == "plan" else (bool(actual) or edition == "public")  # public: no KPI data shown


def test_the_mapping(sample):
    document = etree.fromstring(stratml(sample, "confidential", "report"))
    strategies = sample.graph.of_kind("strategy")
    goals = document.findall("s:StrategicPlanCore/s:Goal", Q)
    assert sorted(g.findtext("s:Name", namespaces=Q) for g in goals) == sorted(s.title for s in strategies)
    assert document.findtext("s:StrategicPlanCore/s:Mission/s:Description", namespaces=Q).startswith("Keep people")
    stakeholders = document.findall("s:StrategicPlanCore/s:Organization/s:Stakeholder", Q)
    assert len(stakeholders) == len(sample.graph.of_kind("audience"))
    kpi = sample.graph.get("kpi", "online-repair-bookings-social")
    indicator = next(i for i in document.iter(f"{{{NS}}}PerformanceIndicator")
                     if i.findtext("s:MeasurementDimension", namespaces=Q) == kpi.title)
    assert indicator.findtext("s:UnitOfMeasurement", namespaces=Q) == "bookings"
    assert indicator.findtext("s:MeasurementInstance/s:TargetResult/s:NumberOfUnits", namespaces=Q) == "200"
    actual = indicator.findall("s:MeasurementInstance/s:ActualResult", Q)
    assert len(actual) == len(sample.graph.series[kpi.id].points)


def test_identifiers_are_stable_and_the_output_deterministic(sample):
    first = stratml(sample, "internal")
    again = stratml(check(REPO / "content", as_of=AS_OF), "internal")
    assert first == again
    ids = [e.text for e in etree.fromstring(first).iter(f"{{{NS}}}Identifier")]
    assert len(ids) == len(set(ids)) and "strategy-repair-rent-resell" in ids


def test_an_edition_exports_nothing_it_hides(schema, tmp_path):
    root = tmp_path / "content"
    write_tree(root, {**PUBLIC, **hidden_entities("internal"), **hidden_entities("confidential")})
    result = check(root, as_of=dt.date(2026, 6, 1))
    outputs = {edition: {"stratml": stratml(result, edition).lower()} for edition in ("public", "internal")}
    for edition, output in outputs.items():
        assert schema.validate(etree.fromstring(stratml(result, edition))), schema.error_log.last_error
    assert found(outputs["public"], TOKENS["confidential"] + TOKENS["internal"]) == {}
    assert found(outputs["internal"], TOKENS["confidential"]) == {}
    assert b"8642" not in outputs["public"]["stratml"]  # the held-back measurements


def test_the_command_writes_the_file(tmp_path, capsys):
    from playbook.cli.commands import main
    root = copy_minimal(tmp_path / "content")
    out = tmp_path / "out" / "plan.xml"
    assert main(["export", "--format", "stratml", "--kind", "plan", "--content", str(root), "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"<?xml") and b'Type="Performance_Plan"' in out.read_bytes()
