"""The benchmarks' synthetic playbook is complete, deterministic and valid, and their machinery runs
(smoke tests at a few dozen entities, not timings)."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from benchmarks.first_result import chromium_path
from benchmarks.generate import AS_OF, counts, generate
from benchmarks.run import run
from playbook.check.checker import check
from playbook.content.model import KINDS


def test_generated_playbook_validates_clean_and_has_every_kind(tmp_path):
    content = generate(50, tmp_path / "a")
    result = check(content, as_of=dt.date.fromisoformat(AS_OF))
    assert result.diagnostics == []
    assert {kind for kind, _ in result.graph.entities} == set(KINDS)
    assert len(result.graph.entities) == 50 == sum(counts(50).values())
    assert all(12 <= len(series.points) <= 36 for series in result.graph.series.values())
    assert len(result.graph.series) == counts(50)["kpi"]
    mkdocs_yml = (tmp_path / "a" / "mkdocs.yml").read_text()
    assert "site_name: Synthetic playbook (50 entities)\n" in mkdocs_yml and "  - playbook" in mkdocs_yml


def test_the_thousand_entity_playbook_serve_times_passes_strict(tmp_path):
    """`make bench` times edits under `playbook serve`, whose build is strict: one warning at
    1,000 entities (an off-track KPI with no commentary, say) and the timing never starts."""
    content = generate(1000, tmp_path / "a")
    assert check(content, as_of=dt.date.fromisoformat(AS_OF)).diagnostics == []


def test_generation_is_deterministic(tmp_path):
    first, second = generate(50, tmp_path / "a"), generate(50, tmp_path / "b")
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_side_by_side_benchmark_runs_every_case_once(tmp_path, capsys):
    """The machinery of `make bench` at 30 entities, one run per case and one edit of each kind under serve."""
    run(sizes=(30,), repeat=1, incremental_at=30, edits=3, keep=tmp_path)
    out = capsys.readouterr().out
    assert "(b) build" in out and "b/c" in out
    assert re.search(r"page showing it under playbook serve, at 30 entities: KPI [0-9.]+, goal [0-9.]+, measurement [0-9.]+ s", out)
    assert "build (b) against hand-written (c) at 1,000 entities" in out  # targets listed, not measured
    playbook, handwritten = tmp_path / "playbook-30", tmp_path / "handwritten-30"
    assert (playbook / "site" / "kpis" / "index.html").is_file()
    assert "Zensical beside MkDocs (b)" in out and (playbook / "site-zensical" / "kpis" / "index.html").is_file()
    assert "Zensical build against MkDocs build (b)" in out
    assert "first search result at every size run" in out
    assert re.search(r"recent changes of 12 commits [0-9.]+ s \([0-9.]+x validate\)", out)
    assert ("First search result at 30 entities, ms from the last key" if chromium_path() else
            "First search result at 30 entities: not measured, chromium was not found") in out
    kpi = sorted((handwritten / "docs" / "kpis").glob("*.md"))[0].stem
    in_sidebar = (handwritten / "site" / "kpis" / kpi / "index.html").read_text(encoding="utf-8")
    floor = (handwritten / "site-floor" / "kpis" / kpi / "index.html").read_text(encoding="utf-8")
    pages = len(list((handwritten / "docs").rglob("*.md")))
    assert in_sidebar.count('class="md-nav__link') >= pages > floor.count('class="md-nav__link')


def test_hostile_benchmark_runs_each_case(capsys):
    """`python -m benchmarks hostile` with a few pages and two small inputs: the machinery, not timings."""
    from benchmarks.hostile import run as hostile
    assert hostile(counts=(3, 6), inputs={"brackets": ("[" * 30_000, "[" * 200), "nesting": ("> " * 40 + "x", "> " * 40)}) == 0
    out = capsys.readouterr().out
    assert "ratio 6/3 pages: now" in out and "all in sidebar" in out
    assert out.count(" MB |") == 3 and "1.5 GB sparse file" in out


def test_a_saved_run_writes_the_readme_table(tmp_path, capsys, monkeypatch):
    """Beyond the sidebar case's size, (c) is left out and shown as '-'; the README's table is the
    saved run's summary, written between its markers, the rest of the README untouched."""
    from benchmarks import build, readme
    monkeypatch.setattr(build, "SIDEBAR_UP_TO", 20)
    figures = tmp_path / "figures.json"
    run(sizes=(30,), repeat=1, incremental_at=0, keep=tmp_path, save=figures)
    out = capsys.readouterr().out
    assert "build / floor" in out and "search KB (gzip)" in out
    target = tmp_path / "README.md"
    target.write_text(f"# Title\n\n{readme.START}\nold table\n{readme.END}\n\nAfter.\n", encoding="utf-8")
    readme.write(figures, target)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Title\n\n") and text.endswith(f"{readme.END}\n\nAfter.\n") and "old table" not in text
    row = next(line for line in text.splitlines() if line.startswith("| 30 |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert len(cells) == 10 and all(c != "-" for c in cells[:9]) and float(cells[6]) > 0 and float(cells[8]) > 0
    assert re.fullmatch(r"\d+ / \d+", cells[9]) if chromium_path() else cells[9] == "-"
    assert "load average" in text and "(c)" not in text
    target.write_text("# No markers\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        readme.write(figures, target)
    assert target.read_text(encoding="utf-8") == "# No markers\n"


def test_validate_benchmark_reports_processor_time_and_load(capsys):
    """`python -m benchmarks validate` at 30 entities, one run: the machinery, not a timing."""
    from benchmarks.validate import SIZES
    from benchmarks.validate import run as validate
    assert SIZES[10_000] == 3.0
    assert validate([30], repeat=1) == 0
    out = capsys.readouterr().out
    assert "load average: " in out and "processor s (median of 1)" in out and "wall s" in out
    row = next(line for line in out.splitlines() if line.lstrip("| ").startswith("30 "))
    assert "ok" in row and "No problems found." in row


@pytest.mark.parametrize("rebuilds,line", [
    ({}, None),
    ({30: [("KPI", 1.0), ("goal", 3.0), ("measurement", 2.0)]}, "at 30 entities (a KPI's title, a goal's title and a "
     "measurement's note in turn, 3 edits): median 2.00 s, 20.0% of a full build."),
])
def test_the_readme_says_how_long_an_edit_took_under_serve(tmp_path, rebuilds, line):
    """A run that timed edits under `playbook serve` says so under the table; one that did not, says nothing."""
    from benchmarks import readme
    from benchmarks.measure import Figure
    figure = Figure(seconds=10.0, cpu=10.0, peak_mb=100, runs=1)
    results = {30: {case: figure for case in ("validate", "build", "floor")}}
    figures = tmp_path / "figures.json"
    readme.save(figures, results, {}, {}, 1, ((0, 0, 0), (0, 0, 0)), rebuilds)
    text = readme.table(figures)
    assert (line in text) if line else "playbook serve" not in text


def test_rounds_run_in_turn_each_in_the_reverse_order_of_the_one_before():
    from benchmarks.measure import rounds
    assert list(rounds(("a", "b", "c"), 3)) == [(0, "a"), (0, "b"), (0, "c"), (1, "c"), (1, "b"), (1, "a"),
                                                 (2, "a"), (2, "b"), (2, "c")]
    assert list(rounds(("a", "b"), 0)) == []


def _figure(*cpus):
    from benchmarks.measure import Figure, Run
    return Figure.of([Run(seconds=c, cpu=c, peak_mb=1) for c in cpus])


@pytest.mark.parametrize("top, bottom, expected", [
    ((5.5, 8.25, 6.05), (5.0, 7.5, 5.5), 1.1),  # a slow second round: each round says 1.1
    ((5.0, 10.0, 6.0), (5.0, 8.0, 4.0), 1.25),  # the median of 1.0, 1.25 and 1.5, not 6.0 / 5.0
    ((6.0, 6.0, 6.0), (5.0, 5.0, 5.0), 1.2),
    ((2.0, 9.0), (1.0, 10.0), 1.45),  # an even number of rounds: the mean of the middle two
])
def test_a_ratio_is_taken_round_by_round(top, bottom, expected):
    from benchmarks.measure import ratio
    assert ratio(_figure(*top), _figure(*bottom)) == pytest.approx(expected, abs=1e-4)


def test_a_ratio_of_figures_not_timed_in_the_same_rounds_is_that_of_their_medians():
    from benchmarks.measure import Figure, ratio
    saved = Figure(seconds=6.0, cpu=6.0, peak_mb=1, runs=3)  # a run saved before each run was kept
    assert ratio(saved, _figure(4.0, 5.0, 9.0)) == pytest.approx(1.2)
    assert ratio(_figure(6.0, 6.0), _figure(4.0, 5.0, 9.0)) == pytest.approx(1.2)
