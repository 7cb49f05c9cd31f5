"""The speed-ups fall back to the standard path when an internal they need is missing.

Each case builds the minimal playbook with the real MkDocs in a child process in which
one internal is made to look absent to the plugin's guards (as a newer MkDocs, Material
or ProperDocs might have it). The build must succeed, say once which speed-up it left
out, and write the same pages and the same search index as a build with every speed-up.
"""
from __future__ import annotations

import subprocess
import sys

import pytest

from .contenttree import copy_minimal
from .sitebuild import MKDOCS_YML

SIMULATIONS = {
    "none": "",
    "raw HTML hand-over": "g.Page = type('Page', (), {})",
    "incremental serve": "g.File = type('File', (), {})",
    "pages rendered without Markdown": "g.Page = type('Page', (), {'present_anchor_ids': None, 'render': lambda self: None})",
}
RUN = """
import sys
import plugins.guards as g
{simulation}
from mkdocs.__main__ import cli
sys.argv = ['mkdocs', 'build', '-d', 'site-{name}']
cli()
"""


def build(project, name: str) -> subprocess.CompletedProcess:
    code = RUN.format(simulation=SIMULATIONS[name], name=name.replace(" ", "-"))
    return subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True, timeout=300,
                          env={**__import__("os").environ, "PLAYBOOK_AS_OF": "2026-06-01"})


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("guards")
    copy_minimal(folder / "content")
    (folder / "docs").mkdir()
    (folder / "mkdocs.yml").write_text(MKDOCS_YML.format(options=""), encoding="utf-8")
    done = build(folder, "none")
    assert done.returncode == 0, done.stderr
    assert "using the standard path" not in done.stderr
    return folder


def site_of(project, name: str) -> tuple[set[str], set[str]]:
    site = project / f"site-{name.replace(' ', '-')}"
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    shards = {p.relative_to(site).as_posix() for p in (site / "pagefind").rglob("*.pf_*")}  # named by their content
    return pages, shards


@pytest.mark.parametrize("name", ["raw HTML hand-over", "incremental serve", "pages rendered without Markdown"])
def test_a_missing_internal_means_the_standard_path_and_one_notice(project, name):
    done = build(project, name)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stderr.count(f"playbook: {name} needs") == 1 and "using the standard path" in done.stderr
    assert site_of(project, name) == site_of(project, "none")
