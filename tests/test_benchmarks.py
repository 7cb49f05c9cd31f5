"""The benchmark's synthetic playbook: complete, deterministic and valid (a smoke test, not a timing)."""
from __future__ import annotations

import datetime as dt

from benchmarks.generate import AS_OF, counts, generate
from playbook.checker import check
from playbook.model import KINDS


def test_generated_playbook_validates_clean_and_has_every_kind(tmp_path):
    content = generate(50, tmp_path / "a")
    result = check(content, as_of=dt.date.fromisoformat(AS_OF))
    assert result.diagnostics == []
    assert {kind for kind, _ in result.graph.entities} == set(KINDS)
    assert len(result.graph.entities) == 50 == sum(counts(50).values())
    assert all(12 <= len(series.points) <= 36 for series in result.graph.series.values())
    assert len(result.graph.series) == counts(50)["kpi"]
    assert "plugins:\n  - search\n  - playbook" in (tmp_path / "a" / "mkdocs.yml").read_text()


def test_generation_is_deterministic(tmp_path):
    first, second = generate(50, tmp_path / "a"), generate(50, tmp_path / "b")
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
