"""The issue-form check-in's two files: the form, with the KPIs listed from the content,
and the workflow that turns a submitted form into a pull request.

`init` writes both into a new playbook; `playbook checkin-form` writes them into an
existing one, and again whenever KPIs are added or renamed. The form lists the KPIs that
the internal edition shows (`id — title (unit)`), so a confidential KPI is never named in
it. Both are `generated_files`: never written over a file someone else wrote.
"""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from string import Template

from playbook.check.checker import Result
from playbook.check.edition import project
from playbook.living.issue_checkin import FIELDS, FORM_TEMPLATE, LABEL
from playbook.scaffold.generated_files import MARKER, write_generated

FORM_PATH = f".github/ISSUE_TEMPLATE/{FORM_TEMPLATE}"
WORKFLOW_PATH = ".github/workflows/checkin.yml"
FORM_EDITION = "internal"


class FormError(Exception):
    """The check-in form cannot be made; the message says why."""


def kpi_options(result: Result) -> list[str]:
    options = []
    for kpi in sorted(project(result, FORM_EDITION).graph.of_kind("kpi"), key=lambda k: k.id):
        title = " ".join(str(kpi.data.get("title") or kpi.id).split())
        unit = " ".join(str(kpi.data.get("unit", "")).split())
        options.append(f"{kpi.id} — {title}" + (f" ({unit})" if unit else ""))
    return options


def issue_form(result: Result) -> str:
    """The issue form as YAML; every text is written as a JSON string, which YAML reads as written."""
    options = kpi_options(result)
    if not options:
        raise FormError("the playbook has no KPI to check in for; add one (playbook new kpi ID) first")
    q = _quoted
    lines = [f"{MARKER}: `playbook checkin-form` lists the KPIs again after one is added or renamed.",
             f"name: {q('Check-in')}",
             f"description: {q('Record a KPI measurement with your commentary; it becomes a pull request.')}",
             f"title: {q('Check-in')}",
             f"labels: [{q(LABEL)}]",
             "body:",
             "  - type: dropdown",
             "    id: kpi",
             "    attributes:",
             f"      label: {q(FIELDS['kpi'])}",
             f"      description: {q('The KPI you own, stand in for or edit.')}",
             "      options:",
             *[f"        - {q(option)}" for option in options],
             "    validations:",
             "      required: true",
             *_input("value", "input", "The reading, a number in the KPI's unit: a point for "
                     "decimals, no thousands separators.", "1234.5", True),
             *_input("date", "input", "The day it was measured, YYYY-MM-DD; empty means today.", "YYYY-MM-DD", False),
             *_input("commentary", "textarea", "Why it moved, what comes next, what help you need. Kept with the "
                     "reading as one line.", "", False)]
    return "\n".join(lines) + "\n"


def _input(ident: str, kind: str, description: str, placeholder: str, required: bool) -> list[str]:
    q = _quoted
    return [f"  - type: {kind}", f"    id: {ident}", "    attributes:", f"      label: {q(FIELDS[ident])}",
            f"      description: {q(description)}", *([f"      placeholder: {q(placeholder)}"] if placeholder else []),
            "    validations:", f"      required: {'true' if required else 'false'}"]


def workflow() -> str:
    source = resources.files("playbook.scaffold") / "skeleton" / "dot-github" / "workflows" / "checkin.yml"
    return Template(source.read_text(encoding="utf-8")).substitute({})


def write_checkin_files(result: Result, repository: Path) -> list[Path]:
    """Write the form and the workflow into the repository (never over a file playbook did not write)."""
    return write_generated({repository / FORM_PATH: issue_form(result), repository / WORKFLOW_PATH: workflow()})


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
