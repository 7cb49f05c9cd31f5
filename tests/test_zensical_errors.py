"""A failed Zensical build says why in a line, never with a traceback.

`playbook build --builder zensical` runs Zensical as a child process; when Zensical fails it
raises, and Python prints a traceback. Each real failure below (a broken link or anchor under
`--strict`, an extension that does not exist or a setting it does not know, unreadable front matter)
exits 1 with Zensical's message after `zensical:`, and `without_traceback` keeps whatever
else Zensical said.
"""
from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from playbook.outputs.zensical_build import without_traceback

from .sitebuild import copy_sample

pytestmark = pytest.mark.skipif(importlib.util.find_spec("zensical") is None, reason="zensical is not installed")

EXTENSIONS = "markdown_extensions:\n  - admonition\n"

FAILURES = {
    "broken link": ({"notes.md": "# Notes\n\nSee [x](missing.md).\n"}, None, "Aborted because --strict flag is set"),
    "broken anchor": ({"notes.md": "# Notes\n\nSee [y](index.md#nowhere).\n"}, None, "Aborted because --strict flag is set"),
    "unknown extension": ({}, "  - no_such_extension_xyz\n", "No module named 'no_such_extension_xyz'"),
    "unknown extension setting": ({}, "  - abbr:\n      no_such_option: 1\n", "no_such_option"),
    "bad front matter": ({"notes.md": "---\ntitle: [unclosed\n---\n# Notes\n"}, None, "notes.md"),
}


@pytest.mark.parametrize("docs, extension, said", FAILURES.values(), ids=FAILURES.keys())
def test_a_failed_zensical_build_says_why_without_a_traceback(tmp_path, docs, extension, said):
    project = copy_sample(tmp_path)
    if extension:
        config = (project / "mkdocs.yml").read_text(encoding="utf-8")
        (project / "mkdocs.yml").write_text(config.replace("markdown_extensions:\n", "markdown_extensions:\n" + extension),
                                            encoding="utf-8")
    for name, text in docs.items():
        (project / "docs" / name).write_text(text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "playbook", "build", "--builder", "zensical", "--strict",
                           "--site-dir", "site"], cwd=project, capture_output=True, text=True, timeout=600)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout and 'File "' not in done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("zensical: ") and said in last, done.stderr[-1500:]
    assert not (project / "site").exists()


TRACE = 'Traceback (most recent call last):\n  File "x.py", line 1, in <module>\n    build()\n    ^^^^^^^\n'


@pytest.mark.parametrize("text, expected", [
    ("Build started\n", "Build started\n"),  # no traceback: as it was
    ("", ""),
    (f"Build started\n{TRACE}RuntimeError: Aborted\n", "Build started\nzensical: Aborted\n"),
    (f"{TRACE}KeyError: 'a'\n\nDuring handling of the above exception, another exception occurred:\n\n{TRACE}"
     "ValueError: the second\n", "zensical: the second\n"),  # chained: the last one
    (f"{TRACE}RuntimeError: Python error: KeyError: 'x'\n{TRACE}", "zensical: Python error: KeyError: 'x'\n"),  # a trace after
    (f"{TRACE}SystemExit\n", "zensical: SystemExit\n"),
])
def test_a_traceback_is_cut_to_its_message(text, expected):
    assert without_traceback(text) == expected
