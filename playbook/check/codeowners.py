"""The CODEOWNERS file that follows ownership, and the rule that it has not fallen behind.

`codeowners_text` lists, for every entity whose owner is a person of the playbook with a
GitHub handle, the entity's file and (for a KPI) its measurement file, owned by the owner
and the owner's deputy. GitHub then asks them to review every change to what they own: a
KPI, a policy, a channel and its accounts. `playbook codeowners` writes the text into
`.github/CODEOWNERS` beside the content folder; PB120 reports when a CODEOWNERS that
playbook wrote no longer matches the content (a file someone else wrote is left alone).
"""
from __future__ import annotations

from pathlib import Path

from playbook.check.github_handles import stand_ins, valid_handles
from playbook.check.graph import Graph
from playbook.content.diagnostics import Diagnostic

CODEOWNERS_PATH = ".github/CODEOWNERS"
"""Where the file goes, from the folder that holds the content folder (the repository)."""
MARKER = "# Written by playbook"
MAX_BYTES = 3 * 1024 * 1024
"""GitHub ignores a CODEOWNERS file larger than this."""


def codeowners_text(graph: Graph, content_name: str) -> str:
    lines = [f"{MARKER} codeowners from the owners in the content: run it again after an owner, deputy",
             "# or GitHub handle changes (`playbook validate` warns, PB120, when this file falls behind)."]
    for entity in sorted(graph.entities.values(), key=lambda e: e.file):
        owners = [f"@{handle}" for person in stand_ins(graph, entity) for handle in valid_handles(person)]
        if not owners:
            continue
        files = [entity.file] + ([graph.series[entity.id].file] if entity.kind == "kpi" and entity.id in graph.series else [])
        lines += [f"/{content_name}/{file} {' '.join(dict.fromkeys(owners))}" for file in files]
    return "\n".join(lines) + "\n"


def check_codeowners(graph: Graph, root: Path) -> list[Diagnostic]:
    """PB120 when the CODEOWNERS playbook wrote beside the content folder is not what it would write now."""
    path = root.resolve().parent / CODEOWNERS_PATH
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError:
        return []
    if not raw.startswith(MARKER.encode()):
        return []
    shown = Path("..", CODEOWNERS_PATH).as_posix()
    written = raw.decode("utf-8", errors="replace").splitlines()
    expected = codeowners_text(graph, root.resolve().name).splitlines()
    rules = [line for line in expected if not line.startswith("#")]
    missing = [line for line in rules if line not in written]
    extra = [(at, line) for at, line in enumerate(written, 1) if line and not line.startswith("#") and line not in rules]
    if not missing and not extra:
        return []
    line = extra[0][0] if extra else 1
    what = (f"'{missing[0]}' is missing" if missing else f"'{extra[0][1]}' no longer follows the content")
    count = len(missing) + len(extra)
    return [Diagnostic(shown, line, 1, "warning", "PB120",
                       f"CODEOWNERS has fallen behind the owners in the content: {what}"
                       + (f" ({count} lines differ)" if count > 1 else "") + "; run `playbook codeowners`")]
