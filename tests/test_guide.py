"""The user guide builds with --strict, and its tutorial runs as written.

Every `sh` block of the tutorial runs, in order, in one shell in an empty temporary
folder with this checkout's `playbook` on the PATH; each block must succeed. The guide
is built with the real MkDocs and Material, its reference pages written from the code.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from playbook.check.rules import RULES
from playbook.cli.commands import parser
from playbook.content.model import KINDS

from .sitebuild import REPO, parse

GUIDE = REPO / "guide"
SH_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.M | re.S)


def tutorial_blocks() -> list[str]:
    return SH_BLOCK.findall((GUIDE / "docs" / "tutorial.md").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def guide_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("guide") / "site"
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(GUIDE / "mkdocs.yml"),
                           "-d", str(site)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return site


def test_the_tutorial_runs_as_written(tmp_path):
    blocks = tutorial_blocks()
    assert len(blocks) >= 6
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    script = "set -euo pipefail\n" + "".join(f"echo '>>> block {i}'\n{block}" for i, block in enumerate(blocks))
    done = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    book = tmp_path / "my-playbook"
    assert (book / "site" / "kpis" / "workshop-reviews" / "index.html").is_file()
    assert "Five-star workshop reviews" in (book / "book.html").read_text(encoding="utf-8")
    public = "".join(p.read_text(encoding="utf-8", errors="replace") for p in (book / "public-site").rglob("*")
                     if p.is_file() and p.suffix in (".html", ".json", ".xml"))
    assert "Win the riders of our town" in public and "Five-star" not in public and "Lee Park" not in public
    assert "No problems found." in done.stdout


def test_the_reference_is_written_from_the_code(guide_site):
    kinds = (guide_site / "reference" / "kinds" / "index.html").read_text(encoding="utf-8")
    assert all(f"<code>{kind}</code>" in kinds for kind in KINDS)
    rules = (guide_site / "reference" / "rules" / "index.html").read_text(encoding="utf-8")
    assert all(code in rules for code in RULES)
    commands = (guide_site / "reference" / "commands" / "index.html").read_text(encoding="utf-8")
    sub = next(a for a in parser()._actions if hasattr(a, "choices") and isinstance(a.choices, dict))
    assert all(f"playbook {name}" in commands for name in sub.choices)
    options = (guide_site / "reference" / "site-options" / "index.html").read_text(encoding="utf-8")
    assert "content_dir" in options and "edition" in options


def test_every_page_of_the_guide_is_linked_and_no_link_is_dead(guide_site):
    pages = sorted(p for p in guide_site.rglob("*.html") if p.name != "404.html")  # 404 links from the root
    assert len(pages) >= 20
    for page in pages:
        for href in parse(page).hrefs():
            if href.startswith(("http:", "https:", "mailto:", "#")) or "://" in href:
                continue
            target = (page.parent / href.split("#")[0]).resolve()
            assert target.exists() or (target / "index.html").exists(), (page, href)
