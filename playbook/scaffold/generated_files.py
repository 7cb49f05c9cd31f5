"""Files playbook writes into a repository and writes again when the content changes
(the check-in form and workflow, CODEOWNERS).

Each opens with a marker line. A file of the same name without it was written by someone
else: it is never replaced, and when one file of a set is refused none is written.
"""
from __future__ import annotations

from pathlib import Path

from playbook.outputs.output_guard import write_file

MARKER = "# Written by playbook"


class GeneratedFileError(Exception):
    """A generated file cannot be written; the message says why."""


def write_generated(files: dict[Path, str]) -> list[Path]:
    """Write each file whole; refuses, writing none, to replace a file playbook did not write."""
    for path, text in files.items():
        assert text.startswith(MARKER), path
        if path.exists() and not _ours(path):
            raise GeneratedFileError(f"'{path}' was not written by playbook (its first line is not '{MARKER}...'); "
                                     "move it aside to have playbook write it, nothing was written")
    return [write_file(path, text) for path, text in files.items()]


def _ours(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.readline().startswith(MARKER.encode())
    except OSError:
        return False
