"""`playbook schema --out`: the exported schemas are valid draft 2020-12 and resolve their
references from the folder they are exported to; the editor and pre-commit wiring point at them."""
import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from playbook.cli.commands import main
from playbook.content.model import KINDS
from playbook.content.schemas import schema_files
from playbook.scaffold.starter import editor_settings

from .sitebuild import REPO


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "schemas"
    assert main(["schema", "--out", str(out)]) == 0
    return out


def from_disk(uri: str) -> Resource:
    """Retrieve a schema by its file: URI, as an editor's language server would."""
    return Resource.from_contents(json.loads(Path(uri.removeprefix("file://")).read_text()))


def test_every_schema_is_exported(exported):
    assert sorted(p.name for p in exported.iterdir()) == sorted(schema_files())
    assert {f"{kind}.schema.json" for kind in KINDS} | {"common.schema.json", "page.schema.json", "official-accounts.schema.json"} == set(schema_files())


@pytest.mark.parametrize("name", sorted(schema_files()))
def test_exported_schema_passes_the_metaschema(exported, name):
    Draft202012Validator.check_schema(json.loads((exported / name).read_text()))


@pytest.mark.parametrize("kind", list(KINDS))
def test_relative_refs_resolve_from_the_exported_folder(exported, kind):
    path = exported / f"{kind}.schema.json"
    schema = {**json.loads(path.read_text()), "$id": path.as_uri()}
    validator = Draft202012Validator(schema, registry=Registry(retrieve=from_disk))
    good = {"title": "A title", "visibility": "public"}
    assert not [e for e in validator.iter_errors(good) if e.validator != "required"]
    errors = list(validator.iter_errors({**good, "visibility": "everyone", "title": ""}))
    assert {e.validator for e in errors} >= {"enum", "minLength"}  # both live in common.schema.json


def test_repository_editor_settings_map_content_to_the_package_schemas():
    settings = (REPO / ".vscode/settings.json").read_text()
    assert settings == editor_settings("playbook/content/schemas", "content")
    for schema, globs in json.loads(settings)["yaml.schemas"].items():
        assert (REPO / schema).is_file()
        assert all((REPO / g.split("*")[0]).parent.name == "content" for g in globs)


def test_pre_commit_hook_runs_validate_on_content_files():
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "playbook-validate" and hook["language"] == "python"
    assert hook["entry"] == "playbook validate" and hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    for name in ("content/goals/a.yml", "content/goals/a.yaml", "content/pages/x/y.md",
                 "content/measurements/k.csv", "content/playbook.yml"):
        assert files.search(name), name
    for name in ("README.md", "playbook/cli/commands.py", "mkdocs.yml", "docs/index.md"):
        assert not files.search(name), name


def test_package_data_ships_the_schemas_and_every_skeleton_file():
    data = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    shipped = {p for package, globs in data.items() for pattern in globs
               for p in REPO.joinpath(*package.split(".")).glob(pattern) if p.is_file()}
    package = REPO / "playbook"
    wanted = {p for p in (package / "scaffold" / "skeleton").rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    wanted |= set((package / "content" / "schemas").glob("*.json"))
    wanted |= set((package / "site" / "assets").glob("*"))
    assert wanted <= shipped
    assert not [p for p in wanted if p.name.startswith(".")]  # hidden files would be left out of a wheel
