"""The kinds' schemas as code kept between runs (`schema_code`): the kept code judges as the
generator's own does, it is read back instead of generated again, and a kept file that is
damaged or copied under another name, a folder or file that is a link, that others may write
to or that someone else owns, a folder that cannot be written, and files planted in a project
or a cache folder the environment names never change a verdict or run."""
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
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return folder


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    """kind -> the data of every entity of that kind in the repository's sample playbook."""
    found: dict[str, list] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(schema_code, "FOLDER", tmp_path_factory.mktemp("samples") / "schema-code")
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
    found = sorted(cache.glob(f"{kind}.{schema_code.TAG}.*.bin"))
    assert len(found) == 1, found
    return found[0]


def judges_kpis(check_kpi) -> bool:
    return verdict(check_kpi, {"title": "A"}) is True and verdict(check_kpi, {"title": 5}) is False \
        and verdict(check_kpi, {"title": "A", "cadence": "whenever"}) is False


def signed(name: str, payload: bytes) -> bytes:
    """A kept file's bytes for `payload` under the file name `name`, with the right digest."""
    return hashlib.sha256(name.encode() + b"\n" + payload).hexdigest().encode() + b"\n" + payload


PASS_ALL = "def validate(data, custom_formats={}, name_prefix=None):\n    return data\n"
"""Planted code: it would pass every entity."""


def planted_code(source: str = PASS_ALL) -> bytes:
    return marshal.dumps(compile(source, "<planted>", "exec"))


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
    assert written.stat().st_mode & 0o777 == 0o644  # every user of the package reads it
    assert written.name.startswith(f"kpi.{sys.implementation.cache_tag}.")

    def refuse(*args, **kwargs):
        raise AssertionError("generated again")
    monkeypatch.setattr(fastjsonschema, "compile_to_code", refuse)
    assert judges_kpis(schema_code.schema_check("kpi", spec("kpi"), FORMATS))
    assert written.stat().st_mtime_ns == stamp


@pytest.mark.parametrize("change", ["schema", "generator", "options", "formats", "bytecode", "file format"])
def test_the_key_changes_with_everything_the_code_is_made_from(change, monkeypatch):
    before = schema_code.code_key(spec("kpi"), FORMATS)
    changed_spec, formats = spec("kpi"), FORMATS
    if change == "schema":
        changed_spec = {**changed_spec, "required": ["title", "owner"]}
    elif change == "generator":
        monkeypatch.setattr(fastjsonschema, "VERSION", fastjsonschema.VERSION + ".1")
    elif change == "options":
        monkeypatch.setattr(schema_code, "OPTIONS", {**schema_code.OPTIONS, "use_default": True})
    elif change == "formats":
        formats = {**FORMATS, "day": _is_date}
    elif change == "bytecode":
        monkeypatch.setattr(schema_code.importlib.util, "MAGIC_NUMBER", b"\x00\x00\r\n")
    else:
        monkeypatch.setattr(schema_code, "FILE_FORMAT", schema_code.FILE_FORMAT + 1)
    assert schema_code.code_key(changed_spec, formats) != before


def test_a_format_written_as_a_pattern_is_refused(cache):
    with pytest.raises(TypeError):
        schema_code.schema_check("kpi", spec("kpi"), {"date": "^[0-9-]+$"})


def test_a_new_schema_takes_the_place_of_the_old_one(cache):
    schema_code.schema_check("kpi", spec("kpi"), FORMATS)
    schema_code.schema_check("kpis", spec("kpi"), FORMATS)  # a kind whose name begins with another's
    other_python = cache / kept_file(cache).name.replace(f".{schema_code.TAG}.", ".other-42.")
    other_python.write_bytes(b"kept by another Python")
    old = kept_file(cache)
    changed = {**spec("kpi"), "required": ["title", "owner"]}
    assert verdict(schema_code.schema_check("kpi", changed, FORMATS), {"title": "A"}) is False
    assert not old.exists() and kept_file(cache) != old
    assert kept_file(cache, "kpis").exists() and other_python.exists()
    assert [p.name for p in cache.iterdir() if p.suffix == ".tmp"] == []


def test_a_temporary_file_a_killed_writer_left_is_removed_later(cache):
    schema_code.schema_check("kpi", spec("kpi"), FORMATS)
    old, new, other = cache / ".kpi.abc123.tmp", cache / ".kpi.def456.tmp", cache / ".kpis.abc123.tmp"
    for path in (old, new, other):
        path.write_bytes(b"half")
    os.utime(old, (1, 1))
    os.utime(other, (1, 1))
    schema_code.schema_check("kpi", {**spec("kpi"), "required": ["title", "owner"]}, FORMATS)
    assert not old.exists() and new.exists() and other.exists()  # another writer may be at work on new


def cut_at_each_line(text: bytes) -> list[bytes]:
    ends = [i + 1 for i, byte in enumerate(text) if byte == 10]
    return [text[:end] for end in ends[1::max(1, len(ends) // 40)]]


DAMAGE = {
    "empty": lambda path, data: [b""],
    "digest only": lambda path, data: [data.partition(b"\n")[0] + b"\n"],
    "cut at line ends": lambda path, data: cut_at_each_line(data),
    "cut in the middle": lambda path, data: [data[: len(data) // 2], data[:-1]],
    "one byte changed": lambda path, data: [data[:n] + bytes([data[n] ^ 1]) + data[n + 1:]
                                           for n in (0, 70, len(data) // 2, len(data) - 1)],
    "text, not code": lambda path, data: [signed(path.name, marshal.dumps(PASS_ALL))],
    "code without a check": lambda path, data: [signed(path.name, planted_code("x = 1\n"))],
    "a digest without the name": lambda path, data: [hashlib.sha256(data.partition(b"\n")[2]).hexdigest().encode()
                                                     + b"\n" + data.partition(b"\n")[2]],
    "another kind's file": lambda path, data: [(path.parent / "strategy.bin").read_bytes()],
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_kept_file_damaged_or_copied_is_made_again(cache, damage):
    schema_code.schema_check("strategy", spec("strategy"), FORMATS)
    kept_file(cache, "strategy").rename(cache / "strategy.bin")
    schema_code.schema_check("kpi", spec("kpi"), FORMATS)
    path = kept_file(cache)
    whole = path.read_bytes()
    variants = DAMAGE[damage](path, whole)
    assert variants and all(v != whole for v in variants)
    for variant in variants:
        path.write_bytes(variant)
        assert judges_kpis(schema_code.schema_check("kpi", spec("kpi"), FORMATS)), variant[:80]
        assert path.read_bytes() == whole  # written again, whole


UNTRUSTED = ["a file", "below a file", "a link", "others may write", "a link to the file", "the file others may write",
             "the file someone else's", "the folder someone else's"]


@pytest.mark.parametrize("untrusted", UNTRUSTED)
def test_a_folder_or_file_it_may_not_trust_is_never_read(untrusted, cache, tmp_path, monkeypatch):
    """Code planted where it may not be trusted, with the right digest, is not run (it would
    pass every KPI), and the check is right all the same."""
    schema_code.schema_check("kpi", spec("kpi"), FORMATS)
    good = kept_file(cache)
    planted = signed(good.name, planted_code())
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if untrusted == "a file":
        shutil.rmtree(cache)
        cache.write_bytes(planted)
    elif untrusted == "below a file":
        shutil.rmtree(cache.parent)
        cache.parent.write_text("a file")
    elif untrusted == "a link":
        (elsewhere / good.name).write_bytes(planted)
        shutil.rmtree(cache)
        cache.symlink_to(elsewhere, target_is_directory=True)
    elif untrusted == "others may write":
        good.write_bytes(planted)
        cache.chmod(0o777)
    elif untrusted == "a link to the file":
        (elsewhere / good.name).write_bytes(planted)
        good.unlink()
        good.symlink_to(elsewhere / good.name)
    elif untrusted == "the file others may write":
        good.write_bytes(planted)
        good.chmod(0o666)
    else:
        good.write_bytes(planted)
        owned_by_someone_else(good if untrusted == "the file someone else's" else cache, monkeypatch)
    assert judges_kpis(schema_code.schema_check("kpi", spec("kpi"), FORMATS))


def owned_by_someone_else(path: Path, monkeypatch) -> None:
    """Root gives the path away; another user takes root's files for their own by pretending to
    be one more user (root's stay trusted: the package may be installed by root)."""
    if os.getuid() == 0:
        os.chown(path, 12345, -1)
    else:
        monkeypatch.setattr(schema_code.os, "getuid", lambda: 12345)


def test_a_file_owned_by_root_is_read_by_another_user(cache, monkeypatch):
    schema_code.schema_check("kpi", spec("kpi"), FORMATS)
    if os.getuid() != 0:
        pytest.skip("only root can give a file to root")
    monkeypatch.setattr(schema_code.os, "getuid", lambda: 12345)
    monkeypatch.setattr(fastjsonschema, "compile_to_code", lambda *a, **k: pytest.fail("generated again"))
    assert judges_kpis(schema_code.schema_check("kpi", spec("kpi"), FORMATS))


def test_where_nothing_can_be_written_the_code_runs_from_memory(cache):
    cache.parent.parent.mkdir(parents=True)
    cache.parent.write_text("not a folder")
    assert judges_kpis(schema_code.schema_check("kpi", spec("kpi"), FORMATS))
    assert cache.parent.read_text() == "not a folder"


def test_told_to_write_no_bytecode_it_writes_none_and_reads_what_is_kept(cache, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert judges_kpis(schema_code.schema_check("kpi", spec("kpi"), FORMATS))
    assert not cache.exists()
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    schema_code.schema_check("kpi", spec("kpi"), FORMATS)
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    monkeypatch.setattr(fastjsonschema, "compile_to_code", lambda *a, **k: pytest.fail("generated again"))
    assert judges_kpis(schema_code.schema_check("kpi", spec("kpi"), FORMATS))


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
                                     "content/__pycache__/schema-code", "__pycache__/schema-code"])
def test_no_folder_a_project_or_the_environment_names_is_read(planted, tmp_path):
    """Files named as kept code, with the right digests, in the project, its home or the cache
    folder the environment names (a CI job may point them into the checkout) are not run: a KPI
    with a wrong cadence is still reported. A design that read such a folder fails here."""
    project = tmp_path / "project"
    content = copy_minimal(project / "content")
    kpi = content / "kpis" / "qualified-leads.yml"
    kpi.write_text(kpi.read_text(encoding="utf-8").replace("cadence: monthly", "cadence: whenever"), encoding="utf-8")
    marker = tmp_path / "ran"
    for kind in KINDS:
        name = f"{kind}.{schema_code.TAG}.{schema_code.code_key(spec(kind), FORMATS)}.bin"
        path = project / planted / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(signed(name, planted_code(f"open({str(marker)!r}, 'a').close()\n" + PASS_ALL)))
    env = {**os.environ, "HOME": str(project / "home"), "XDG_CACHE_HOME": str(project / ".cache"), "TMPDIR": str(project)}
    done = subprocess.run([str(Path(sys.executable).with_name("playbook")), "validate", "content", "--as-of", AS_OF],
                          cwd=project, env=env, capture_output=True, text=True)
    assert done.returncode == 1 and "whenever" in done.stdout, done.stdout + done.stderr
    assert not marker.exists()
