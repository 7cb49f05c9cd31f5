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
    (["export", "--out", "docs"], "is a folder"),
    (["export", "--out", "docs/extra.md/x.json"], "in the way"),
    (["export", "--format", "csv", "--out", "docs/extra.md/sub"], "in the way"),
    (["schema", "--out", "docs/extra.md"], "in the way"),
    (["init", "docs/extra.md"], "not an empty folder"),
    (["init", "docs/extra.md/new"], "in the way"),
    (["new", "goal", "fresh", "--dir", "missing"], "does not exist"),
])
def test_output_paths_that_cannot_be_written_are_usage_errors(tmp_path, args, word):
    root = project(tmp_path)
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
