"""Diagnostics: one located problem in the content, and the ways to print a list of them.

Every stage (loader, schema check, references, alignment) produces `Diagnostic`
values instead of raising, so the checker can report every problem at once.
"""
from __future__ import annotations

import json
import os
import re
import sys
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache

SEVERITIES = ("error", "warning", "off")
WAIVED = "waived"
"""The severity a finding is listed with when a waiver covers it (`validate --waived`)."""


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    column: int
    severity: str
    code: str
    message: str
    subject: str | None = field(default=None, compare=False)
    """The value the finding is about, where a waiver may name it (PB108: the name written)."""

    def as_dict(self) -> dict:
        """The fields tools read: file, line, column, severity, code and message."""
        return {"file": self.file, "line": self.line, "column": self.column, "severity": self.severity,
                "code": self.code, "message": self.message}

    def with_severity(self, severity: str) -> "Diagnostic":
        return replace(self, severity=severity)

    def relative_to(self, root: str) -> "Diagnostic":
        """The same diagnostic with its file given relative to the current folder."""
        path = os.path.join(root, self.file)
        below = _folder_below(root, os.getcwd())
        if below is None or os.path.isabs(self.file) or ".." in self.file.split(os.sep):
            rel = os.path.relpath(path)
        else:  # the same, without working out the current folder's path once per diagnostic
            rel = os.path.normpath(os.path.join(below, self.file))
        return replace(self, file=path if rel.startswith("..") and os.path.isabs(path) else rel)


@lru_cache(maxsize=8)
def _folder_below(root: str, cwd: str) -> str | None:
    """`root` relative to `cwd` when it lies inside it (a file's path then only adds names to
    it), else None."""
    rel = os.path.relpath(root, cwd)
    return None if rel == ".." or rel.startswith(".." + os.sep) else rel


def position(text: str, offset: int, first_line: int = 1) -> tuple[int, int]:
    """The 1-based (line, column) of `offset` in `text`, whose first line is `first_line`."""
    starts = _line_starts(text)
    line = bisect_right(starts, offset) - 1
    return first_line + line, offset - starts[line] + 1


@lru_cache(maxsize=8)
def _line_starts(text: str) -> list[int]:
    """Where each line of `text` starts: found once, so that locating every link of a long text
    costs a search each, not a count from the start each."""
    return [0, *(match.end() for match in re.finditer("\n", text))]


class ContentError(Exception):
    """A problem that stops one file from loading; carries its diagnostic."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def format_text(diags: list[Diagnostic], waived: list[Diagnostic] = (), listed: bool = False) -> str:
    """One line per finding, then the summary. `waived` holds the findings waivers cover
    (severity "waived"): counted in the summary, and listed after the others when `listed`."""
    shown = [*diags, *(waived if listed else ())]
    lines = [f"{d.file}:{d.line}:{d.column}: {d.severity} {d.code} {d.message}" for d in shown]
    lines.append(summary(diags, len(waived)))
    return "\n".join(lines)


def format_json(diags: list[Diagnostic], waived: list[Diagnostic] = (), listed: bool = False) -> str:
    return json.dumps([d.as_dict() for d in [*diags, *(waived if listed else ())]], indent=2, ensure_ascii=False)


def _escape_github(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(diags: list[Diagnostic], waived: list[Diagnostic] = (), listed: bool = False) -> str:
    lines = [
        f"::{'notice' if d.severity == 'waived' else d.severity} file={_escape_github(d.file, True)},line={d.line},"
        f"col={d.column},title={d.code}::{_escape_github(d.message)}"
        for d in [*diags, *(waived if listed else ())]
    ]
    lines.append(summary(diags, len(waived)))
    return "\n".join(lines)


FORMATS = {"text": format_text, "json": format_json, "github": format_github}


def print_problems(diags: list[Diagnostic], root) -> None:
    """The diagnostics, files named from the current folder, as text on standard error
    (for commands whose own output goes to standard output)."""
    if diags:
        print(format_text([d.relative_to(str(root)) for d in diags]), file=sys.stderr)


def summary(diags: list[Diagnostic], waived: int = 0) -> str:
    errors = sum(d.severity == "error" for d in diags)
    warnings = sum(d.severity == "warning" for d in diags)
    if not diags:
        return f"No problems found ({waived} waived)." if waived else "No problems found."
    counts = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    return f"{counts}, {waived} waived." if waived else f"{counts}."
