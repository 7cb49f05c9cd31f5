"""`playbook cms` and the site's CMS page: the configuration comes from the schemas (a collection
per kind, widgets from field types, relations from references, required fields from the schemas
and rules), the page is served only where editing makes sense, and names no entity."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from playbook.check.checker import check
from playbook.content.model import KINDS
from playbook.content.schemas import reference_fields
from playbook.site.all_pages import SiteOptions, build_site
from playbook.site.cms_page import CmsScriptMissing

from .contenttree import MINIMAL

DAY = dt.date(2026, 6, 1)


def cms(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "playbook", "cms", *args], capture_output=True, text=True)


@pytest.fixture(scope="module")
def config():
    done = cms("--repo-url", "https://github.com/example-org/playbook")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def fields(config, kind):
    return {f["name"]: f for f in next(c for c in config["collections"] if c["name"] == kind)["fields"]}


def test_a_collection_per_kind_and_one_for_measurements(config):
    names = [c["name"] for c in config["collections"]]
    assert names == [*KINDS, "measurements"]
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"] == {"name": "github", "repo": "example-org/playbook", "branch": "main"}


@pytest.mark.parametrize("kind, name, expected", [
    ("kpi", "direction", {"widget": "select", "options": ["increase", "decrease", "hold"], "required": True}),
    ("kpi", "title", {"widget": "string", "required": True}),
    ("kpi", "attribution", {"widget": "string", "required": False}),
    ("goal", "draft", {"widget": "boolean"}),
    ("goal", "body", {"widget": "markdown"}),
    ("goal", "due", {"widget": "string", "pattern": [r"^\d{4}-\d{2}-\d{2}$", "A date: YYYY-MM-DD"]}),
    ("kpi", "owner", {"widget": "relation", "collection": "person", "required": False}),
])
def test_widgets_follow_the_schemas(config, kind, name, expected):
    field = fields(config, kind)[name]
    assert {k: field[k] for k in expected} == expected


def test_every_reference_to_one_kind_is_a_relation(config):
    for ref in reference_fields():
        if len(ref.path) == 1 and len(ref.targets) == 1:
            field = fields(config, ref.kind)[ref.path[0]]
            assert (field["widget"], field["collection"]) == ("relation", ref.targets[0]), ref


def test_an_optional_object_asks_for_none_of_its_fields(config):
    imported = fields(config, "kpi")["import"]
    assert imported["required"] is False and not any(f["required"] for f in imported["fields"])
    assert all(f["required"] for f in fields(config, "kpi")["target"]["fields"])


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "localhost:8081", "", "//x/api"])
def test_a_local_backend_that_is_no_web_address_is_a_usage_error(url):
    done = cms("--local-backend", url)
    assert done.returncode == 2 and "Traceback" not in done.stderr and done.stdout == ""


def test_the_out_file_is_written_whole(tmp_path):
    out = tmp_path / "admin" / "config.yml"
    assert cms("--out", str(out)).returncode == 0
    assert json.loads(out.read_text(encoding="utf-8"))["collections"]


@pytest.fixture(scope="module")
def script(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    for name in ("decap-cms.js", "12.decap-cms.js", "ab.wasm", "decap-cms.js.map", "12.cms.js"):
        (dist / name).write_text(f"// {name}\n", encoding="utf-8")
    return dist / "decap-cms.js"


@pytest.mark.parametrize("edition, served", [("public", False), ("internal", True), ("confidential", True)])
def test_the_cms_page_is_served_only_where_editing_makes_sense(script, edition, served):
    site = build_site(check(MINIMAL, as_of=DAY), SiteOptions(edition=edition, as_of=DAY, cms_script=script))
    admin = sorted(p for p in site.files if p.startswith("admin/"))
    assert admin == (["admin/12.decap-cms.js", "admin/ab.wasm", "admin/config.yml", "admin/decap-cms.js",
                      "admin/index.html", "admin/playbook-cms.js"] if served else [])
    update = next((p for p in site.pages if p.path == "update.md"), None)
    assert (update is not None and 'href="../admin/index.html"' in update.markdown) == served


def test_the_page_loads_its_scripts_from_its_own_folder(script):
    site = build_site(check(MINIMAL, as_of=DAY), SiteOptions(as_of=DAY, cms_script=script))
    page = site.files["admin/index.html"].decode()
    assert '<script src="decap-cms.js">' in page and "://" not in page


def test_a_missing_script_is_reported_not_skipped(tmp_path):
    with pytest.raises(CmsScriptMissing, match="npm ci"):
        build_site(check(MINIMAL, as_of=DAY), SiteOptions(as_of=DAY, cms_script=tmp_path / "decap-cms.js"))


def test_the_configuration_names_no_entity(script):
    site = build_site(check(MINIMAL, as_of=DAY), SiteOptions(edition="confidential", as_of=DAY, cms_script=script))
    text = site.files["admin/config.yml"].decode()
    result = check(MINIMAL, as_of=DAY)
    assert not [e.id for e in result.graph.entities.values() if f'"{e.id}"' in text or f'/{e.id}' in text]
