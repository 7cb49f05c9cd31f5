"""Helpers that write small content folders for tests: a dict of files, or the minimal playbook.

The minimal valid playbook is the golden case `clean-minimal`: one strategy, department,
goal, tactic, KPI with measurements, channel and initiative that validate with no problem.
Tests copy it and break one thing.
"""
from __future__ import annotations

import shutil
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"
MINIMAL = GOLDEN / "clean-minimal" / "content"
AS_OF = "2026-06-01"
"""The date every golden and malformed case is checked as of."""


def write_tree(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """Write files (path relative to root -> text or bytes; None deletes) and return root."""
    for name, data in files.items():
        path = root / name
        if data is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8", newline="")
    return root


def copy_minimal(dest: Path) -> Path:
    """A fresh copy of the minimal valid playbook at dest."""
    shutil.copytree(MINIMAL, dest)
    return dest
