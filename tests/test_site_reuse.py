"""A full build writes into the files of the site it built before, keeping nothing else of it.

The plugin sets the last build aside before `mkdocs build` empties the site's folder, then puts
back only the files the build writes, each emptied (`playbook.outputs.site_reuse`). The first
tests sort a planted folder with the module itself: what is kept, emptied, removed, and never
followed (links, pipes, folders where files go). The others build the sample for real into a
folder that holds another build and hold the result to a build into an empty folder: the same
files, byte for byte, and nothing of the last build left, whatever it was (another edition, a
page no longer written, a leftover of a stopped build, a build that fails).
"""
from __future__ import annotations

import filecmp
import os
import shutil
import stat
import threading
from pathlib import Path

import pytest

from playbook.outputs import site_reuse
from playbook.outputs.site_reuse import ASIDE

from .sitebuild import copy_sample, edition_build, files_of

AS_OF = "2026-12-06"
MARK = b"<!-- of the last build -->"


def plant(site: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)
    return site


def taken_back(site: Path, written: list[str]) -> list[str]:
    site_reuse.set_aside(site)
    assert [p.name for p in site.iterdir() if not p.name.startswith(".")] == []  # what the builder empties
    kept = site_reuse.take_back(site, [str(site / name) for name in written])
    return sorted(Path(path).relative_to(site).as_posix() for path in kept)


def test_only_the_files_written_are_kept_emptied_and_the_rest_removed(tmp_path):
    site = plant(tmp_path / "site", {"index.html": b"home", "goals/g1/index.html": b"g1", "goals/g2/index.html": b"g2",
                                     "secret/s1/index.html": b"secret", "assets/app.css": b"css", ".nojekyll": b""})
    kept = taken_back(site, ["index.html", "goals/g1/index.html", "assets/app.css", "new/index.html"])
    assert kept == ["assets/app.css", "goals/g1/index.html", "index.html"]
    assert sorted(files_of(site)) == [".nojekyll", *kept]
    assert all((site / name).stat().st_size == 0 for name in kept)
    assert not (site / "secret").exists() and not (site / "goals" / "g2").exists() and not (site / ASIDE).exists()


def _hard_link(site: Path, outside: Path) -> None:
    (site / "goals" / "g1" / "index.html").unlink()
    os.link(outside, site / "goals" / "g1" / "index.html")


def _symbolic_link(site: Path, outside: Path) -> None:
    (site / "goals" / "g1" / "index.html").unlink()
    (site / "goals" / "g1" / "index.html").symlink_to(outside)


def _linked_folder(site: Path, outside: Path) -> None:
    shutil.rmtree(site / "goals")
    (outside.parent / "g1").mkdir()
    (outside.parent / "g1" / "index.html").write_bytes(b"outside")
    (site / "goals").symlink_to(outside.parent)


def _pipe(site: Path, outside: Path) -> None:
    (site / "goals" / "g1" / "index.html").unlink()
    os.mkfifo(site / "goals" / "g1" / "index.html")


def _folder_for_a_file(site: Path, outside: Path) -> None:
    (site / "goals" / "g1" / "index.html").unlink()
    plant(site, {"goals/g1/index.html/inside": b"x"})


def _file_for_a_folder(site: Path, outside: Path) -> None:
    shutil.rmtree(site / "goals")
    plant(site, {"goals": b"a file where a folder goes"})


def _aside_a_link(site: Path, outside: Path) -> None:  # a leftover of a stopped build, planted as a link
    (site / ASIDE).symlink_to(outside.parent, target_is_directory=True)


PLANTED = {"a hard link": _hard_link, "a symbolic link": _symbolic_link, "a linked folder": _linked_folder,
           "a pipe": _pipe, "a folder where a file goes": _folder_for_a_file,
           "a file where a folder goes": _file_for_a_folder, "a link set aside": _aside_a_link}


@pytest.mark.parametrize("planted", PLANTED)
def test_what_is_planted_in_the_last_build_is_not_followed_or_kept(tmp_path, planted):
    outside = tmp_path / "outside" / "file.txt"
    outside.parent.mkdir()
    outside.write_bytes(b"not the site's")
    site = plant(tmp_path / "site", {"index.html": b"home", "goals/g1/index.html": b"g1"})
    PLANTED[planted](site, outside)
    before = {p: p.read_bytes() for p in outside.parent.rglob("*") if p.is_file()}
    done = threading.Thread(target=taken_back, args=(site, ["index.html", "goals/g1/index.html"]), daemon=True)
    done.start()
    done.join(10)
    assert not done.is_alive(), "sorting the last build waits on what was planted"
    assert {p: p.read_bytes() for p in outside.parent.rglob("*") if p.is_file()} == before
    assert not [p for p in site.rglob("*") if p.is_symlink() or (p.is_file() and os.stat(p).st_nlink != 1)]
    assert not [p for p in site.rglob("*") if p.is_file() and p.stat().st_size]  # nothing of the last build's bytes
    assert not (site / ASIDE).exists()


def test_a_new_entry_of_the_same_name_stays_and_the_old_one_goes(tmp_path):
    site = plant(tmp_path / "site", {"data/old.json": b"old", "index.html": b"home"})
    site_reuse.set_aside(site)
    plant(site, {"data/new.json": b"written since"})
    kept = site_reuse.take_back(site, [str(site / "data" / "old.json"), str(site / "index.html")])
    assert kept == [str(site / "index.html")]
    assert sorted(files_of(site)) == ["data/new.json", "index.html"]


def test_a_leftover_of_a_stopped_build_is_removed_before_the_next_is_set_aside(tmp_path):
    site = plant(tmp_path / "site", {"index.html": b"home", f"{ASIDE}/secret/index.html": b"secret"})
    assert taken_back(site, ["index.html", "secret/index.html"]) == ["index.html"]
    assert sorted(files_of(site)) == ["index.html"]


def test_sweep_removes_only_what_is_still_empty(tmp_path):
    site = plant(tmp_path / "site", {"a.html": b"", "b.html": b"written"})
    site_reuse.sweep([str(site / "a.html"), str(site / "b.html"), str(site / "gone.html")])
    assert sorted(files_of(site)) == ["b.html"]


def test_nothing_is_set_aside_from_a_folder_that_is_a_link_or_not_there(tmp_path):
    target = plant(tmp_path / "target", {"index.html": b"home"})
    (tmp_path / "site").symlink_to(target)
    site_reuse.set_aside(tmp_path / "site")
    site_reuse.set_aside(tmp_path / "none")
    assert sorted(files_of(target)) == ["index.html"] and not (tmp_path / "none").exists()


def build(project: Path, site: str = "site", edition: str = "internal", *args: str, ok: bool = True) -> Path:
    return edition_build(project, site, edition, AS_OF, *args, ok=ok)


def assert_same_site(site: Path, fresh: Path) -> None:
    """Every file of a fresh build, byte for byte, and nothing else: no link, nothing set aside."""
    built, expected = files_of(site), files_of(fresh)
    assert sorted(built) == sorted(expected) and len(built) > 100
    assert not [name for name, path in built.items() if path.is_symlink() or os.lstat(path).st_nlink != 1]
    assert [name for name in built if not filecmp.cmp(built[name], expected[name], shallow=False)] == []
    assert sorted(p.relative_to(site) for p in site.rglob("*") if p.is_dir()) == \
        sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_dir())


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = copy_sample(tmp_path_factory.mktemp("site-reuse"))
    build(project, "fresh")
    return project


@pytest.fixture
def site(project):
    """A site built once, which the test builds again."""
    shutil.rmtree(project / "site", ignore_errors=True)
    return build(project)


def test_a_build_over_its_last_site_writes_into_its_files(project, site):
    pages = [path for name, path in files_of(site).items() if name.endswith("/index.html")]
    for path in pages:
        path.chmod(0o600)  # a file written into keeps its mode; a file made anew has the usual one
    build(project)
    assert len(pages) > 50 and {stat.S_IMODE(path.stat().st_mode) for path in pages} == {0o600}
    assert_same_site(site, project / "fresh")


def test_a_build_of_another_edition_keeps_nothing_of_the_last_build(project):
    site = build(project, "site-switch", edition="confidential")
    confidential = set(files_of(site))
    internal = build(project, "site-internal-fresh")
    hidden = confidential - set(files_of(internal))
    assert [name for name in hidden if name.endswith("/index.html")], "the confidential edition shows pages the internal one does not"
    build(project, "site-switch")
    assert_same_site(site, internal)


def test_a_page_no_longer_written_is_not_left_empty(project, site):
    config, free = project / "mkdocs.yml", project / "docs" / "notes.md"
    original = config.read_text(encoding="utf-8")
    free.write_text("# Notes\n\nA free page, then a draft.\n", encoding="utf-8")
    try:
        build(project)
        assert (site / "notes" / "index.html").stat().st_size
        config.write_text(original + "\ndraft_docs: |\n  notes.md\n", encoding="utf-8")
        build(project)
    finally:
        config.write_text(original, encoding="utf-8")
        free.unlink()
    assert not (site / "notes").exists()
    assert not [name for name, path in files_of(site).items() if name.endswith(".html") and not path.stat().st_size]


def test_a_build_that_fails_after_taking_the_last_build_back_leaves_none_of_it(project, site):
    (project / "failing_hook.py").write_text(
        "from mkdocs.exceptions import PluginError\n\n"
        "def on_env(env, config, files):\n    raise PluginError('stopped on purpose')\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    config.write_text(original + "\nhooks:\n  - failing_hook.py\n", encoding="utf-8")
    for path in files_of(site).values():
        with path.open("ab") as file:
            file.write(MARK)
    try:
        build(project, ok=False)
    finally:
        config.write_text(original, encoding="utf-8")
    assert not (site / ASIDE).exists()
    assert not [name for name, path in files_of(site).items() if MARK in path.read_bytes()]
    build(project)
    assert_same_site(site, project / "fresh")


def test_a_leftover_of_a_stopped_build_is_not_published(project, site):
    plant(site, {f"{ASIDE}/secret/index.html": b"from a build that was stopped"})
    build(project)
    assert_same_site(site, project / "fresh")


def test_a_dirty_build_sets_nothing_aside_and_keeps_what_it_does_not_write(project, site):
    plant(site, {"kept/index.html": b"MkDocs' --dirty keeps what it does not write"})
    build(project, "site", "internal", "--dirty")
    assert (site / "kept" / "index.html").read_bytes() == b"MkDocs' --dirty keeps what it does not write"
    assert not (site / ASIDE).exists()
