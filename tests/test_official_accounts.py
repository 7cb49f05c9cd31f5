"""The official accounts: a page linking each profile with rel="me", and the same list as JSON beside it.

Built from the golden case clean-operations with one thing changed per test: only the accounts
the edition shows, closed ones left out, four facts each; the JSON follows the schema that
`playbook schema` publishes; the real MkDocs build and `playbook render` both write the file.
"""
from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from jsonschema import Draft202012Validator

from playbook.check.checker import check
from playbook.cli.commands import main
from playbook.scaffold.starter import init
from playbook.site.all_pages import SiteOptions, build_site

from .contenttree import GOLDEN, write_tree
from .sitebuild import REPO, mkdocs_build, parse, write_project

AS_OF = dt.date(2026, 6, 1)
PAGE, DATA = "official-accounts.md", "official-accounts.json"
LINKEDIN = "channels/linkedin.yml"
CHANNEL = """title: LinkedIn
platform: LinkedIn
owner: ben-ortiz
visibility: public
accounts:
  - {handle: '@grow-online', url: 'https://www.linkedin.com/company/grow-online', visibility: public, department: sales,
     managers: [ben-ortiz], backup: ada-park, custodian: ada-park, use: daily zqopsx, last_used: '2026-05-30',
     access_reviewed: '2026-01-15', security: {mfa: true, tool: Tool zqopsx, rotated: '2026-01-15'}}
  - {handle: '@grow-online-events', status: dormant, url: 'https://www.linkedin.com/company/events', department: sales}
"""


@pytest.fixture
def content(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(GOLDEN / "clean-operations" / "content", root)
    write_tree(root, {LINKEDIN: CHANNEL, "departments/sales.yml": (root / "departments/sales.yml").read_text() + "visibility: public\n"})
    return root


def site(root, edition="internal"):
    result = check(root, as_of=AS_OF)
    assert not result.errors, result.errors
    built = build_site(result, SiteOptions(edition=edition, as_of=AS_OF))
    return {p.path: p for p in built.pages}, built.files


def data(files) -> list[dict]:
    return json.loads(files[DATA])["accounts"]


def profile_links(page) -> list[dict]:
    from .test_render import parsed
    return [a for t, a in parsed(page).elements if t == "a" and a.get("rel") == "me"]


def test_the_internal_edition_lists_every_account_it_shows_with_four_facts(content):
    pages, files = site(content)
    assert data(files) == [
        {"platform": "LinkedIn", "handle": "@grow-online", "url": "https://www.linkedin.com/company/grow-online", "department": "Sales"},
        {"platform": "LinkedIn", "handle": "@grow-online-events", "url": "https://www.linkedin.com/company/events", "department": "Sales"}]
    assert [a["href"] for a in profile_links(pages[PAGE])] == ["https://www.linkedin.com/company/grow-online",
                                                               "https://www.linkedin.com/company/events"]
    for leaked in ("zqopsx", "Ben Ortiz", "Ada Park", "2026-01-15", "ada-park"):
        assert leaked not in pages[PAGE].markdown and leaked.encode() not in files[DATA], leaked


def test_the_public_edition_lists_only_public_accounts(content):
    pages, files = site(content, "public")
    assert [a["handle"] for a in data(files)] == ["@grow-online"]
    assert "@grow-online-events" not in pages[PAGE].markdown
    assert PAGE in pages and pages[PAGE].in_nav


def test_no_account_shown_means_no_page_and_no_file(content):
    write_tree(content, {LINKEDIN: CHANNEL.replace("visibility: public, ", "")})
    pages, files = site(content, "public")
    assert PAGE not in pages and DATA not in files
    assert not [name for name in files if "official" in name]


def test_a_closed_account_is_not_official(content):
    write_tree(content, {LINKEDIN: CHANNEL.replace("status: dormant", "status: closed")})
    pages, files = site(content)
    assert [a["handle"] for a in data(files)] == ["@grow-online"]
    assert "@grow-online-events" not in pages[PAGE].markdown


def test_a_hidden_owning_department_is_left_out_not_named(content):
    write_tree(content, {"departments/secret-unit.yml": "title: Zqsecretx unit\nvisibility: confidential\nhead: ada-park\n"
                                                      "social_media: {role: None}\n",
                         LINKEDIN: CHANNEL.replace("visibility: public, department: sales", "visibility: public, department: secret-unit")})
    pages, files = site(content, "public")
    assert data(files) == [{"platform": "LinkedIn", "handle": "@grow-online", "url": "https://www.linkedin.com/company/grow-online"}]
    assert "zqsecretx" not in pages[PAGE].markdown.lower() and "restricted" not in pages[PAGE].markdown
    pages, files = site(content, "confidential")
    assert data(files)[0]["department"] == "Zqsecretx unit"


@pytest.mark.parametrize("url", ["http://", "https://exa mple.org/x", "https://example.org/\tx"])
def test_an_address_that_is_not_a_web_address_is_neither_linked_nor_published(content, url):
    write_tree(content, {LINKEDIN: CHANNEL.replace("https://www.linkedin.com/company/grow-online", url)})
    pages, files = site(content, "public")
    assert data(files) == [{"platform": "LinkedIn", "handle": "@grow-online", "department": "Sales"}]
    assert profile_links(pages[PAGE]) == [] and "@grow-online" in pages[PAGE].markdown


def test_the_file_follows_the_published_schema(content, tmp_path):
    assert main(["schema", "--out", str(tmp_path / "schemas")]) == 0
    schema = json.loads((tmp_path / "schemas" / "official-accounts.schema.json").read_text())
    for edition in ("public", "internal", "confidential"):
        Draft202012Validator(schema).validate(json.loads(site(content, edition)[1][DATA]))
    assert list(Draft202012Validator(schema).iter_errors({"accounts": [{"platform": "X", "handle": "@x", "managers": "A"}]}))


def test_mkdocs_and_render_both_write_the_file_beside_the_page(content, tmp_path):
    project = write_project(tmp_path / "project", {})
    shutil.copytree(content, project / "content")
    built = mkdocs_build(project)
    assert built.returncode == 0, built.stderr[-2000:]
    written = json.loads((project / "site" / DATA).read_text(encoding="utf-8"))
    assert [a["handle"] for a in written["accounts"]] == ["@grow-online", "@grow-online-events"]
    page = parse(project / "site" / "official-accounts" / "index.html")
    assert "../official-accounts.json" in page.hrefs()
    assert [a["href"] for t, a in page.elements if t == "a" and a.get("rel") == "me"][0].startswith("https://www.linkedin")
    assert main(["render", str(tmp_path / "out"), "--config", str(project / "mkdocs.yml"),
                 "--edition", "public", "--as-of", "2026-06-01"]) == 0
    rendered = json.loads((tmp_path / "out" / "docs" / DATA).read_text(encoding="utf-8"))
    assert [a["handle"] for a in rendered["accounts"]] == ["@grow-online"]


def test_the_guide_names_the_file_and_its_schema():
    guide = (REPO / "guide" / "docs" / "how-to" / "publish-official-accounts.md").read_text(encoding="utf-8")
    assert DATA in guide and "official-accounts.schema.json" in guide and 'rel="me"' in guide


def test_the_public_agency_template_publishes_its_official_accounts(tmp_path):
    init(tmp_path / "plan", AS_OF, template="public-agency")
    pages, files = site(tmp_path / "plan" / "content", "public")
    listed = data(files)
    assert listed and all(set(a) == {"platform", "handle", "url", "department"} for a in listed)
    assert [a["href"] for a in profile_links(pages[PAGE])] == [a["url"] for a in listed]
