"""The kinds' schemas as code kept between runs (`schema_code`): the kept code judges as the
generator's own does, it is read back instead of generated again, and a kept file that is cut
short or changed, a folder that cannot be written or that others may write to, and files
planted in a project or a cache folder the environment names never change a verdict or run."""
from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import os
import shutil
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
    folder = tmp_path / "package" / "__pycache__" / "schema-code"
    monkeypatch.setattr(schema_code, "FOLDER", folder)
    return folder


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


def kept_file(cache, kind="kpi") -> Path:
    found = sorted(cache.glob(f"{kind}_*.bin"))
    assert len(found) == 1, found
    return found[0]


def judges_kpis(check_kpi) -> bool:
    return verdict(check_kpi, {"title": "A"}) is True and verdict(check_kpi, {"title": 5}) is False \
        and verdict(check_kpi, {"title": "A", "cadence": "whenever"}) is False


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_kept_code_judges_every_entity_as_the_generator_does(kind, samples, cache):
    reference = fastjsonschema.compile(spec(kind), formats=FORMATS, **schema_code.OPTIONS)
    schema_code.schema_check(kind, spec(kind), FORMATS)  # generates and keeps it
    kept = schema_code.schema_check(kind, spec(kind), FORMATS)  # read back
    assert kept_file(cache, kind).stat().st_size > 1000
    data = samples.get(kind, [{"title": "A"}])
    verdicts = [(verdict(reference, case), verdict(kept, case)) for item in data for case in cases(item)]
    assert all(ref == ours for ref, ours in verdicts)
    assert {ref for ref, __ in verdicts} == {True, False}  # both verdicts were put to the test


def test_kept_code_is_read_back_not_generated_again(cache, monkeypatch):
    schema_code.schema_check("kpi", spec("kpi"), FORMATS)
    written = kept_file(cache)
    stamp = written.stat().st_mtime_ns

    def refuse(*args, **kwargs):
        raise AssertionError("generated again")
    monkeypatch.setattr(fastjsonschema, "compile_to_code", refuse)
    assert judges_kpis(schema_code.schema_check("kpi", spec("kpi"), FORMATS))
    assert written.stat().st_mtime_ns == stamp


def test_a_new_schema_takes_the_place_of_the_old_one(cache):
    schema_code.schema_check("kpi", spec("kpi"), FORMATS)
    schema_code.schema_check("kpis", spec("kpi"), FORMATS)  # a kind whose name begins with another's
    old = kept_file(cache)
    changed = {**spec("kpi"), "required": ["title", "owner"]}
    assert verdict(schema_code.schema_check("kpi", changed, FORMATS), {"title": "A"}) is False
    assert not old.exists() and kept_file(cache) != old
    assert kept_file(cache, "kpis").exists()
    assert [p.name for p in cache.iterdir() if p.suffix != ".bin"] == []  # no temporary file left


def cut_at_each_line(text: bytes) -> list[bytes]:
    ends = [i + 1 for i, byte in enumerate(text) if byte == 10]
    return [text[:end] for end in ends[1::max(1, len(ends) // 40)]]


DAMAGE = {
    "empty": lambda data: [b""],
    "digest only": lambda data: [data.partition(b"\n")[0] + b"\n"],
    "cut at line ends": cut_at_each_line,
    "cut in the middle": lambda data: [data[: len(data) // 2], data[:-1]],
    "one byte changed": lambda data: [data[:n] + bytes([data[n] ^ 1]) + data[n + 1:] for n in (0, 70, len(data) // 2, len(data) - 1)],
    "source, not code": lambda data: [b"validate = lambda *a, **k: None\n"],
    "a digest that fits other code": lambda data: [hashlib.sha256(b"x").hexdigest().encode() + b"\nx"],
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_kept_file_cut_short_or_changed_is_made_again(cache, damage):
    schema_code.schema_check("kpi", spec("kpi"), FORMATS)
    path = kept_file(cache)
    whole = path.read_bytes()
    variants = DAMAGE[damage](whole)
    assert variants and all(v != whole for v in variants)
    for variant in variants:
        path.write_bytes(variant)
        assert judges_kpis(schema_code.schema_check("kpi", spec("kpi"), FORMATS)), variant[:80]
        assert path.read_bytes() == whole  # written again, whole


@pytest.mark.parametrize("unusable", ["a file", "below a file", "a link", "others may write", "a link to the file",
                                      "the file others may write"])
def test_a_folder_or_file_it_may_not_trust_is_never_read(unusable, cache, tmp_path, monkeypatch):
    """Code planted where it may not be trusted is not run (it would pass every KPI), and the
    check is right all the same."""
    schema_code.schema_check("kpi", spec("kpi"), FORMATS)
    good = kept_file(cache)
    planted = plant(good)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if unusable == "a file":
        shutil.rmtree(cache)
        cache.write_bytes(planted)
    elif unusable == "below a file":
        shutil.rmtree(cache.parent)
        cache.parent.write_text("a file")
    elif unusable == "a link":
        (elsewhere / good.name).write_bytes(planted)
        shutil.rmtree(cache)
        cache.symlink_to(elsewhere, target_is_directory=True)
    elif unusable == "others may write":
        good.write_bytes(planted)
        cache.chmod(0o777)
    elif unusable == "a link to the file":
        (elsewhere / good.name).write_bytes(planted)
        good.unlink()
        good.symlink_to(elsewhere / good.name)
    else:
        good.write_bytes(planted)
        good.chmod(0o666)
    assert judges_kpis(schema_code.schema_check("kpi", spec("kpi"), FORMATS))
    assert (elsewhere / good.name).read_bytes() == planted if (elsewhere / good.name).exists() else True


def plant(good: Path) -> bytes:
    """A kept file with a right digest whose code passes everything."""
    payload = marshal.dumps(compile("def validate(data, custom_formats={}, name_prefix=None):\n    return data\n",
                                    "<planted>", "exec"))
    return hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload


def test_where_nothing_can_be_written_the_code_runs_from_memory(cache, monkeypatch):
    cache.parent.parent.mkdir(parents=True)
    cache.parent.write_text("not a folder")
    assert judges_kpis(schema_code.schema_check("kpi", spec("kpi"), FORMATS))
    assert cache.parent.read_text() == "not a folder"


def test_an_interrupted_write_leaves_no_file(cache, monkeypatch):
    def interrupted(*args):
        raise KeyboardInterrupt
    monkeypatch.setattr(schema_code.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        schema_code.schema_check("kpi", spec("kpi"), FORMATS)
    assert list(cache.iterdir()) == []


@pytest.mark.parametrize("name", ["../escaped", "kpi/x", "", "kpi.bin"])
def test_a_name_that_is_not_a_kinds_is_refused(name, cache):
    with pytest.raises(ValueError):
        schema_code.schema_check(name, spec("kpi"), FORMATS)
    assert not cache.exists()


@pytest.mark.parametrize("planted", [".cache/playbook/schema-code", "home/.cache/playbook/schema-code",
                                     "playbook/content/__pycache__/schema-code", "content/__pycache__/schema-code"])
def test_code_planted_in_the_project_is_never_run(planted, tmp_path):
    """A commit that brings files named as kept code, with the right digests, brings nothing that
    runs, whatever the current folder, the home folder or the cache folder the environment names
    (a CI job may point them into the checkout): a KPI with a wrong cadence is still reported."""
    project = tmp_path / "project"
    content = copy_minimal(project / "content")
    kpi = content / "kpis" / "qualified-leads.yml"
    kpi.write_text(kpi.read_text(encoding="utf-8").replace("cadence: monthly", "cadence: whenever"), encoding="utf-8")
    marker = tmp_path / "ran"
    for kind in KINDS:
        payload = marshal.dumps(compile(f"open({str(marker)!r}, 'a').close()\n"
                                        "def validate(data, custom_formats={{}}, name_prefix=None):\n    return data\n",
                                        "<planted>", "exec"))
        path = project / planted / f"{kind}_{schema_code.code_key(spec(kind), FORMATS)}.bin"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    env = {**os.environ, "HOME": str(project / "home"), "XDG_CACHE_HOME": str(project / ".cache"),
           "PYTHONPYCACHEPREFIX": str(project / "content")}
    done = subprocess.run([str(Path(sys.executable).with_name("playbook")), "validate", "content", "--as-of", AS_OF],
                          cwd=project, env=env, capture_output=True, text=True)
    assert done.returncode == 1 and "whenever" in done.stdout, done.stdout + done.stderr
    assert not marker.exists()
