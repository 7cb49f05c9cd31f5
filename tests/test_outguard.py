"""Output never overwrites the project: every writing command refuses paths over its sources.

Each case runs the real command in a child process against a small project that is a
git repository, then compares every file of the project (SHA-256) with what it held
before: a refused output exits 2 with a message naming the clash and changes nothing.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.contenttree import AS_OF, copy_minimal

from .sitebuild import MKDOCS_YML


def project(tmp_path: Path, site_dir: str = "site") -> Path:
    root = tmp_path / "project"
    copy_minimal(root / "content")
    (root / "docs").mkdir()
    (root / "docs" / "extra.md").write_text("# Extra\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(options="").replace("site_dir: site", f"site_dir: {site_dir}"),
                                     encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=root, capture_output=True, text=True, timeout=300)


UNSAFE_SITE_DIRS = [".", "..", "../..", "/", "content", "content/goals", "site/../content", "docs", "docs/sub",
                    ".git", ".git/objects", "CONTENT/..", "./"]


@pytest.mark.parametrize("site_dir", UNSAFE_SITE_DIRS)
def test_build_refuses_a_site_dir_over_the_project(tmp_path, site_dir):
    root = project(tmp_path)
    before = snapshot(tmp_path)
    done = run(root, "playbook", "build", "--as-of", AS_OF, "--site-dir", site_dir)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "output '" in done.stderr
    assert snapshot(tmp_path) == before


def test_build_refuses_a_link_to_the_project(tmp_path):
    root = project(tmp_path)
    (tmp_path / "alias").symlink_to(root)
    before = snapshot(root)
    done = run(root, "playbook", "build", "--as-of", AS_OF, "--site-dir", str(tmp_path / "alias"))
    assert done.returncode == 2 and "project folder" in done.stderr
    assert snapshot(root) == before


@pytest.mark.parametrize("site_dir", ["..", ".", "content", "docs", ".git"])
@pytest.mark.parametrize("builder", ["playbook", "mkdocs"])
def test_the_site_dir_setting_is_refused_by_both_commands(tmp_path, site_dir, builder):
    root = project(tmp_path, site_dir)
    before = snapshot(tmp_path)
    done = run(root, "playbook", "build", "--as-of", AS_OF) if builder == "playbook" else run(root, "mkdocs", "build")
    assert done.returncode in ((2,) if builder == "playbook" else (1, 2)), done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(tmp_path) == before


def test_the_usual_site_folder_is_allowed(tmp_path):
    root = project(tmp_path)
    done = run(root, "playbook", "build", "--as-of", AS_OF, "--site-dir", "site")
    assert done.returncode == 0, done.stderr
    assert (root / "site" / "index.html").is_file()


@pytest.mark.parametrize("args", [
    ["export", "--out", "content/goals/x.json"],
    ["export", "--out", "content"],
    ["export", "--format", "csv", "--out", "content/measurements"],
    ["export", "--out", ".git/config"],
    ["export", "--out", "."],
    ["schema", "--out", "content"],
    ["schema", "--out", "content/kpis"],
    ["schema", "--out", ".git"],
])
def test_other_outputs_refuse_the_sources(tmp_path, args):
    root = project(tmp_path)
    before = snapshot(tmp_path)
    done = run(root, "playbook", *args)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and "overlaps" in done.stderr
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("args, word", [
    (["export", "--out", "graph.json"], "is a folder"),
    (["export", "--out", "notes/plan.txt/x.json"], "in the way"),
    (["export", "--format", "csv", "--out", "notes/plan.txt/sub"], "in the way"),
    (["schema", "--out", "notes/plan.txt"], "in the way"),
    (["init", "notes/plan.txt"], "not an empty folder"),
    (["init", "notes/plan.txt/new"], "in the way"),
    (["new", "goal", "fresh", "--dir", "missing"], "does not exist"),
    (["export", "--out", "notes/graph.txt"], "names FILE.json"),
    (["export", "--format", "stratml", "--out", "plan.json"], "names FILE.xml"),
])
def test_output_paths_that_cannot_be_written_are_usage_errors(tmp_path, args, word):
    root = project(tmp_path)
    (root / "graph.json").mkdir()
    (root / "notes").mkdir()
    (root / "notes" / "plan.txt").write_text("keep\n", encoding="utf-8")
    before = snapshot(tmp_path)
    done = run(root, "playbook", *args)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and word in done.stderr
    assert snapshot(tmp_path) == before


def test_missing_output_folders_are_made(tmp_path):
    root = project(tmp_path)
    done = run(root, "playbook", "export", "--out", "out/deep/graph.json")
    assert done.returncode == 0, done.stderr
    assert (root / "out" / "deep" / "graph.json").read_text(encoding="utf-8").startswith("{")
    assert not [p for p in (root / "out" / "deep").iterdir() if p.name.startswith(".")]


def test_output_into_a_closed_pipe_is_no_traceback(tmp_path):
    content = project(tmp_path) / "content"
    for args in (["rules"], ["validate", str(content), "--format", "json"], ["export", "--content", str(content)]):
        reader = subprocess.Popen([sys.executable, "-m", "playbook", *args], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        reader.stdout.close()  # closed before the command writes a byte
        err = reader.stderr.read().decode()
        code = reader.wait(timeout=60)
        assert code in (0, 1, 2) and "Traceback" not in err, err


def full_project(tmp_path: Path) -> Path:
    """The project with the files a real one holds beside mkdocs.yml, and a folder of the editors' own."""
    root = project(tmp_path)
    for name, text in {"pyproject.toml": "[project]\nname = 'x'\n", "README.md": "# Read me\n",
                       ".github/workflows/playbook.yml": "on: push\n", "notes/plan.txt": "keep\n"}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / "config-link.json").symlink_to(root / "mkdocs.yml")
    return root


FILE_TARGETS = [
    ["export", "--out", "mkdocs.yml"],
    ["export", "--out", "pyproject.toml"],
    ["export", "--format", "stratml", "--out", "mkdocs.yml"],
    ["export", "--format", "csv", "--out", "pyproject.toml"],
    ["export", "--out", "README.md"],
    ["export", "--out", "docs/extra.md"],
    ["export", "--out", ".github/workflows/playbook.yml"],
    ["export", "--out", "config-link.json"],
    ["export", "--format", "stratml", "--out", "docs/plan.xml"],
    ["report", "content", "--out", "docs/book.html"],
    ["report", "content", "--out", ".github/book.html"],
    ["schema", "--out", "docs"],
    ["schema", "--out", ".github/workflows"],
    ["render", "mkdocs.yml"],
    ["render", "pyproject.toml"],
    ["render", "README.md"],
    ["render", "docs/extra.md"],
    ["render", "content/goals/win-leads.yml"],
    ["render", "notes"],
    ["render", ".github"],
    ["render", "config-link.json"],
]


@pytest.mark.parametrize("args", FILE_TARGETS, ids=" ".join)
def test_no_output_lands_on_a_file_or_folder_of_the_project(tmp_path, args):
    root = full_project(tmp_path)
    before = snapshot(tmp_path)
    done = run(root, "playbook", *args, "--as-of", AS_OF) if args[0] != "schema" else run(root, "playbook", *args)
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("playbook: ") and "Traceback" not in done.stderr
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("args", [["export", "--out", "mkdocs.yml"], ["export", "--out", "pyproject.toml"],
                                  ["report", "content", "--out", "docs/book.html"]], ids=" ".join)
def test_the_project_is_found_from_elsewhere(tmp_path, args):
    root = full_project(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    before = snapshot(tmp_path)
    target = str(root / args[-1])
    command = [*args[:-1], target] if args[0] == "export" else ["report", str(root / "content"), "--out", target]
    done = run(elsewhere, "playbook", *command, "--content", str(root / "content"), "--as-of", AS_OF)
    assert done.returncode == 2 and "overlaps" in done.stderr, done.stderr
    assert snapshot(tmp_path) == before


def test_outputs_replace_their_own_earlier_files(tmp_path):
    root = full_project(tmp_path)
    for _ in range(2):
        for args in (["export", "--out", "graph.json"], ["export", "--format", "stratml", "--out", "plan.xml"],
                     ["export", "--format", "csv", "--out", "tables"], ["report", "content", "--out", "book.html"],
                     ["render", "source"], ["render", "empty"]):
            (root / "empty").mkdir(exist_ok=True)
            done = run(root, "playbook", *args, "--as-of", AS_OF)
            assert done.returncode == 0, (args, done.stderr)
    assert (root / "source" / "mkdocs.yml").is_file() and (root / "graph.json").is_file()
