"""Drafts: goals, KPIs, tactics and initiatives marked `draft: true` while they are written.

A draft is spared the completeness rules (`COMPLETENESS`: a goal with no KPI, a KPI without
its target, ...), since being incomplete is what a draft is; every other rule holds. It is
never public (`model.visibility_of`), and pages count it in no roll-up. A draft still a
draft after the date playbook.yml sets (`drafts: {due: 2026-09-30}`) is reported (PB240).
"""
from __future__ import annotations

import datetime as dt

from playbook.check.graph import Graph
from playbook.content.diagnostics import Diagnostic

COMPLETENESS = frozenset({"PB201", "PB202", "PB203", "PB204", "PB205", "PB206", "PB211", "PB212", "PB215", "PB221", "PB241"})
"""The findings about what an entity still lacks: a draft is not held to them."""


def spare_drafts(diags: list[Diagnostic], graph: Graph) -> list[Diagnostic]:
    """The findings without the completeness findings about drafts."""
    drafts = {e.file for e in graph.entities.values() if e.draft}
    return [d for d in diags if not (d.code in COMPLETENESS and d.file in drafts)]


def check_stale_drafts(graph: Graph, due: dt.date | None, as_of: dt.date) -> list[Diagnostic]:
    """PB240: a draft still a draft after the date playbook.yml sets for deciding drafts."""
    if due is None or as_of <= due:
        return []
    return [Diagnostic(e.file, *e.loc("draft"), "warning", "PB240",
                       f"{e.kind} '{e.id}' is still a draft after {due.isoformat()}, the date playbook.yml sets "
                       "for drafts (drafts: due): finish it and remove 'draft', or delete it")
            for e in sorted(graph.entities.values(), key=lambda e: e.file) if e.draft]
