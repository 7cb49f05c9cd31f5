"""What a change means for the strategy: the content at two git revisions, compared.

Both sides are checked in full, then compared as graphs, not as lines: entities
added, removed or renamed (same kind, different id, near-identical data); field
changes in readable words; relations gained or lost, phrased with the field that
holds them (read generically from the schemas); diagnostics the change introduces
or clears (by code, file and message, so moved lines do not count); and KPI status
changes as of one date. Printed as text, as Markdown for a pull-request comment, or
as JSON.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from playbook.check.checker import Result, check, kpi_statuses
from playbook.check.credentials import redact, redact_value
from playbook.check.edition import project
from playbook.content.model import KINDS, Entity
from playbook.content.schemas import fields_of
from playbook.living.git_revisions import content_at
from playbook.living.inert_markdown import inert

WORKING_TREE = "working tree"
RENAME_SIMILARITY = 0.85
"""How alike (0 to 1) the data of a removed and an added entity must be to count as a rename."""
SHORT_TEXT = 60
SECTIONS = {
    "added": "Entities added", "removed": "Entities removed", "renamed": "Entities renamed",
    "fields": "Field changes", "relations": "Relations", "introduced": "Diagnostics introduced",
    "cleared": "Diagnostics cleared", "status": "KPI status",
}
_MISSING = object()


@dataclass
class Item:
    text: str
    data: dict


@dataclass
class Report:
    old: str
    new: str
    as_of: dt.date
    sections: dict[str, list[Item]]

    def summary(self) -> str:
        counts = {name: len(items) for name, items in self.sections.items()}
        gained = sum(i.data["change"] == "gained" for i in self.sections["relations"])
        parts = [_count(counts["added"], "entity added", "entities added"),
                 _count(counts["removed"], "entity removed", "entities removed"),
                 _count(counts["renamed"], "entity renamed", "entities renamed"),
                 _count(counts["fields"], "field change", "field changes"),
                 _count(gained, "relation gained", "relations gained"),
                 _count(counts["relations"] - gained, "relation lost", "relations lost"),
                 _count(counts["introduced"], "diagnostic introduced", "diagnostics introduced"),
                 _count(counts["cleared"], "diagnostic cleared", "diagnostics cleared"),
                 _count(counts["status"], "KPI status change", "KPI status changes")]
        parts = [p for p in parts if p]
        return (", ".join(parts) + ".") if parts else "No changes to the strategy."


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}" if n else ""


def diff_revisions(content: Path, old_rev: str, new_rev: str | None, as_of: dt.date | None,
                   label: str | None = None, edition: str = "confidential") -> Report:
    """Compare the content folder at `old_rev` with `new_rev` (default: the working tree), as
    the edition sees both; what looks like a credential is hidden in every line."""
    as_of = as_of or dt.date.today()
    with tempfile.TemporaryDirectory(prefix="playbook-diff-") as tmp:
        old_root = content_at(content, old_rev, Path(tmp, "old"))
        new_root = content_at(content, new_rev, Path(tmp, "new")) if new_rev else content
        old, new = check(old_root, as_of), check(new_root, as_of)
        sections = compare(project(old, edition), project(new, edition), label or str(content))
    known = old.secrets | new.secrets
    sections = {name: [Item(redact(i.text, known), redact_value(i.data, known)) for i in items]
                for name, items in sections.items()}
    return Report(old_rev, new_rev or WORKING_TREE, as_of, sections)


def compare(old: Result, new: Result, label: str = "") -> dict[str, list[Item]]:
    """The changes from one checked content folder to another, by section; `label`
    is the content folder's path as the reader knows it, shown before file names."""
    before, after = old.graph.entities, new.graph.entities
    renamed = _renames([before[k] for k in before if k not in after], [after[k] for k in after if k not in before])
    s: dict[str, list[Item]] = {}
    s["added"] = [_entity_item(after[k]) for k in _sorted(after) if k not in before and k not in renamed.values()]
    s["removed"] = [_entity_item(before[k]) for k in _sorted(before) if k not in after and k not in renamed]
    s["renamed"] = [Item(f"{o[0]} {o[1]} renamed to {n[1]}", {"kind": o[0], "from": o[1], "to": n[1]})
                    for o, n in sorted(renamed.items())]
    pairs = [(before[k], after[k]) for k in _sorted(before) if k in after]
    pairs += [(before[o], after[n]) for o, n in sorted(renamed.items())]
    s["fields"] = [item for a, b in pairs for item in _field_items(a, b)]
    s["relations"] = _relation_items(old, new, renamed)
    s["introduced"], s["cleared"] = _diagnostic_items(old, new, label)
    s["status"] = _status_items(old, new, renamed)
    return s


def _sorted(entities: dict) -> list[tuple[str, str]]:
    order = {kind: i for i, kind in enumerate(KINDS)}
    return sorted(entities, key=lambda k: (order[k[0]], k[1]))


def _name(key: tuple[str, str]) -> str:
    return f"{key[0]} {key[1]}"


def _entity_item(e: Entity) -> Item:
    return Item(f"{e.kind} {e.id}: {_short(e.title)}", {"kind": e.kind, "id": e.id, "title": e.title, "file": e.file})


# renames ---------------------------------------------------------------------

def _fingerprint(e: Entity) -> str:
    return json.dumps({"data": e.data, "body": e.body}, sort_keys=True, ensure_ascii=False, default=str)


def _renames(removed: list[Entity], added: list[Entity]) -> dict[tuple, tuple]:
    """Old key -> new key for each removed entity whose data reappears under a new id."""
    pairs, taken = {}, set()
    for old in sorted(removed, key=lambda e: e.key):
        best, score = None, RENAME_SIMILARITY
        for new in (e for e in added if e.kind == old.kind and e.key not in taken):
            matcher = SequenceMatcher(None, _fingerprint(old), _fingerprint(new), autojunk=False)
            if matcher.quick_ratio() >= score and (ratio := matcher.ratio()) >= score:
                best, score = new, ratio
        if best is not None:
            pairs[old.key] = best.key
            taken.add(best.key)
    return pairs


# field changes -----------------------------------------------------------------

def _fields(e: Entity) -> dict:
    return {**e.data, **({"body": e.body} if e.body is not None else {})}


def _field_items(old: Entity, new: Entity) -> list[Item]:
    references = {f.path[0] for f in fields_of(new.kind) if len(f.path) == 1}  # reported as relations
    a, b = _fields(old), _fields(new)
    items = []
    for name in [*a, *(k for k in b if k not in a)]:
        if name in references:
            continue
        for path, x, y in _changes((name,), a.get(name, _MISSING), b.get(name, _MISSING)):
            where = ".".join(map(str, path))
            items.append(Item(f"{new.kind} {new.id}: {_phrase(where, x, y)}",
                              {"kind": new.kind, "id": new.id, "field": where,
                               "before": None if x is _MISSING else x, "after": None if y is _MISSING else y}))
    return items


def _changes(path: tuple, a, b):
    """(path, before, after) of each difference; mappings without a `value` are entered."""
    if a == b:
        return
    if isinstance(a, dict) and isinstance(b, dict) and "value" not in a and "value" not in b:
        for key in [*a, *(k for k in b if k not in a)]:
            yield from _changes(path + (key,), a.get(key, _MISSING), b.get(key, _MISSING))
    else:
        yield path, a, b


def _phrase(where: str, a, b) -> str:
    if a is _MISSING:
        return f"{where} set to {_readable(b)}"
    if b is _MISSING:
        return f"{where} removed (was {_readable(a)})"
    if isinstance(a, list) and isinstance(b, list):
        old, new = [_readable(i) for i in a], [_readable(i) for i in b]
        gained, lost = [i for i in new if i not in old], [i for i in old if i not in new]
        parts = [f"added {', '.join(gained)}" if gained else "", f"removed {', '.join(lost)}" if lost else ""]
        return f"{where}: {'; '.join(p for p in parts if p) or 'reordered'}"
    (head_a, rest_a), (head_b, rest_b) = _parts(a), _parts(b)
    if rest_a and rest_a == rest_b:
        return f"{where} {head_a} → {head_b} ({rest_a})"
    return f"{where} {_readable(a)} → {_readable(b)}"


def _parts(value) -> tuple[str, str]:
    """(headline, details) of a value: a mapping's value, title or name, then the rest."""
    if not isinstance(value, dict):
        return _scalar(value), ""
    head = next((k for k in ("value", "title", "name") if k in value), None)
    rest = ", ".join(_scalar(v) if k == "date" else f"{k}: {_readable(v)}" for k, v in value.items() if k != head)
    return (_readable(value[head]) if head else ""), rest


def _readable(value) -> str:
    if isinstance(value, list):
        return ", ".join(_readable(i) for i in value) or "nothing"
    head, rest = _parts(value)
    if head and rest:
        return f"{head} ({rest})"
    return head or rest or "nothing"


def _scalar(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _short(str(value))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHORT_TEXT else text[:SHORT_TEXT - 1].rstrip() + "…"


# relations -------------------------------------------------------------------

def _edges(result: Result, rename: dict) -> set[tuple]:
    return {(rename.get(e.source.key, e.source.key), e.field.name, rename.get(e.target.key, e.target.key))
            for e in result.graph.edges}


def _relation_items(old: Result, new: Result, renamed: dict) -> list[Item]:
    before, after = _edges(old, renamed), _edges(new, {})
    items = []
    for change, edges, other in (("lost", before, after), ("gained", after, before)):
        for source, name, target in sorted(k for k in edges if k not in other):
            items.append(Item(relation_text(source, name, target, change == "gained"),
                              {"change": change, "source": dict(zip(("kind", "id"), source)), "field": name,
                               "target": dict(zip(("kind", "id"), target))}))
    return items


def relation_text(source: tuple, name: str, target: tuple, gained: bool) -> str:
    """`tactic t now serves goal g` for a verb field; `... now lists channel c under channels` for a noun."""
    words = name.replace("_", " ").replace(".", " ")
    noun = "." in name or name in KINDS or name in KINDS.values() or not words.split()[0].endswith("s")
    when = "now" if gained else "no longer"
    if noun:
        return f"{_name(source)} {when} lists {_name(target)} under {words}"
    return f"{_name(source)} {when} {words} {_name(target)}"


# diagnostics and status ------------------------------------------------------------

def _diagnostic_items(old: Result, new: Result, label: str) -> tuple[list[Item], list[Item]]:
    def keyed(result):
        return {(d.code, d.file, d.message): d for d in result.diagnostics}

    a, b = keyed(old), keyed(new)

    def item(d):
        file = os.path.join(label, d.file) if label not in ("", ".") else d.file
        return Item(f"{file}:{d.line}:{d.column}: {d.severity} {d.code} {d.message}",
                    {"file": file, "line": d.line, "column": d.column, "severity": d.severity,
                     "code": d.code, "message": d.message})

    return [item(b[k]) for k in sorted(b) if k not in a], [item(a[k]) for k in sorted(a) if k not in b]


def _status_items(old: Result, new: Result, renamed: dict) -> list[Item]:
    a, b = kpi_statuses(old), kpi_statuses(new)
    ids = {o[1]: n[1] for o, n in renamed.items() if o[0] == "kpi"}
    items = []
    for kpi in sorted(a):
        now = b.get(ids.get(kpi, kpi))
        if now is not None and a[kpi].status != now.status:
            ident = ids.get(kpi, kpi)
            items.append(Item(f"kpi {ident}: {a[kpi].status} → {now.status}",
                              {"kpi": ident, "before": a[kpi].status, "after": now.status}))
    return items


# output ----------------------------------------------------------------------

def format_text(report: Report) -> str:
    lines = [f"Playbook changes from {report.old} to {report.new} (KPI status as of {report.as_of})",
             report.summary()]
    for name, title in SECTIONS.items():
        if report.sections[name]:
            lines += ["", f"{title}:"] + [f"  {_mark(name, i)} {i.text}" for i in report.sections[name]]
    return "\n".join(lines)


def _mark(section: str, item: Item) -> str:
    if section in ("added", "introduced") or item.data.get("change") == "gained":
        return "+"
    if section in ("removed", "cleared") or item.data.get("change") == "lost":
        return "-"
    return "~"


FOLD_AFTER = 10
"""Markdown sections with more items than this are folded into a <details> block."""


def format_markdown(report: Report) -> str:
    lines = [f"### Playbook changes: {_code(report.old)} → {_code(report.new)}", "",
             f"**{inert(report.summary())}** KPI status as of {report.as_of}."]
    for name, title in SECTIONS.items():
        items = [f"- {inert(i.text)}" for i in report.sections[name]]
        if len(items) > FOLD_AFTER:
            lines += ["", f"#### {title}", "", f"<details><summary>{len(items)} changes</summary>", ""] + items
            lines += ["", "</details>"]
        elif items:
            lines += ["", f"#### {title}", ""] + items
    return "\n".join(lines)


def _code(rev: str) -> str:
    return rev if rev == WORKING_TREE else (f"`{rev}`" if "`" not in rev else inert(rev))


def format_json(report: Report) -> str:
    data = {"from": report.old, "to": report.new, "as_of": report.as_of.isoformat(), "summary": report.summary(),
            "changes": {name: [{**i.data, "text": i.text} for i in items] for name, items in report.sections.items()}}
    return json.dumps(data, indent=2, ensure_ascii=False)


FORMATS = {"text": format_text, "markdown": format_markdown, "json": format_json}
