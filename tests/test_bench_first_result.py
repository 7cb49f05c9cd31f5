"""The benchmark of the first search result: what it types, how it sums up, and that it says
when it could not measure (no browser, a query that finds nothing) instead of making a figure up.
Timings are printed by `make bench`, never asserted here."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from benchmarks import first_result, readme, report
from benchmarks.first_result import QUERIES, FirstResult, measure, summarize
from benchmarks.generate import AS_OF, generate
from playbook.outputs.publish import AS_OF_ENV

from .sitebuild import REPO

needs_chromium = pytest.mark.skipif(first_result.chromium_path() is None and os.environ.get("PLAYBOOK_REQUIRE_BROWSER") != "1",
                                    reason="the first search result is timed in Chromium")


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    """The 30-entity synthetic playbook, built as `make bench` builds its sizes."""
    folder = tmp_path_factory.mktemp("first-result")
    generate(30, folder)
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=folder, capture_output=True, text=True,
                          env={**os.environ, AS_OF_ENV: AS_OF})
    assert done.returncode == 0, done.stderr[-3000:]
    return folder


def test_the_browser_asks_no_other_host():
    assert any(arg.startswith("--host-resolver-rules=MAP * ~NOTFOUND") for arg in first_result.CHROMIUM_ARGS)


@pytest.mark.parametrize("query", QUERIES)
def test_every_query_is_in_the_smallest_generated_playbook(small_site, query):
    """So that at every size the benchmark runs, each query has results to wait for."""
    texts = [p.read_text(encoding="utf-8").lower() for p in (small_site / "content").rglob("*") if p.is_file()]
    assert any(query in text for text in texts)


def test_queries_are_one_and_two_words():
    assert {len(q.split()) for q in QUERIES} == {1, 2}


@pytest.mark.parametrize("timings, worst, query", [
    ({("a", "cold"): [100, 900, 110], ("a", "warm"): [50, 60, 55]}, 110, "'a' cold"),  # one slow round is not the query
    ({("a", "cold"): [100, 120, 110], ("b", "warm"): [400, 390, 20]}, 390, "'b' warm"),
    ({("a", "cold"): [300], ("b", "cold"): [301], ("a", "warm"): [1]}, 301, "'b' cold"),
    ({("two words", "warm"): [5, 7], ("one", "cold"): [6, 6]}, 6, "'two words' warm"),
    ({("x", "cold"): [250, 350], ("x", "warm"): [10, 10]}, 300, "'x' cold"),
    ({("x", "cold"): [250, 350], ("x", "warm"): [10, 10], ("y", "typed"): [2000, 900, 5]}, 900, "'y' typed"),
])
def test_the_slowest_query_is_its_median_over_the_rounds(timings, worst, query):
    timings = {("z", "typed"): [1.0], ("z", "cold"): [1.0], ("z", "warm"): [1.0], **timings}
    figure = summarize(timings)
    every = sorted(ms for values in timings.values() for ms in values)
    assert (figure.worst_ms, figure.worst_query, figure.timings) == (worst, query, len(every))
    assert all(min(every) <= ms <= max(every) for ms in (figure.cold_ms, figure.warm_ms, figure.typed_ms))


@pytest.mark.parametrize("missing", ["PLAYBOOK_CHROMIUM", "PATH"])
def test_without_chromium_there_is_no_figure_and_it_says_why(small_site, monkeypatch, tmp_path, missing):
    monkeypatch.setenv("PATH", str(tmp_path))  # no chromium on it
    if missing == "PLAYBOOK_CHROMIUM":
        (tmp_path / "not-a-browser").write_text("")  # not executable
        monkeypatch.setenv("PLAYBOOK_CHROMIUM", str(tmp_path / "not-a-browser"))
    else:
        monkeypatch.delenv("PLAYBOOK_CHROMIUM", raising=False)
    figure = measure(small_site / "site", rounds=1)
    assert isinstance(figure, str) and "chromium was not found" in figure
    assert "not measured, chromium was not found" in first_result.line("at 30 entities", figure)


def test_a_size_without_the_figure_shows_a_dash_and_its_target_is_not_measured(tmp_path):
    firsts = {250: "chromium was not found", 10_000: "chromium was not found"}
    checked = {t.figure: v for t, v in report.targets({}, {}, firsts)}
    assert checked["first search result at 10,000 entities (slowest query, cold, warm or typed)"] is None
    assert checked["first search result at every size run (slowest query, cold, warm or typed)"] is None
    figure = FirstResult(150.0, 320.0, "'a b' cold", 200.0, 100.0, 250.0, 54)
    checked = {t.figure: (t, v) for t, v in report.targets({}, {}, {250: figure, 10_000: "no browser"})}
    target, value = checked["first search result at every size run (slowest query, cold, warm or typed)"]
    assert value == 320.0 and not target.holds(value)
    assert checked["first search result at 10,000 entities (slowest query, cold, warm or typed)"][1] is None


def test_a_run_saved_before_the_figure_existed_still_writes_the_table(tmp_path):
    """Older saved runs have no first result: the README's column shows '-' for them."""
    saved = {"results": {"250": {"build": {"seconds": 5.0, "cpu": 5.0, "peak_mb": 70.0, "runs": 3},
                                 "floor": {"seconds": 3.0, "cpu": 3.0, "peak_mb": 60.0, "runs": 3}}},
             "weights": {"250": {"page_kb": 17.0, "largest_page_kb": 36.0, "search_kb": 120.0}},
             "repeat": 3, "load": [[1, 1, 1], [1, 1, 1]], "cpus": 2}
    figures = tmp_path / "figures.json"
    figures.write_text(json.dumps(saved), encoding="utf-8")
    row = next(line for line in readme.table(figures).splitlines() if line.startswith("| 250 |"))
    assert row.rstrip().endswith("| 120 | - |")


@needs_chromium
def test_the_small_site_is_measured_cold_and_warm_for_every_query(small_site):
    figure = measure(small_site / "site", rounds=1)
    assert isinstance(figure, FirstResult), figure
    assert figure.timings == 3 * len(QUERIES)
    assert 0 < figure.median_ms <= figure.worst_ms and figure.worst_query.endswith(("cold", "warm"))


@needs_chromium
def test_a_query_with_no_result_leaves_the_figure_out(small_site, monkeypatch):
    monkeypatch.setattr(first_result, "TIMEOUT_MS", 3000)
    figure = measure(small_site / "site", rounds=1, queries=("customers", "zzqxjv"))
    assert isinstance(figure, str) and "no result within 3 s" in figure


def test_the_command_refuses_a_folder_that_is_not_a_built_site(tmp_path):
    done = subprocess.run([sys.executable, "-m", "benchmarks", "first-result", str(tmp_path)], cwd=REPO,
                          capture_output=True, text=True)
    assert done.returncode == 2 and "not a built playbook site" in done.stderr
