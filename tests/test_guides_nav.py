"""Many free pages keep the build linear: beyond 30, the sidebar lists one guides index.

Real MkDocs builds of the minimal playbook with a few and with many free pages; the
sidebar of a built page is parsed, and every free page is reached from the index.
"""
from __future__ import annotations

import re

import pytest

from playbook.site.render.free_pages import MAX_IN_NAV

from .contenttree import copy_minimal, write_tree
from .sitebuild import mkdocs_build, parse, resolve, write_project


def build(tmp_path, pages: int):
    project = write_project(tmp_path, {})
    copy_minimal(project / "content" / "min")
    for entry in (project / "content" / "min").iterdir():
        entry.rename(project / "content" / entry.name)
    write_tree(project / "content", {f"pages/part-{i % 3}/guide-{i:03d}.md": f"---\ntitle: Guide {i:03d}\n---\nText {i}.\n"
                                     for i in range(pages)})
    done = mkdocs_build(project)
    assert done.returncode == 0, done.stderr
    return project / "site"


def sidebar_guides(site) -> list[str]:
    html = (site / "index.html").read_text(encoding="utf-8")
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):html.index("</nav>", html.rindex('md-nav__item'))]
    return re.findall(r"Guide \d{3}", nav)


@pytest.mark.parametrize("pages", [2, MAX_IN_NAV])
def test_a_few_free_pages_sit_in_the_sidebar(tmp_path, pages):
    site = build(tmp_path, pages)
    assert len(set(sidebar_guides(site))) == pages
    assert not (site / "guides" / "index.html").exists()


@pytest.mark.parametrize("pages", [MAX_IN_NAV + 1, 120])
def test_many_free_pages_are_reached_through_the_guides_index(tmp_path, pages):
    site = build(tmp_path, pages)
    assert sidebar_guides(site) == []
    index = site / "guides" / "index.html"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="guides/"' in home
    landed = {resolve(site, index, href) for href in parse(index).hrefs()}
    for i in range(pages):
        assert site / f"pages/part-{i % 3}/guide-{i:03d}/index.html" in landed, i
    text = index.read_text(encoding="utf-8")
    assert all(f">part-{n}</h2>" in text for n in range(3))
