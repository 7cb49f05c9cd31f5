"""The Zensical path's source folder, kept from one build to the next for Zensical's cache
(`playbook.outputs.kept_source`): a build after a build, its pages rendered from the cache, is
byte for byte a build without it; only the cache outlives a build; and the folder is used only
when it is the project's own and free: links planted on the way to it or in it, and a build
already holding it, send the source to a scratch folder or are removed, never followed.
"""
from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from playbook.outputs.kept_source import CACHE, LOCK, source_folder

from .sitebuild import copy_sample, files_of

KEPT = CACHE / "zensical-internal"


def zensical_build(project: Path, site: str) -> Path:
    done = subprocess.run([sys.executable, "-m", "playbook", "build", "--builder", "zensical", "--edition", "internal",
                           "--as-of", "2026-06-01", "--site-dir", site], cwd=project, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return project / site


def same_bytes(one: Path, other: Path) -> None:
    files, others = files_of(one), files_of(other)
    assert sorted(files) == sorted(others)
    assert [name for name, path in files.items() if path.read_bytes() != others[name].read_bytes()] == []


def edit(project: Path) -> None:
    goal = next(iter(sorted((project / "content" / "goals").glob("*.yml"))))
    text = goal.read_text(encoding="utf-8")
    goal.write_text(text.replace("title: ", "title: Edited ", 1), encoding="utf-8")


@pytest.mark.skipif(not importlib.util.find_spec("zensical"), reason="Zensical is not installed")
def test_a_build_after_an_edit_renders_from_the_cache_what_a_build_without_it_renders(tmp_path):
    project = copy_sample(tmp_path / "kept")
    zensical_build(project, "site-before")
    cache = project / KEPT / ".cache"
    assert sorted(p.name for p in (project / KEPT).iterdir()) == [".cache", LOCK] and any(cache.iterdir())
    edit(project)
    after = zensical_build(project, "site-after")
    assert sorted(p.name for p in (project / KEPT).iterdir()) == [".cache", LOCK]
    fresh = copy_sample(tmp_path / "fresh")
    edit(fresh)
    same_bytes(after, zensical_build(fresh, "site-after"))
    assert b"Edited " in b"".join(p.read_bytes() for p in after.rglob("index.html"))


def plant_outside(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    (outside / "docs").mkdir(parents=True)
    (outside / "docs" / "keep.md").write_text("mine", encoding="utf-8")
    (outside / "mkdocs.yml").write_text("mine", encoding="utf-8")
    return outside


def everything(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under `folder`."""
    return {p.relative_to(folder).as_posix(): None if p.is_dir() else p.read_bytes() for p in folder.rglob("*")}


PLANTED = {  # a link planted where the kept folder or what it holds goes, to the folder outside
    ".cache": ".", "playbook": ".", "zensical-internal": ".", "docs": "docs", "site": "docs",
    "mkdocs.yml": "mkdocs.yml", "zensical's cache": "docs", "lock": "mkdocs.yml"}
WHERE = {".cache": Path(".cache"), "playbook": CACHE, "zensical-internal": KEPT, "docs": KEPT / "docs",
         "site": KEPT / "site", "mkdocs.yml": KEPT / "mkdocs.yml", "zensical's cache": KEPT / ".cache",
         "lock": KEPT / LOCK}
SCRATCH = {".cache", "playbook", "zensical-internal", "lock"}  # a link on the way to it, or its lock


@pytest.mark.parametrize("planted", sorted(PLANTED))
def test_a_planted_link_is_never_followed(tmp_path, planted):
    project, outside = tmp_path / "project", plant_outside(tmp_path)
    link = project / WHERE[planted]
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside / PLANTED[planted])
    before = everything(outside)
    site = project / "site"
    with source_folder(project, "internal", site) as work:
        assert work == (site.with_name("site.src") if planted in SCRATCH else project / KEPT)
        assert not (work / "docs").exists() and not (work / "mkdocs.yml").exists()
        (work / "docs").mkdir(parents=True)
        (work / "docs" / "keep.md").write_text("the build's", encoding="utf-8")
        (work / "mkdocs.yml").write_text("the build's", encoding="utf-8")
        (work / ".cache").mkdir(exist_ok=True)  # as Zensical writes its cache
        (work / ".cache" / "keep.md").write_text("Zensical's", encoding="utf-8")
    assert everything(outside) == before
    assert not site.with_name("site.src").exists()


def test_a_build_holding_the_kept_folder_sends_another_to_a_scratch_folder(tmp_path):
    project = tmp_path
    with source_folder(project, "internal", project / "site") as first:
        with source_folder(project, "internal", project / "site-other") as second:
            assert first == project / KEPT and second == project / "site-other.src"
        assert not second.exists()
        handle = os.open(first / LOCK, os.O_RDWR)
        try:  # a lock another process would find taken
            with pytest.raises(BlockingIOError):
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(handle)
    with source_folder(project, "internal", project / "site") as again:
        assert again == project / KEPT


def test_each_edition_has_its_own_kept_folder(tmp_path):
    folders = []
    for edition in ("public", "internal", "confidential"):
        with source_folder(tmp_path, edition, tmp_path / "site") as work:
            folders.append(work.relative_to(tmp_path).as_posix())
    assert folders == [f"{CACHE.as_posix()}/zensical-{e}" for e in ("public", "internal", "confidential")]


@pytest.mark.parametrize("failed", [False, True])
def test_only_zensicals_cache_outlives_a_build_or_a_stopped_one(tmp_path, failed):
    project, kept = tmp_path, tmp_path / KEPT
    for name in ("docs/goals/secret/index.md", "site/secret/index.html", ".cache/123", "mkdocs.yml"):
        (kept / name).parent.mkdir(parents=True, exist_ok=True)
        (kept / name).write_text("a stopped build's", encoding="utf-8")
    with pytest.raises(RuntimeError) if failed else contextlib.nullcontext():
        with source_folder(project, "internal", project / "site") as work:
            assert sorted(files_of(work)) == [".cache/123", LOCK]
            (work / "docs").mkdir()
            (work / "docs" / "index.md").write_text("this build's", encoding="utf-8")
            (work / "site").mkdir()
            if failed:
                raise RuntimeError("the build failed")
    assert sorted(files_of(kept)) == [".cache/123", LOCK]


def test_a_project_folder_that_cannot_be_written_builds_in_a_scratch_folder(tmp_path):
    project, site = tmp_path / "project", tmp_path / "elsewhere" / "site"
    project.mkdir()
    (project / ".cache").write_text("a file where the folder goes", encoding="utf-8")
    site.parent.mkdir()
    with source_folder(project, "internal", site) as work:
        assert work == site.with_name("site.src")
        work.mkdir()
    assert not work.exists() and (project / ".cache").read_text(encoding="utf-8") == "a file where the folder goes"
