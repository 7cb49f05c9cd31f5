"""The pages a rebuild can take unchanged from the last build of the same site.

Under `serve`, one edit touches a few entities, and most pages say nothing of them.
`PageMemo` keeps, from the last build: what each content file parsed into
(`playbook.content.parse_memo`, for the check); a key of what every page depends on (the site's
options, the content files that are not entities, the recent changes); a fingerprint of
each entity as the edition shows it (fields, body, file, findings, history, status,
measurements, what falls due for a person); the edition's graph; the charts and blocks
of pages (`View.part`); and, for each unit of pages (one page, or the pages one function
makes), what it returned and what it read of the view (`View.reads`).

A rebuild works out what the change touched: the entities whose fingerprint changed;
where one came, went or links to others than before, the entities linked to it in the
last graph or the new one (their backlinks and chains changed) and its kind (`("*",
kind)`, which a page listing the whole kind reads: it did not read what is new). A unit
or part that read none of it is taken as it was; every other unit is made again, as is
everything when the key changed. A page reads through the view, so what it read is what
it shows; a status rolled up from other entities is in its own entity's fingerprint.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypeVar

from playbook.check.edition import Projections
from playbook.content.parse_memo import ParseMemo
from playbook.site.render.view import EVERYTHING, View

T = TypeVar("T")
_SMALL = 1 << 18  # content files up to this size count by their bytes, larger ones by size and time


@dataclass(frozen=True)
class Unit:
    value: object
    reads: frozenset


class PageMemo:
    """What the last build made, for the next one; `begin` starts a build, `unit` makes or takes a unit."""

    def __init__(self) -> None:
        self.key: str | None = None
        self.prints: dict[tuple[str, str], bytes] = {}
        self.graph = None
        self.units: dict[object, Unit] = {}
        self.touched: frozenset | None = None  # None: make everything
        self.view: View | None = None
        self._last: dict[object, Unit] = {}
        self.parts: dict = {}  # the charts and blocks of the last build, with what they read (`View.part`)
        self.made = 0  # units made in this build (the rest were taken as they were)
        self.parsed = ParseMemo()  # what each content file parsed into, for the next check
        self.projected = Projections()  # the edition's copy of each entity, for the next projection

    def begin(self, view: View, key: str, history: dict) -> None:
        prints = fingerprints(view, history)
        graph = view.graph
        same = key == self.key and self.graph is not None
        self.touched = touched(self.prints, prints, self.graph, graph) if same else None
        self.key, self.prints, self.graph, self.view = key, prints, graph, view
        self._last, self.units, self.made = self.units, {}, 0
        self.parts = view.take_parts({k: v for k, v in self.parts.items() if self._unchanged(v[1])})

    def unit(self, name, make: Callable[[], T]) -> T:
        """What `make()` returns, or what it returned in the last build when nothing it read changed."""
        last = self._last.get(name)
        if last is not None and self._unchanged(last.reads):
            self.units[name] = last
            return last.value
        view = self.view
        view.reads = set()
        try:
            value = make()
        finally:
            reads, view.reads = frozenset(view.reads), None
        self.units[name] = Unit(value, reads)
        self.made += 1
        return value

    def _unchanged(self, reads: frozenset) -> bool:
        if self.touched is None:
            return False
        return not self.touched or (EVERYTHING not in reads and reads.isdisjoint(self.touched))


def touched(before: dict, after: dict, old_graph, new_graph) -> frozenset:
    """The keys a change between two builds touches: see the module's notes."""
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    out = set(changed)
    for key in changed:
        old, new = old_graph.entities.get(key), new_graph.entities.get(key)
        if old is None or new is None:
            out.add(("*", key[0]))  # a page listing the whole kind did not read what is new
        if old is None or new is None or _edges(old_graph, old) != _edges(new_graph, new):
            out.update(_neighbours(old_graph, old) | _neighbours(new_graph, new))
    return frozenset(out)


def _edges(graph, entity) -> set:
    return {(name, t.key) for name, targets in graph.outgoing(entity).items() for t in targets}


def _neighbours(graph, entity) -> set:
    """The keys of the entities linked to `entity` either way, none for no entity."""
    if entity is None:
        return set()
    return {e.key for e in graph.linked(entity)}


def fingerprints(view: View, history: dict) -> dict[tuple[str, str], bytes]:
    """A digest of each entity the edition shows, of everything its own page says of it."""
    return {key: _digest(entity, view, history) for key, entity in view.graph.entities.items()}


def _digest(entity, view: View, history: dict) -> bytes:
    status = None
    if entity.kind == "kpi":
        status = (view.status_word(entity), [tuple(p.__dict__.values()) for p in view.points(entity)])
    elif entity.kind == "goal":
        status = view.goal_status(entity)
    elif entity.kind == "strategy":
        status = view.strategy_status(entity)
    elif entity.kind == "person":
        status = [_due_fact(item) for item in view.due_for(entity)]
    facts = [entity.file, entity.body, entity.data, view.findings.get(entity.file),
             [c.__dict__ for c in history.get(entity.file) or []], status]
    text = json.dumps(facts, ensure_ascii=False, default=repr)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _due_fact(item) -> tuple:
    return (item.date, item.what, item.entity.key if item.entity else None, item.detail, item.owner,
            item.owner_id, item.uid, item.can_be_late, item.owner_login)


def site_key(root: Path, result, *parts) -> str:
    """A digest of the content files that are no entity's and no KPI's measurements, and of `parts`."""
    own = {e.file for e in result.content.entities} | set(result.content.series)
    h = hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16)
    top = os.fspath(root)
    for folder, dirs, names in os.walk(top):  # os.path, not pathlib: this runs for every file at every rebuild
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        inside = os.path.relpath(folder, top)
        prefix = "" if inside == os.curdir else inside.replace(os.sep, "/") + "/"
        for name in sorted(names):
            rel = prefix + name
            if rel in own:
                continue
            h.update(f"\0{rel}\0".encode("utf-8", "surrogatepass"))
            h.update(_file_fact(os.path.join(folder, name)))
    return h.hexdigest()


def _file_fact(path: str) -> bytes:
    try:
        info = os.stat(path)
        if info.st_size <= _SMALL:
            with open(path, "rb") as handle:
                return handle.read()
        return f"{info.st_size}:{info.st_mtime_ns}".encode()
    except OSError:
        return b"?"
