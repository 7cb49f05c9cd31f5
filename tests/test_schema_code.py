"""The kinds' schemas as code kept between runs (`schema_code`): the kept code judges as the
generator's own does, it is read back instead of generated again, and a cache that is cut
short, unwritable, missing or planted in the project never changes a verdict or runs a
commit's code."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import fastjsonschema
import pytest

from playbook.check.checker import check
from playbook.content import schema_code
from playbook.content.schemas import KINDS, _const_as_enum, _is_date, inlined

from .contenttree import AS_OF, copy_minimal

ROOT = Path(__file__).resolve().parent.parent
FORMATS = {"date": _is_date}
ODD_VALUES = [None, 7, 2.5, "x", "", [], ["x"], {}, {"?": 1}, True, "2026-02-30"]
"""Put in place of each field of each sample entity in turn: most of them break the entity."""


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "playbook" / "schema-code"


@pytest.fixture(scope="module")
def samples():
    """kind -> the data of every entity of that kind in the repository's sample playbook."""
    found: dict[str, list] = {}
    for entity in check(ROOT / "content", as_of=dt.date.fromisoformat(AS_OF)).content.entities:
        found.setdefault(entity.kind, []).append(entity.data)
    return found


def verdict(check_data, data) -> bool:
    try:
        check_data(data)
    except Exception:  # noqa: BLE001 - any refusal is a "no"
        return False
    return True


def cases(data: dict):
    yield data
    for field in data:
        for odd in ODD_VALUES:
            yield {**data, field: odd}


def spec(kind):
    return _const_as_enum(inlined(kind))


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_kept_code_judges_every_entity_as_the_generator_does(kind, samples, cache):
    reference = fastjsonschema.compile(spec(kind), formats=FORMATS, **schema_code.OPTIONS)
    schema_code.schema_check(kind, spec(kind), FORMATS)  # generates and keeps it
    kept = schema_code.schema_check(kind, spec(kind), FORMATS)  # read back
    assert [p.name for p in cache.glob(f"{kind}_*.py")] and len(list(cache.glob(f"{kind}_*.py"))) == 1
    data = samples.get(kind, [{"title": "A"}])
    verdicts = [(verdict(reference, case), verdict(kept, case)) for item in data for case in cases(item)]
    assert all(ref == ours for ref, ours in verdicts)
    assert {ref for ref, __ in verdicts} == {True, False}  # both verdicts were put to the test


def test_kept_code_is_read_back_not_generated_again(cache, monkeypatch):
    first = schema_code.schema_check("kpi", spec("kpi"), FORMATS)
    written = next(cache.glob("kpi_*.py"))
    stamp = written.stat().st_mtime_ns

    def refuse(*args, **kwargs):
        raise AssertionError("generated again")
    monkeypatch.setattr(fastjsonschema, "compile_to_code", refuse)
    again = schema_code.schema_check("kpi", spec("kpi"), FORMATS)
    assert written.stat().st_mtime_ns == stamp
    assert verdict(again, {"title": "A"}) == verdict(first, {"title": "A"}) is True
    assert verdict(again, {"title": 5}) is False


def test_another_schema_is_kept_apart(cache):
    schema_code.schema_check("kpi", spec("kpi"), FORMATS)
    changed = {**spec("kpi"), "required": ["title", "owner"]}
    check_changed = schema_code.schema_check("kpi", changed, FORMATS)
    assert len(list(cache.glob("kpi_*.py"))) == 2
    assert verdict(check_changed, {"title": "A"}) is False


@pytest.mark.parametrize("damage", [
    lambda text: text[: len(text) // 2],                 # cut short in the middle of a line
    lambda text: text.replace("def validate", "def other"),  # no check in it
    lambda text: "",                                     # empty
    lambda text: "\x00\xff",                             # not text at all
])
def test_a_damaged_kept_file_is_made_again(cache, damage):
    schema_code.schema_check("kpi", spec("kpi"), FORMATS)
    path = next(cache.glob("kpi_*.py"))
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8", errors="surrogateescape")
    again = schema_code.schema_check("kpi", spec("kpi"), FORMATS)
    assert verdict(again, {"title": "A"}) is True and verdict(again, {"title": ["A"]}) is False
    assert "def validate(" in path.read_text(encoding="utf-8")  # written over


def no_home(cls):
    raise RuntimeError("Could not determine home directory.")


@pytest.mark.parametrize("where", ["a file", "below a file", "relative", "no home"])
def test_without_a_usable_cache_the_code_runs_from_memory(where, tmp_path, monkeypatch):
    """A folder that cannot be made stands for a read-only one, which root (as the tests may
    run) writes into all the same."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plain").write_text("not a folder")
    if where == "a file":
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "plain"))
    elif where == "below a file":
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "plain" / "below"))
    elif where == "relative":
        monkeypatch.setenv("XDG_CACHE_HOME", "cache-here")
    else:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
        monkeypatch.setattr(Path, "home", classmethod(no_home))
    before = sorted(tmp_path.rglob("*"))
    judged = schema_code.schema_check("kpi", spec("kpi"), FORMATS)
    assert verdict(judged, {"title": "A"}) is True and verdict(judged, {"title": 5}) is False
    assert sorted(tmp_path.rglob("*")) == before  # nothing written, nothing left half-written


@pytest.mark.parametrize("planted", ["cache", ".cache", ".cache/playbook/schema-code", "content/.cache"])
def test_code_planted_in_the_project_is_never_run(planted, tmp_path):
    """A commit that brings files named as kept code brings nothing that runs: the code is kept
    under the user's home, whatever the current folder or the content folder holds."""
    project = tmp_path / "project"
    content = copy_minimal(project / "content")
    assert content.exists()
    marker = tmp_path / "ran"
    home = tmp_path / "home"
    for name in [f"{kind}_{schema_code.code_key(spec(kind), FORMATS)}.py" for kind in KINDS]:
        path = project / planted / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"open({str(marker)!r}, 'w').close()\nvalidate = lambda *a, **k: None\n")
    env = {k: v for k, v in os.environ.items() if k != "XDG_CACHE_HOME"} | {"HOME": str(home)}
    done = subprocess.run([sys.executable, "-m", "playbook", "validate", "content", "--as-of", AS_OF],
                          cwd=project, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not marker.exists()
    assert list((home / ".cache" / "playbook" / "schema-code").glob("kpi_*.py"))  # kept where it belongs
