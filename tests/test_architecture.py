"""ARCHITECTURE.md stays true: every module and folder it names exists, and every package is on its map."""
from __future__ import annotations

import re

from .sitebuild import REPO

TEXT = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
PACKAGES = sorted(p.name for p in (REPO / "playbook").iterdir() if (p / "__init__.py").is_file())
ROOTS = ("playbook", "plugins", "guide", "tests", "benchmarks")
PATHS = {path if path.startswith(ROOTS) else f"playbook/{path}"
         for path in re.findall(rf"`((?:{'|'.join(ROOTS + tuple(PACKAGES))})/[\w/.\-]*)`", TEXT)}


def test_the_page_names_paths():
    assert len(PATHS) >= 25


def test_every_named_path_exists():
    missing = [p for p in sorted(PATHS) if not (REPO / p.rstrip("/")).exists()
               and not (REPO / (p + ".py")).exists()]
    assert missing == []


def test_every_package_has_its_section_in_order_of_layers():
    from .test_layers import LAYERS
    headings = re.findall(r"^### `playbook/(\w+)`", TEXT, re.M)
    assert headings == LAYERS and sorted(headings) == PACKAGES


def test_modules_named_in_a_package_section_exist():
    sections = re.split(r"^### ", TEXT, flags=re.M)
    missing = []
    for section in sections:
        package = re.match(r"`playbook/(\w+)`", section)
        if not package:
            continue
        folder = REPO / "playbook" / package.group(1)
        for name in re.findall(r"`(\w+)(?:/)?`", section):
            if not ((folder / f"{name}.py").exists() or (folder / name).is_dir() or name in {"Entity", "Page", "Series", "Diagnostic", "View"}):
                missing.append(f"{package.group(1)}/{name}")
    assert missing == []
