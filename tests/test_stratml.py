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


def _objective(document, ident: str):
    return next(o for o in document.iter(f"{{{NS}}}Objective") if o.findtext("s:Identifier", namespaces=Q) == ident)


def test_initiatives_are_objectives_of_the_strategies_they_serve_and_their_action_items_indicators(sample):
    document = etree.fromstring(stratml(sample, "internal", "report"))
    goal = next(g for g in document.findall("s:StrategicPlanCore/s:Goal", Q)
                if g.findtext("s:Identifier", namespaces=Q) == "strategy-open-lancaster-store")
    names = [o.findtext("s:Name", namespaces=Q) for o in goal.findall("s:Objective", Q)]
    assert "Lancaster opening campaign" in names
    objective = _objective(document, "initiative-lancaster-opening-campaign-in-strategy-open-lancaster-store")
    holders = [(s.findtext("s:Name", namespaces=Q), s.findtext("s:Role/s:Name", namespaces=Q))
               for s in objective.findall("s:Stakeholder", Q)]
    assert holders[0] == ("Priya Raman", "Owner") and ("Gemma Lowther", "Owner of action item 2") in holders
    items = objective.findall("s:PerformanceIndicator", Q)
    written = sample.graph.get("initiative", "lancaster-opening-campaign").data["action_items"]
    assert [i.findtext("s:MeasurementDimension", namespaces=Q) for i in items] == [a["title"] for a in written]
    assert [i.findtext("s:SequenceIndicator", namespaces=Q) for i in items] == [str(n) for n in range(1, len(written) + 1)]
    assert items[1].findtext("s:MeasurementInstance/s:TargetResult/s:EndDate", namespaces=Q) == "2027-01-15"
    assert items[1].findtext("s:OtherInformation", namespaces=Q) == "State: blocked."
    assert items[0].findtext("s:MeasurementInstance/s:ActualResult/s:Description", namespaces=Q) == "Done."


INITIATIVE = "title: Launch the webinar series\nphase: Foundation\nstart: '2026-01-01'\nend: '2027-12-31'\n"


@pytest.mark.parametrize("written, parents", [
    ("delivers: win-leads\n", ["strategy-grow-online"]),
    ("delivers: webinars\n", ["strategy-grow-online"]),  # through the tactic it delivers
    ("", ["initiatives-without-a-strategy"]),
    ("visibility: confidential\ndelivers: win-leads\n", []),  # hidden from the internal edition
])
def test_each_initiative_sits_under_what_it_serves_and_validates(schema, tmp_path, written, parents):
    root = write_tree(copy_minimal(tmp_path / "content"), {"initiatives/launch-webinars.yml": INITIATIVE + written +
                      "action_items: [{title: Zqstep, owner: Ada, due: '2026-07-01', state: open}]\n"})
    for kind in ("plan", "report"):
        document = etree.fromstring(stratml(check(root, as_of=AS_OF), "internal", kind))
        assert schema.validate(document), schema.error_log.last_error
        found = [g.findtext("s:Identifier", namespaces=Q) for g in document.findall("s:StrategicPlanCore/s:Goal", Q)
                 if any(o.findtext("s:Name", namespaces=Q) == "Launch the webinar series" for o in g.findall("s:Objective", Q))]
        assert found == parents
        assert (b"Zqstep" in etree.tostring(document)) is bool(parents)


def test_hidden_owners_read_restricted_and_hidden_initiatives_are_left_out(schema, tmp_path):
    root = tmp_path / "content"
    write_tree(root, {**PUBLIC, **hidden_entities("internal"), **hidden_entities("confidential")})
    result = check(root, as_of=dt.date(2026, 6, 1))
    document = etree.fromstring(stratml(result, "public"))
    assert schema.validate(document), schema.error_log.last_error
    objective = _objective(document, "initiative-launch-in-initiatives-without-a-strategy")
    names = {s.findtext("s:Name", namespaces=Q) for s in objective.findall("s:Stakeholder", Q)}
    assert names == {"a restricted item"}
    texts = [i.findtext("s:MeasurementInstance/s:TargetResult/s:Description", namespaces=Q)
             for i in objective.findall("s:PerformanceIndicator", Q)]
    assert texts == [f"Action item {n}, owner: a restricted item." for n in (1, 2, 3)]
    assert not [o for o in document.iter(f"{{{NS}}}Objective") if "zq" in (o.findtext("s:Identifier", namespaces=Q) or "")]
