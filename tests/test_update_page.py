""""How to update this playbook": the three ways in, with this playbook's own links when its
repository is configured, none when it is not, and no page in the public edition."""
from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from playbook.check.checker import check
from playbook.site.all_pages import SiteOptions, build_site

from .contenttree import MINIMAL
from .sitebuild import mkdocs_build, write_project

DAY = dt.date(2026, 6, 1)
REPO = "https://github.com/example-org/playbook"


@pytest.fixture(scope="module")
def result():
    return check(MINIMAL, as_of=DAY)


def update_page(result, edition="internal", **options):
    pages = {p.path: p for p in build_site(result, SiteOptions(edition=edition, as_of=DAY, **options)).pages}
    return pages.get("update.md")


def links(page) -> list[str]:
    return re.findall(r'<a href="([^"]*)"', page.markdown)


def test_the_page_names_the_three_ways_and_links_this_repository(result):
    page = update_page(result, repo_url=REPO + "/")
    assert links(page) == [f"{REPO}/issues/new?template=checkin.yml", REPO]
    for way in ("Check in a measurement with the issue form", "Edit in the browser", "Change the files with git"):
        assert f"## {way}" in page.markdown
    assert page.in_nav and "names no repository" not in page.markdown


def test_without_a_repository_the_page_has_no_link(result):
    page = update_page(result)
    assert links(page) == [] and "names no repository" in page.markdown


def test_a_repository_elsewhere_than_github_gets_no_issue_form_link(result):
    assert links(update_page(result, repo_url="https://gitlab.example/org/playbook")) == ["https://gitlab.example/org/playbook"]


@pytest.mark.parametrize("repo_url", ["javascript:alert(1)", "data:text/html,x", "//github.com/a/b", "github.com/a/b",
                                      " https://github.com/a/b", "https://github.com/a/b\n", "ftp://github.com/a/b", ""])
def test_an_address_a_link_may_not_hold_gives_no_link(result, repo_url):
    page = update_page(result, repo_url=repo_url)
    assert links(page) == [] and "names no repository" in page.markdown


def test_quotes_in_the_address_stay_inside_the_attribute(result):
    page = update_page(result, repo_url='https://github.com/a/b"onmouseover="alert(1)')
    assert 'onmouseover="' not in page.markdown and "&#34;onmouseover=&#34;" in page.markdown


@pytest.mark.parametrize("edition", ["internal", "confidential"])
def test_every_edition_but_the_public_one_has_the_page(result, edition):
    assert update_page(result, edition, repo_url=REPO) is not None
    assert update_page(result, "public", repo_url=REPO) is None


def test_the_built_site_links_the_repository_from_mkdocs_yml(tmp_path):
    project = write_project(tmp_path / "p", {})
    shutil.copytree(MINIMAL, project / "content")
    yml = project / "mkdocs.yml"
    yml.write_text(f"repo_url: {REPO}\n" + yml.read_text(encoding="utf-8"), encoding="utf-8")
    built = mkdocs_build(project)
    assert built.returncode == 0, built.stderr
    html = (project / "site/update/index.html").read_text(encoding="utf-8")
    assert f'href="{REPO}/issues/new?template=checkin.yml"' in html
    assert "How to update this playbook" in (project / "site/index.html").read_text(encoding="utf-8")
