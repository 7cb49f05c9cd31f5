"""`playbook export`: the checked graph as JSON and CSV, relations in both directions, KPI status."""
import csv
import datetime as dt
import json

import pytest

from playbook.check.checker import check
from playbook.cli.commands import main
from playbook.scaffold.starter import init

from .gitrepo import commit_all, init_repo

DAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    repo = init_repo(tmp_path_factory.mktemp("export") / "repo")
    init(repo, DAY)
    commit_all(repo, "Start the playbook")
    return repo


def export(capsys, monkeypatch, repo, *argv):
    monkeypatch.chdir(repo)
    code = main(["export", "--as-of", DAY.isoformat(), *argv])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out, out.err


@pytest.fixture(scope="module")
def checked(repo):
    return check(repo / "content", as_of=DAY)


def test_json_round_trips_every_entity(repo, checked, capsys, monkeypatch):
    code, out, _ = export(capsys, monkeypatch, repo)
    data = json.loads(out)
    assert code == 0 and data["as_of"] == "2026-11-25" and data["diagnostics"] == []
    exported = {(e["kind"], e["id"]): e for e in data["entities"]}
    assert set(exported) == set(checked.graph.entities)
    for key, entity in checked.graph.entities.items():
        record = exported[key]
        assert record["fields"] == entity.data and record["body"] == entity.body
        assert (record["title"], record["file"], record["visibility"]) == (entity.title, entity.file, entity.visibility)


def test_relations_in_both_directions(repo, capsys, monkeypatch):
    data = json.loads(export(capsys, monkeypatch, repo)[1])
    goal = next(e for e in data["entities"] if e["id"] == "fill-workshop-bookings")
    assert goal["outgoing"] == {"supports": [{"kind": "strategy", "id": "win-local-riders"}],
                                "department": [{"kind": "department", "id": "workshop"}]}
    assert {"kind": "kpi", "id": "online-service-bookings"} in goal["incoming"]["measured_by"]
    assert goal["incoming"]["tactics"] == [{"kind": "tactic", "id": "service-reminder-posts"}]
    assert {"kind": "initiative", "id": "booking-page"} in goal["incoming"]["delivered_by"]
    incoming = {(r["target"]["id"], r["inverse"], r["source"]["id"]) for r in data["relations"]}
    listed = {(e["id"], name, s["id"]) for e in data["entities"] for name, ss in e["incoming"].items() for s in ss}
    assert incoming == listed


def test_kpi_status_as_of_the_date(repo, capsys, monkeypatch):
    data = json.loads(export(capsys, monkeypatch, repo)[1])
    kpi = next(e for e in data["entities"] if e["id"] == "online-service-bookings")
    status = kpi["status"]
    assert status["status"] == "on track" and status["stale"] is False
    assert status["latest_date"] == "2026-11-01" and status["latest_value"] >= status["expected"]
    assert "status" not in next(e for e in data["entities"] if e["kind"] == "goal")
    early = json.loads(export(capsys, monkeypatch, repo, "--as-of", "2026-01-01")[1])
    assert next(e for e in early["entities"] if e["id"] == "online-service-bookings")["status"]["status"] == "no data"


def test_json_to_a_file(repo, tmp_path, capsys, monkeypatch):
    code, out, _ = export(capsys, monkeypatch, repo, "--out", str(tmp_path / "graph.json"))
    assert code == 0 and out == ""
    assert len(json.loads((tmp_path / "graph.json").read_text())["entities"]) == 21  # the business template's entities


def read_csv(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_csv_into_a_folder(repo, checked, tmp_path, capsys, monkeypatch):
    code, out, _ = export(capsys, monkeypatch, repo, "--format", "csv", "--out", str(tmp_path / "out"))
    assert code == 0 and out.split() == ["wrote", str(tmp_path / "out/entities.csv"),
                                         "wrote", str(tmp_path / "out/relations.csv")]
    rows = read_csv(tmp_path / "out/entities.csv")
    assert len(rows) == len(checked.graph.entities)
    kpi = next(r for r in rows if r["id"] == "online-service-bookings")
    assert (kpi["kind"], kpi["fields.target.value"], kpi["fields.target.date"]) == ("kpi", "40", "2028-05-01")
    assert kpi["fields.measures"] == "fill-workshop-bookings; service-reminder-posts"
    assert kpi["status"] == "on track" and kpi["status.latest_date"] == "2026-11-01"
    initiative = next(r for r in rows if r["id"] == "booking-page")
    assert json.loads(initiative["fields.milestones"])[0]["title"] == "Booking page live"
    relations = read_csv(tmp_path / "out/relations.csv")
    assert len(relations) == len(checked.graph.edges)
    assert {"source_kind": "tactic", "source_id": "service-reminder-posts", "field": "serves",
            "target_kind": "goal", "target_id": "fill-workshop-bookings", "inverse": "tactics"} in relations


def test_csv_to_a_named_file_puts_relations_beside_it(repo, tmp_path, capsys, monkeypatch):
    assert export(capsys, monkeypatch, repo, "--format", "csv", "--out", str(tmp_path / "graph.csv"))[0] == 0
    assert read_csv(tmp_path / "graph.csv")[0]["kind"] == "strategy"
    assert read_csv(tmp_path / "graph-relations.csv")


def test_csv_needs_out(repo, capsys, monkeypatch):
    code, out, err = export(capsys, monkeypatch, repo, "--format", "csv")
    assert (code, out) == (2, "") and "give --out" in err


def test_missing_content_folder_exits_two(tmp_path, capsys, monkeypatch):
    code, _, err = export(capsys, monkeypatch, tmp_path, "--content", "nowhere")
    assert code == 2 and "content folder 'nowhere' does not exist" in err


FORMULAS = ["=HYPERLINK(\"https://evil.test\",\"x\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\tTAB", "=cmd|' /C calc'!A0"]


@pytest.mark.parametrize("formula", FORMULAS)
def test_csv_cells_never_start_a_formula(tmp_path, capsys, monkeypatch, formula):
    from .contenttree import copy_minimal, write_tree
    write_tree(copy_minimal(tmp_path / "content"), {
        "channels/evil.yml": f"title: {json.dumps(formula)}\nplatform: {json.dumps(formula)}\n"
                             f"tags: [{json.dumps(formula)}, plain]\nsummary: {json.dumps(formula)}\n"})
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--format", "csv", "--out", "out"]) == 0
    capsys.readouterr()
    with open(tmp_path / "out" / "entities.csv", encoding="utf-8", newline="") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    evil = rows["evil"]
    for column in ("title", "fields.platform", "fields.tags", "fields.summary"):
        assert evil[column].startswith("'" + formula[:1]), column
        assert evil[column][1:].startswith(formula), column
    assert rows["qualified-leads"]["fields.target.value"] == "300"  # numbers stay numbers
