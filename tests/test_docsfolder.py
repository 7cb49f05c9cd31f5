"""The docs folder is held to the content folder's rules: nothing outside it is published.

Each case sets up a small project whose `docs/` holds a symbolic link leading out (to
`/proc/self/environ`, `/etc/passwd`, a secret file beside the project, a file of the
content folder; a linked folder, a chain of links, a relative link climbing with
`../`), or whose `docs_dir` is, holds or sits in the content folder. Then it runs each
way of publishing in a child process: `playbook build` with MkDocs, ProperDocs and
Zensical, plain `mkdocs build` with the plugin, and `playbook render`. Each must refuse
with one line naming the path (exit 2 from `playbook`, a failed build from MkDocs),
print no traceback, and write nothing: no site, no site source, no byte of a secret.
"""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from playbook.outputs.docs_folder import docs_problem
from tests.contenttree import AS_OF, copy_minimal

from .sitebuild import MKDOCS_YML

TOKEN = "zqdocsleak"
SECRET_ENV = {**os.environ, "PLAYBOOK_TEST_SECRET": TOKEN}


def project(tmp_path: Path, docs_dir: str = "docs") -> Path:
    root = tmp_path / "project"
    copy_minimal(root / "content")
    (root / "content" / "goals" / "win-leads.yml").write_text(
        f"title: Win leads {TOKEN}\nsupports: grow-online\ndepartment: sales\nperspective: customer\n"
        "target: 300 qualified leads by mid-2027\ndue: \"2027-06-30\"\n", encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "extra.md").write_text("# Extra\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(options="").replace("docs_dir: docs", f"docs_dir: {docs_dir}"),
                                     encoding="utf-8")
    (tmp_path / "secret.txt").write_text(f"{TOKEN}\n", encoding="utf-8")
    (tmp_path / "secret-folder").mkdir()
    (tmp_path / "secret-folder" / "page.md").write_text(f"# {TOKEN}\n", encoding="utf-8")
    return root


def link(root: Path, name: str, target: str) -> None:
    path = root / "docs" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


LINKS = {
    "environment": lambda root: link(root, "env.txt", "/proc/self/environ"),
    "passwd": lambda root: link(root, "passwd.md", "/etc/passwd"),
    "content file": lambda root: link(root, "goal.md", str(root / "content" / "goals" / "win-leads.yml")),
    "linked folder": lambda root: link(root, "outside", str(root.parent / "secret-folder")),
    "chain": lambda root: (link(root, "b.txt", str(root.parent / "secret.txt")), link(root, "a.txt", "b.txt")),
    "relative climb": lambda root: link(root, "deep/up.txt", "../../../secret.txt"),
    "relative into content": lambda root: link(root, "raw.csv", "../content/measurements/qualified-leads.csv"),
}
DOCS_DIRS = {
    "the content folder": "content",
    "a folder of the content": "content/goals",
    "the project folder": ".",
    "above the content": "..",
    "a link to the content": "docs-link",
}
BUILDERS = ["mkdocs", "properdocs", "zensical"]


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=root, capture_output=True, text=True, timeout=300,
                          env=SECRET_ENV)


def publish(root: Path, way: str) -> subprocess.CompletedProcess:
    out = str(root.parent / "out")
    if way == "render":
        return run(root, "playbook", "render", out, "--as-of", AS_OF)
    if way == "plain mkdocs":
        return run(root, "mkdocs", "build", "-d", out)
    if not importlib.util.find_spec(way):
        pytest.skip(f"{way} is not installed")
    return run(root, "playbook", "build", "--builder", way, "--site-dir", out, "--as-of", AS_OF)


def leaked(folder: Path) -> list[str]:
    """Files under folder, outside the secrets themselves, that hold the token."""
    return [p.as_posix() for p in folder.rglob("*") if p.is_file() and not p.is_symlink()
            and TOKEN.encode() in p.read_bytes() and "secret" not in p.name and "secret-folder" not in p.parts
            and "content" not in p.relative_to(folder).parts[:2]]


def assert_refused(root: Path, way: str, done: subprocess.CompletedProcess, names: str) -> None:
    assert "Traceback" not in done.stderr, done.stderr
    if way == "plain mkdocs":
        assert done.returncode != 0
        assert any("playbook:" in line and names in line for line in done.stderr.splitlines()) \
            or "docs_dir" in done.stderr, done.stderr[-2000:]
    else:
        assert done.returncode == 2, (done.stdout, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("playbook: ") and names in lines[0], done.stderr
    assert not (root.parent / "out").exists()
    assert leaked(root.parent) == []


WAYS = ["render", "plain mkdocs", *BUILDERS]


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("variant", sorted(LINKS))
def test_a_link_leading_out_of_docs_is_refused(tmp_path, variant, way):
    root = project(tmp_path)
    LINKS[variant](root)
    assert_refused(root, way, publish(root, way), "symbolic link")


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("variant", sorted(DOCS_DIRS))
def test_a_docs_dir_over_the_content_is_refused(tmp_path, variant, way):
    root = project(tmp_path, DOCS_DIRS[variant])
    (root / "docs-link").symlink_to(root / "content")
    done = publish(root, way)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode != 0 and not (root.parent / "out").exists()
    assert leaked(root.parent) == []
    if way != "plain mkdocs":  # MkDocs refuses docs_dir '.' itself, in its own words
        assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1 and "docs" in done.stderr


@pytest.mark.parametrize("way", ["render", "plain mkdocs", "mkdocs"])
def test_links_inside_docs_are_published(tmp_path, way):
    root = project(tmp_path)
    link(root, "alias.md", "extra.md")
    link(root, "sub/up.md", "../extra.md")
    (root / "docs" / "real").mkdir()
    (root / "docs" / "real" / "page.md").write_text("# Page\n", encoding="utf-8")
    link(root, "also", "real")
    done = publish(root, way)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (root.parent / "out").is_dir()


@pytest.mark.parametrize("variant", sorted(LINKS))
def test_the_problem_names_the_link(tmp_path, variant):
    root = project(tmp_path)
    LINKS[variant](root)
    problem = docs_problem(root / "docs", root / "content")
    assert problem and "symbolic link" in problem and str(root / "docs") in problem


@pytest.mark.parametrize("links", [[("loop-a", "loop-b"), ("loop-b", "loop-a")], [("self", "self")],
                                   [("again", ".")], [("sub/up", "..")]])
def test_a_looping_link_is_refused(tmp_path, links):
    root = project(tmp_path)
    for name, target in links:
        link(root, name, target)
    assert "loops" in docs_problem(root / "docs", root / "content")
    assert_refused(root, "render", publish(root, "render"), "symbolic link")


THEME_LINKS = {
    "a secret beside the project": lambda root: (root / "overrides" / "secret.txt").symlink_to(root.parent / "secret.txt"),
    "a content file": lambda root: (root / "overrides" / "goal.txt").symlink_to(root / "content" / "goals" / "win-leads.yml"),
    "the environment": lambda root: (root / "overrides" / "env.txt").symlink_to("/proc/self/environ"),
}


@pytest.mark.parametrize("way", ["plain mkdocs", "mkdocs", "properdocs"])
@pytest.mark.parametrize("variant", sorted(THEME_LINKS))
def test_the_themes_custom_dir_is_held_to_the_same_rules(tmp_path, variant, way):
    """MkDocs copies the static files of the theme's custom_dir into the site as well."""
    root = project(tmp_path)
    (root / "overrides").mkdir()
    THEME_LINKS[variant](root)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  name: material\n", "  name: material\n"
                                                                 "  custom_dir: overrides\n"), encoding="utf-8")
    assert_refused(root, way, publish(root, way), "symbolic link")


def test_a_custom_dir_inside_the_content_is_refused(tmp_path):
    root = project(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  name: material\n", "  name: material\n"
                                                                 "  custom_dir: content/goals\n"), encoding="utf-8")
    done = publish(root, "mkdocs")
    assert done.returncode == 2 and "theme.custom_dir" in one_line_of(done)
    assert leaked(root.parent) == []


def one_line_of(done: subprocess.CompletedProcess) -> str:
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    return lines[0]
