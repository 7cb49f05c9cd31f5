"""The last build set aside and taken back with only the files a build writes, each emptied
(`playbook.outputs.site_reuse`), on planted folders: what is kept, emptied, removed, and never
followed or waited on (links, pipes, folders where files go, a link where the last build is set
aside). `tests/test_last_build.py` builds the sample for real over the site it built before.
"""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from playbook.outputs import site_reuse
from playbook.outputs.site_reuse import ASIDE

from .sitebuild import files_of


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
