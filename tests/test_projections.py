"""An edition's copy made with the last copy's memo is the copy made afresh, after any edit.

`project(result, edition, memo)` takes an entity's copy and links from the last projection
when its fields, file and body are the same and so is what the edition hides. The sample is
copied, edited in series (a title, a hidden person's name, a person turned hidden, a hidden
name, a hidden KPI or a link to a hidden file written into a shown text, a number written as
another type in a copy that withholds something, a free page or a KPI's readings hidden and
linked to, a readings file deleted, a shown person given the hidden one's name, a draft, an
owner written as a name, a file renamed, lines added above a field,
a new entity, a revert) and checked after each edit; in each edition the copy made with the
memo equals the copy made without it: every entity's fields (type for type), body, file,
places and links, in the same order, each link joining the copy's own entities.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook.check.checker import check
from playbook.check.edition import RESTRICTED_HREF, RESTRICTED_REF, WITHHELD, Projections, project

SAMPLE = Path(__file__).resolve().parents[1] / "content"
DAY = dt.date(2026, 12, 1)
EDITIONS = ("public", "internal", "confidential")
GOAL = "goals/answer-customers-faster.md"
HIDDEN_KPI = "kpis/paid-social-cost-per-repair-booking.yml"
RATING = "kpis/google-review-rating.yml"


def sub(root: Path, name: str, old: str, new: str) -> None:
    """Replace `old` once; where an earlier edit of a series left no `old`, the file is saved as it is."""
    path = root / name
    if path.exists():  # a file renamed earlier in the series is left
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def append_to_goal(root: Path, words: str) -> None:
    path = root / GOAL
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{words}\n", encoding="utf-8")


EDITS = {
    "retitle a KPI": lambda root: sub(root, RATING, "title: ", "title: Edited "),
    "hide a person": lambda root: sub(root, "people/aisha-dunmore.yml", "visibility: internal", "visibility: confidential"),
    "rename the person": lambda root: sub(root, "people/aisha-dunmore.yml", "title: Aisha Dunmore", "title: Aisha Fell"),
    "write both names": lambda root: append_to_goal(root, "Ask Aisha  Dunmore or aisha fell."),
    "link a hidden file": lambda root: append_to_goal(root, f"See [the cost](../{HIDDEN_KPI}) and [[kpi:paid-social-cost-per-repair-booking]]."),
    "a whole number": lambda root: sub(root, RATING, "value: 4.6", "value: 5"),
    "the same number as a float": lambda root: sub(root, RATING, "value: 5\n", "value: 5.0\n"),
    "the rating names the hidden KPI": lambda root: sub(root, RATING, "  reviews, taken", "  reviews (see [[kpi:paid-social-cost-per-repair-booking]]), taken"),
    "the hidden KPI shown": lambda root: sub(root, HIDDEN_KPI, "visibility: confidential", "visibility: internal"),
    "a free page hidden": lambda root: sub(root, "pages/about.md", "---\n", "---\nvisibility: confidential\n"),
    "the goal links the page": lambda root: append_to_goal(root, "Read [about](../pages/About.MD) <a href='../pages/about'>x</a>."),
    "the rating's readings hidden": lambda root: sub(root, RATING, "cadence: monthly", "cadence: monthly\nmeasurements_visibility: confidential"),
    "the goal links the readings": lambda root: append_to_goal(root, "Data: [csv](../measurements/google-review-rating.csv)."),
    "the readings deleted": lambda root: (root / "measurements" / "google-review-rating.csv").unlink(missing_ok=True),
    "a shown person takes the hidden name": lambda root: sub(root, "people/beth-hollins.yml", "title: Beth Hollins", "title: Aisha Dunmore"),
    "the goal a draft": lambda root: sub(root, GOAL, "---\n", "---\ndraft: true\n"),
    "an owner written as a name": lambda root: sub(root, RATING, "owner: owen-pryce", "owner: Aisha Dunmore"),
    "blank lines and a comment": lambda root: sub(root, RATING, "cadence:", "\n\n# monthly\ncadence:"),
    "a new person": lambda root: (root / "people" / "new-starter.yml").write_text(
        "title: New Starter\nposition: Trainee\ndepartment: people-and-culture\n", encoding="utf-8"),
    "a goal names the new person": lambda root: sub(root, GOAL, "owner: beth-hollins", "owner: new-starter"),
    "the rating's file renamed": lambda root: (root / RATING).exists() and (root / RATING).rename(root / RATING.replace(".yml", ".yaml")),
}


def typed(value):
    """The value with the type of every part beside it: 1, 1.0, True and "1" differ."""
    if isinstance(value, dict):
        return ("dict", [(key, typed(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [typed(item) for item in value])
    return (type(value).__name__, value)


def facts(result) -> dict:
    """What a copy holds, type for type, with its links by key; checks that each link joins the
    copy's own entities."""
    graph = result.graph
    for edge in graph.edges:
        assert graph.entities[edge.source.key] is edge.source and graph.entities[edge.target.key] is edge.target
    entities = {key: (typed(e.data), e.body, e.file, e.body_line,
                      {f.name: getattr(e.doc, f.name) for f in dataclasses.fields(e.doc) if f.name != "value"})
                for key, e in graph.entities.items()}
    edges = [(e.source.key, e.field.name, e.target.key, e.at) for e in graph.edges]
    both_ways = [{key: {name: [t.key for t in targets] for name, targets in by_name.items()}
                  for key, by_name in table.items()} for table in (graph._out, graph._in)]
    return {"entities": entities, "order": list(graph.entities), "edges": edges, "both ways": both_ways}


def test_each_edit_changes_its_file(content: Path) -> None:
    for name, edit in EDITS.items():
        before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
        edit(content)
        assert before != {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}, name


def run_series(root: Path, names: list[str]) -> dict[str, int]:
    """Every edition's copy after each edit, with the memo and afresh; how often it held a restricted text."""
    memos = {edition: Projections() for edition in EDITIONS}
    restricted = dict.fromkeys(EDITIONS, 0)
    for name in [None, *names]:
        if name is not None:
            EDITS[name](root)
        result = check(root, as_of=DAY)
        for edition in EDITIONS:
            kept = project(result, edition, memos[edition])
            assert facts(kept) == facts(project(result, edition)), f"{edition} after {name}"
            texts = repr([(e.data, e.body) for e in kept.graph.entities.values()])
            restricted[edition] += any(mark in texts for mark in (RESTRICTED_REF, RESTRICTED_HREF, WITHHELD))
    return restricted


@pytest.fixture()
def content(tmp_path: Path) -> Path:
    shutil.copytree(SAMPLE, tmp_path / "content")
    return tmp_path / "content"


def test_every_edit_in_turn(content: Path) -> None:
    first = ["the rating names the hidden KPI"]
    restricted = run_series(content, first + [name for name in EDITS if name not in first])
    assert restricted["public"] == len(EDITS) + 1  # the public copy withholds something throughout
    assert restricted["internal"] > 0


@pytest.mark.parametrize("first", ["hide a person", "write both names", "link a hidden file"])
def test_a_hidden_name_or_file_written_after_the_memo_is_withheld(content: Path, first: str) -> None:
    memo = Projections()
    project(check(content, as_of=DAY), "internal", memo)
    for name in dict.fromkeys([first, "hide a person", "write both names", "link a hidden file"]):
        EDITS[name](content)
    body = project(check(content, as_of=DAY), "internal", memo).graph.get("goal", "answer-customers-faster").body
    assert "Aisha  Dunmore" not in body and RESTRICTED_REF in body
    assert HIDDEN_KPI not in body and RESTRICTED_HREF in body


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(sorted(EDITS)), min_size=1, max_size=6))
def test_random_series_of_edits(tmp_path_factory, names) -> None:
    root = tmp_path_factory.mktemp("series") / "content"
    shutil.copytree(SAMPLE, root)
    run_series(root, names)


def test_the_memo_is_used(content: Path, monkeypatch) -> None:
    """An edit of one entity copies that entity again, not the others."""
    from playbook.check import edition
    memo = Projections()
    project(check(content, as_of=DAY), "internal", memo)
    EDITS["retitle a KPI"](content)
    result = check(content, as_of=DAY)
    copied = []
    real = edition._Redactor.entity
    monkeypatch.setattr(edition._Redactor, "entity", lambda self, e: copied.append(e.key) or real(self, e))
    project(result, "internal", memo)
    assert copied == [("kpi", "google-review-rating")]
    copied.clear()
    project(result, "internal")
    assert len(copied) > 20
