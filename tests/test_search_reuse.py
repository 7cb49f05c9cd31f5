"""A full build over the site it built before takes the search index files the two share.

`mkdocs build` empties the site's folder first; the plugin sets the search index aside before
that, and the new index moves each file it has under the same name into place. These tests build
the sample for real, twice into one folder, and hold the result to a build into an empty folder:
the same files, byte for byte, and nothing of the last index left, whatever was in it (another
edition's records, links planted in it, a leftover of a build that was stopped).
"""
from __future__ import annotations

import filecmp
import os
import shutil
from pathlib import Path

import pytest

from playbook.outputs.site_search import BUNDLE, LAST

from .sitebuild import copy_sample, edition_build, files_of, search_records

AS_OF = "2026-12-06"


def build(project: Path, site: str = "site", edition: str = "internal", ok: bool = True, *args: str) -> Path:
    return edition_build(project, site, edition, AS_OF, *args, ok=ok)


def assert_same_bundle(site: Path, fresh: Path) -> None:
    """The bundle is a fresh build's, file for file and byte for byte; nothing is set aside."""
    built, expected = files_of(site / BUNDLE), files_of(fresh / BUNDLE)
    assert sorted(built) == sorted(expected) and len(built) > 30
    assert not [name for name, path in built.items() if path.is_symlink() or os.lstat(path).st_nlink != 1]
    differ = [name for name in built if not filecmp.cmp(built[name], expected[name], shallow=False)]
    assert differ == []
    assert not [p.name for p in site.iterdir() if p.name.startswith(f".{BUNDLE}")]


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
    assert_same_bundle(site, project / "fresh")


def test_a_build_of_another_edition_keeps_nothing_of_the_last_index(project, tmp_path):
    site = build(project, "site-switch", edition="confidential")
    confidential = {record["url"] for record in search_records(site)}
    internal = build(project, "site-internal-fresh")
    build(project, "site-switch")
    hidden = confidential - {record["url"] for record in search_records(internal)}
    assert hidden, "the confidential edition shows pages the internal one does not"
    assert not hidden & {record["url"] for record in search_records(site)}
    assert_same_bundle(site, internal)


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


def test_a_leftover_of_a_stopped_build_is_removed(project, site):
    stale = site / LAST
    (stale / "fragment").mkdir(parents=True)
    (stale / "fragment" / "old.pf_fragment").write_bytes(b"from a build that was stopped")
    (stale / "pagefind.js").write_bytes(b"old")
    build(project)
    assert_same_bundle(site, project / "fresh")


def test_a_build_that_fails_after_setting_the_index_aside_leaves_nothing_aside(project, site):
    (project / "failing_hook.py").write_text(
        "from mkdocs.exceptions import PluginError\n\n"
        "def on_env(env, config, files):\n    raise PluginError('stopped on purpose')\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    config.write_text(original + "\nhooks:\n  - failing_hook.py\n", encoding="utf-8")
    try:
        build(project, ok=False)
    finally:
        config.write_text(original, encoding="utf-8")
    assert not (site / LAST).exists() and not (site / BUNDLE).exists()
    build(project)
    assert_same_bundle(site, project / "fresh")


def test_a_dirty_build_which_empties_nothing_writes_the_same_index(project, site):
    build(project, "site", "internal", True, "--dirty")
    assert_same_bundle(site, project / "fresh")
