"""Side by side: free pages at scale, and the worst hostile inputs, as they were and as they are.

`python -m benchmarks hostile` prints two tables from one run:

* free pages: `mkdocs build` of the minimal playbook plus N free pages, with the
  sidebar as it is now (a guides index beyond `MAX_IN_NAV` pages) and with every
  page in the sidebar, as before (the engine's bound raised in the build process);
  the ratio of 2N to N pages tells linear (about 2) from quadratic (about 4);
* hostile Markdown: for each pathological body, the time and peak memory of
  `playbook validate` now (it refuses the text before rendering) beside the time
  Python-Markdown alone takes to render it, as every build did before (at a size
  that still finishes; the full size grows with the square);
* a 1.5 GB sparse file: `playbook validate` time and peak memory.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from playbook.site.render.sanitize import markdown_html

from .measure import run_once

FREE_PAGE_COUNTS = (500, 1000, 2000)
ALL_IN_NAV = ("import sys, playbook.site.render.free_pages as f; f.MAX_IN_NAV = 10 ** 9; "
              "from mkdocs.__main__ import cli; sys.argv = ['mkdocs', 'build', '-q']; cli()")
MKDOCS_YML = ("site_name: Free pages\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n"
              "  - playbook:\n      content_dir: content\n")
HOSTILE = {  # name -> (the full body, a smaller one of the same shape that raw rendering still finishes)
    "20,000 '['": ("[" * 20_000, "[" * 4_000),
    "20,000 '!['": ("![" * 20_000, "![" * 2_000),
    "5,000 '[]('": ("[](" * 5_000, "[](" * 2_000),
    "list nested 1,000 deep": ("".join("  " * i + "- x\n" for i in range(1000)),) * 2,
    "quotes nested to 10,000": ("".join(">" * i + " x\n" for i in range(0, 10_000, 100)),) * 2,
}


def project(folder: Path, pages: int, body: str = "Text.") -> Path:
    from tests.contenttree import copy_minimal, write_tree
    copy_minimal(folder / "content")
    write_tree(folder / "content", {f"pages/section-{i % 20:02d}/page-{i:04d}.md": f"---\ntitle: Page {i}\n---\n{body}\n"
                                    for i in range(pages)})
    (folder / "docs").mkdir(exist_ok=True)
    (folder / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return folder


def free_pages(tmp: Path, counts=FREE_PAGE_COUNTS) -> None:
    print("Free pages: mkdocs build, seconds (one run each, wall / processor)")
    print(f"{'pages':>6} | {'now':>15} | {'all in sidebar':>15}")
    now, before = {}, {}
    env = {**os.environ, "PLAYBOOK_AS_OF": "2026-06-01"}
    for n in counts:
        folder = project(tmp / f"free-{n}", n)
        now[n] = run_once([sys.executable, "-m", "mkdocs", "build", "-q"], folder, env)
        before[n] = run_once([sys.executable, "-c", ALL_IN_NAV], folder, env)
        print(f"{n:>6} | {now[n].seconds:6.1f} / {now[n].cpu:6.1f} | {before[n].seconds:6.1f} / {before[n].cpu:6.1f}",
              flush=True)
    for small, big in zip(counts, counts[1:]):
        print(f"ratio {big}/{small} pages: now {now[big].cpu / now[small].cpu:.2f}, "
              f"all in sidebar {before[big].cpu / before[small].cpu:.2f} (processor time; 2 is linear, 4 quadratic)")


def hostile(tmp: Path, inputs=HOSTILE) -> None:
    print("\nHostile Markdown: playbook validate now, beside Python-Markdown rendering it unbounded (before)")
    print(f"{'input':<26} | {'validate now':>20} | {'render, smaller':>16}")
    for name, (full, smaller) in inputs.items():
        folder = project(tmp / f"hostile-{len(full)}", 0)
        (folder / "content" / "pages").mkdir(exist_ok=True)
        (folder / "content" / "pages" / "hostile.md").write_text(f"---\ntitle: H\n---\n{full}\n", encoding="utf-8")
        figure = run_once([sys.executable, "-m", "playbook", "validate", "content"], folder, dict(os.environ), ok=(1,))
        start = time.perf_counter()
        try:
            markdown_html(smaller)
            raw = f"{time.perf_counter() - start:6.1f} s"
        except RecursionError:
            raw = f"RecursionError {time.perf_counter() - start:.1f} s"
        print(f"{name:<26} | {figure.seconds:6.2f} s {figure.peak_mb:6.0f} MB | {raw:>16}", flush=True)
    folder = project(tmp / "sparse", 0)
    with open(folder / "content" / "goals" / "huge.yml", "wb") as handle:
        handle.truncate(1_500_000_000)
    figure = run_once([sys.executable, "-m", "playbook", "validate", "content"], folder, dict(os.environ), ok=(1,))
    print(f"{'1.5 GB sparse file':<26} | {figure.seconds:6.2f} s {figure.peak_mb:6.0f} MB |")


def run(counts=FREE_PAGE_COUNTS, inputs=HOSTILE) -> int:
    with tempfile.TemporaryDirectory(prefix="playbook-hostile-") as tmp:
        free_pages(Path(tmp), counts)
        hostile(Path(tmp), inputs)
    return 0
