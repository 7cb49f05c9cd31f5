"""Bounded work and no traceback on hostile or careless input.

Classes, each with several variants, each run through the real `playbook validate`
(or the engine's render) in a child process where a crash would show as a traceback:

* pathological Markdown (open brackets by the thousand, deep nesting of lists and
  quotes) is refused with PB016 at its place, before any Markdown is rendered;
* extreme dates (years 1 and 9999, `--as-of` at either end, review cycles running past
  the calendar) and huge numbers (thousands of digits, floats that overflow) end in a
  diagnostic or a usage error;
* file-system oddities: a link loop, names that are not UTF-8, a 1.5 GB sparse file
  (refused from its size alone, in little memory).
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from playbook.check.checker import check
from playbook.site.all_pages import SiteOptions, render_site

from .contenttree import AS_OF, copy_minimal, write_tree

PAGE = "---\ntitle: Hostile\n---\n"
PATHOLOGICAL = {
    "20k-open-brackets": "[" * 20_000,
    "20k-image-brackets": "![" * 20_000,
    "5k-link-openings": "[](" * 5_000,
    "brackets-after-a-long-paragraph": "[" * 300 + "word " * 40_000,
    "list-nested-1000-two-spaces": "".join("  " * i + "- x\n" for i in range(1000)),
    "list-nested-400-four-spaces": "".join("    " * i + "- x\n" for i in range(400)),
    "inline-list-markers": "- " * 1000 + "x",
    "ordered-inline-markers": "1. " * 1000 + "x",
    "quote-nested-100k": ">" * 100_000 + " x",
    "quote-lines-growing": "".join(">" * i + " x\n" for i in range(0, 10_000, 100)),
    "quote-and-list-mixed": "> - " * 1000 + "x",
}


def validate(root, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "playbook", "validate", str(root), *args],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_markdown_is_refused_before_rendering(tmp_path, name):
    root = write_tree(copy_minimal(tmp_path / "content"), {"pages/hostile.md": PAGE + PATHOLOGICAL[name] + "\n"})
    done = validate(root, "--as-of", AS_OF)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-2000:]
    assert "pages/hostile.md:" in done.stdout and "error PB016" in done.stdout


@pytest.mark.parametrize("where", ["field", "note"])
def test_pathological_text_in_fields_and_notes_is_refused_too(tmp_path, where):
    files = ({"channels/hostile.yml": "title: Hostile\nplatform: X\nsummary: '" + "[" * 20_000 + "'\n"} if where == "field"
             else {"measurements/qualified-leads.csv": "date,value,note\n2026-05-01,50," + "[](" * 3000 + "\n"})
    root = write_tree(copy_minimal(tmp_path / "content"), files)
    done = validate(root, "--as-of", AS_OF)
    assert done.returncode == 1 and "PB016" in done.stdout and "Traceback" not in done.stderr


def test_content_just_inside_the_bounds_renders(tmp_path):
    body = "".join("    " * i + "- level\n" for i in range(18)) + "\n" + "See [this and [that. " * 400 + "\n"
    root = write_tree(copy_minimal(tmp_path / "content"), {"pages/deep.md": PAGE + body})
    result = check(root, as_of=None)
    assert not result.errors
    page = next(p for p in render_site(result, SiteOptions()) if p.path == "pages/deep.md")
    assert page.markdown.count("<ul>") == 18


EXTREME_DATES = ["0001-01-01", "9999-12-31", "1899-12-31", "2200-01-01"]


@pytest.mark.parametrize("date", EXTREME_DATES)
def test_extreme_dates_in_fields_are_diagnostics(tmp_path, date):
    root = copy_minimal(tmp_path / "content")
    write_tree(root, {
        "initiatives/far.yml": f"title: Far\nphase: X\nstart: '2026-01-01'\nend: '{date}'\n"
                               f"milestones: [{{title: M, date: '{date}'}}]\n",
        "policies/p.yml": f"title: P\ntype: policy\nstatus: active\nowner: A\neffective: '{date}'\nreview_cycle_months: 60\n",
        "measurements/qualified-leads.csv": f"date,value,note\n2026-01-01,10,\n{date},20,\n",
    })
    done = validate(root, "--as-of", AS_OF, "--format", "json")
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-2000:]
    assert done.stdout.count("outside the dates a playbook may use") >= 4


@pytest.mark.parametrize("as_of", EXTREME_DATES + ["10000-01-01", "2026-02-30"])
def test_extreme_as_of_is_a_usage_error(tmp_path, as_of):
    done = validate(copy_minimal(tmp_path / "content"), "--as-of", as_of)
    assert done.returncode == 2 and "Traceback" not in done.stderr and "--as-of" in done.stderr


@pytest.mark.parametrize("as_of", ["1900-01-01", "2199-12-31"])
def test_the_ends_of_the_calendar_build(tmp_path, as_of):
    root = copy_minimal(tmp_path / "content")
    write_tree(root, {"policies/p.yml": "title: P\ntype: policy\nstatus: active\nowner: A\n"
                                        "effective: '2199-06-01'\nreview_cycle_months: 60\n",
                      "initiatives/late.yml": "title: Late\nphase: X\nstart: '2199-01-01'\nend: '2199-12-31'\n"})
    result = check(root, as_of=__import__("datetime").date.fromisoformat(as_of))
    assert not result.errors
    for edition in ("public", "internal"):
        assert render_site(result, SiteOptions(edition=edition, as_of=result.as_of))


HUGE = ["1" * 5000, "-" + "9" * 4400, "1e999", "-1e400", "1" * 20, "123456789012345678.5"]


@pytest.mark.parametrize("value", HUGE)
def test_huge_numbers_are_diagnostics(tmp_path, value):
    root = copy_minimal(tmp_path / "content")
    kpi = (root / "kpis" / "qualified-leads.yml").read_text(encoding="utf-8").replace("value: 300", f"value: {value}")
    write_tree(root, {"kpis/qualified-leads.yml": kpi,
                      "measurements/qualified-leads.csv": f"date,value,note\n2026-01-01,10,\n2026-02-01,{value},\n",
                      "maturity/m.yml": f"title: M\ndimension: culture\ncurrent: {value}\ntarget: 2\n"
                                        "stages: [{name: A, criteria: B}, {name: C, criteria: D}]\n"})
    done = validate(root, "--as-of", AS_OF)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-2000:]
    assert "kpis/qualified-leads.yml:9:10: error PB010" in done.stdout
    assert "measurements/qualified-leads.csv:3:12: error PB020" in done.stdout
    assert "maturity/m.yml:3:10: error PB010" in done.stdout


def test_a_link_loop_is_reported_and_skipped(tmp_path):
    root = copy_minimal(tmp_path / "content")
    (root / "goals" / "loop.yml").symlink_to("loop.yml")
    (root / "pages").mkdir()
    (root / "pages" / "a.md").symlink_to("b.md")
    (root / "pages" / "b.md").symlink_to("a.md")
    (root / "pages" / "here").symlink_to(".")
    (root / "pages" / "up").symlink_to("..")
    done = validate(root, "--as-of", AS_OF)
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    for name in ("goals/loop.yml", "pages/a.md", "pages/b.md"):
        assert f"{name}:1:1: warning PB008 not a regular file (a broken or looping link" in done.stdout


def test_names_that_are_not_utf8_are_reported(tmp_path):
    root = copy_minimal(tmp_path / "content")
    raw = os.fsencode(root)
    os.mkdir(raw + b"/pages")
    for name in (b"/goals/caf\xe9.yml", b"/pages/\xff\xfe.md", b"/kpis/\xc3.yml"):
        with open(raw + name, "wb") as handle:
            handle.write(b"title: X\n")
    os.mkdir(raw + b"/pages/d\xe9j\xe0")
    done = validate(root, "--as-of", AS_OF, "--format", "json")
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-2000:]
    assert done.stdout.count("name is not valid UTF-8") == 4
    assert "caf\ufffd.yml" in done.stdout


def test_a_huge_sparse_file_fails_fast_in_little_memory(tmp_path):
    root = copy_minimal(tmp_path / "content")
    with open(root / "goals" / "huge.yml", "wb") as handle:
        handle.truncate(1_500_000_000)
    probe = ("import resource, sys\nfrom playbook.cli.commands import main\ncode = main(['validate', sys.argv[1]])\n"
             "print('peak', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\nsys.exit(code)\n")
    done = subprocess.run([sys.executable, "-c", probe, str(root)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "goals/huge.yml:1:1: error PB003 file is 1,500,000,000 bytes" in done.stdout
    peak_kib = int(done.stdout.rsplit("peak", 1)[1])
    assert peak_kib < 200 * 1024
