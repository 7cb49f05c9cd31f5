"""A full build over the site it built before writes into the last build's files and takes the
search index files the two share, keeping nothing else of the last build.

`mkdocs build` empties the site's folder first. The plugin sets the last build aside before that
(`plugins/last_build.py`): the new index moves each file it has under the same name into place
(`site_search.keep_last_index`), and MkDocs writes into the last build's files that it writes
again, emptied first (`site_reuse`). These tests build the sample for real, into a folder that
holds another build, and hold the result to a build into an empty folder: the same files and
folders, byte for byte, and nothing of the last build left, whatever was in it (another edition,
links planted in it, a page no longer written, a leftover of a build that was stopped, a build
that fails).
"""
from __future__ import annotations

import filecmp
import os
import shutil
import stat
from pathlib import Path

import pytest

from playbook.outputs.site_reuse import ASIDE
from playbook.outputs.site_search import BUNDLE, LAST

from .sitebuild import copy_sample, edition_build, files_of, search_records

AS_OF = "2026-12-06"
MARK = b"<!-- of the last build -->"


def build(project: Path, site: str = "site", edition: str = "internal", *args: str, ok: bool = True) -> Path:
    return edition_build(project, site, edition, AS_OF, *args, ok=ok)


def assert_same_files(folder: Path, fresh: Path, least: int) -> None:
    """`folder` holds the files of `fresh`, byte for byte, and no other; none is a link or linked to."""
    built, expected = files_of(folder), files_of(fresh)
    assert sorted(built) == sorted(expected) and len(built) > least
    assert not [name for name, path in built.items() if path.is_symlink() or os.lstat(path).st_nlink != 1]
    assert [name for name in built if not filecmp.cmp(built[name], expected[name], shallow=False)] == []


def assert_same_bundle(site: Path, fresh: Path) -> None:
    """The bundle is a fresh build's, file for file and byte for byte; nothing is set aside."""
    assert_same_files(site / BUNDLE, fresh / BUNDLE, 30)
    assert not [p.name for p in site.iterdir() if p.name.startswith(f".{BUNDLE}")]


def assert_same_site(site: Path, fresh: Path) -> None:
    """The site is a fresh build's, file for file, folder for folder and byte for byte."""
    assert_same_files(site, fresh, 100)
    assert sorted(p.relative_to(site) for p in site.rglob("*") if p.is_dir()) == \
        sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_dir())


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = copy_sample(tmp_path_factory.mktemp("reuse"))
    build(project, "fresh")
    return project


@pytest.fixture
def site(project):
    """A site built once, which the test builds again."""
    shutil.rmtree(project / "site", ignore_errors=True)
    return build(project)


def test_a_build_over_its_last_site_moves_the_index_files_it_shares_into_place(project, site):
    before = {name: os.stat(path).st_ino for name, path in files_of(site / BUNDLE).items()}
    build(project)
    after = {name: os.stat(path).st_ino for name, path in files_of(site / BUNDLE).items()}
    records = [name for name in after if name.startswith("fragment/")]
    assert len(records) > 30 and all(after[name] == before[name] for name in records)  # moved, not made anew
    assert_same_site(site, project / "fresh")


def test_a_build_over_its_last_site_writes_into_its_pages(project, site):
    pages = [path for name, path in files_of(site).items() if name.endswith("/index.html")]
    for path in pages:
        path.chmod(0o600)  # a file written into keeps its mode; a file made anew has the usual one
    build(project)
    assert len(pages) > 50 and {stat.S_IMODE(path.stat().st_mode) for path in pages} == {0o600}
    assert_same_site(site, project / "fresh")


def test_a_build_of_another_edition_keeps_nothing_of_the_last_build(project):
    site = build(project, "site-switch", edition="confidential")
    confidential, pages = {record["url"] for record in search_records(site)}, set(files_of(site))
    internal = build(project, "site-internal-fresh")
    build(project, "site-switch")
    hidden = confidential - {record["url"] for record in search_records(internal)}
    assert hidden and pages - set(files_of(internal)), "the confidential edition shows pages the internal one does not"
    assert not hidden & {record["url"] for record in search_records(site)}
    assert_same_site(site, internal)


@pytest.mark.parametrize("plant", ["symbolic link", "hard link", "folder", "changed bytes", "stray file"])
def test_whatever_is_planted_in_the_last_index_is_not_followed_or_kept(project, site, tmp_path, plant):
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"not the site's")
    fragment = sorted((site / BUNDLE / "fragment").iterdir())[0]
    fragment.unlink()
    if plant == "symbolic link":
        fragment.symlink_to(outside)
    elif plant == "hard link":
        os.link(outside, fragment)
    elif plant == "folder":
        fragment.mkdir()
        (fragment / "inside").write_bytes(b"x")
    elif plant == "changed bytes":
        fragment.write_bytes(b"\x1f\x8b not a record")
    else:
        (site / BUNDLE / "fragment" / "planted.pf_fragment").write_bytes(b"planted")
    build(project)
    assert outside.read_bytes() == b"not the site's"
    assert_same_bundle(site, project / "fresh")


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


def test_the_leftovers_of_a_stopped_build_are_removed(project, site):
    for name, data in {f"{LAST}/fragment/old.pf_fragment": b"from a build that was stopped", f"{LAST}/pagefind.js": b"old",
                       f"{ASIDE}/secret/index.html": b"from a build that was stopped"}.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)
    build(project)
    assert_same_site(site, project / "fresh")


def test_a_build_that_fails_after_setting_the_last_build_aside_leaves_none_of_it(project, site):
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
    assert not (site / LAST).exists() and not (site / BUNDLE).exists() and not (site / ASIDE).exists()
    assert not [name for name, path in files_of(site).items() if MARK in path.read_bytes()]
    build(project)
    assert_same_site(site, project / "fresh")


def test_a_dirty_build_which_empties_nothing_writes_the_same_index(project, site):
    build(project, "site", "internal", "--dirty")
    assert_same_bundle(site, project / "fresh")


def test_a_dirty_build_sets_nothing_aside_and_keeps_what_it_does_not_write(project, site):
    (site / "kept").mkdir()
    (site / "kept" / "index.html").write_bytes(b"MkDocs' --dirty keeps what it does not write")
    build(project, "site", "internal", "--dirty")
    assert (site / "kept" / "index.html").read_bytes() == b"MkDocs' --dirty keeps what it does not write"
    assert not (site / ASIDE).exists()
