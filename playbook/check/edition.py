"""One edition's copy of the checked content: what an audience may see, and nothing else.

`project(result, edition)` returns a `Result` whose graph holds only the entities,
free pages and measurement series the edition shows, and whose every value is safe
to print in it:

* a reference (or a person named by title in a text field) to an entity the edition
  hides becomes `WITHHELD`, which pages print as "a restricted item";
* `[[kind:id]]` references and relative links to hidden files in Markdown bodies
  become `RESTRICTED_REF` and `RESTRICTED_HREF`;
* a part of an entity with a visibility of its own (the schemas' `x-own-visibility`:
  contact details, accounts, posting plans) is dropped where that visibility is above
  the edition; the fields marked `x-operational` (who manages an account, who keeps
  its credentials, when access was reviewed) are dropped below the level the part's
  `details_visibility` opts them into (default internal), per part or per field;
* relations are worked out again from those values, so no backlink counts what the
  edition dropped; below the top edition, the checker's findings kept are those that
  name only the entity they are about (`READER_NOTES`).

Every output (site, book, StratML, exports, due lists and feeds) is made from this
copy: what a renderer never receives, it cannot leak.
"""
from __future__ import annotations

import re
from dataclasses import replace

from playbook.check.graph import INLINE_REF, Graph, Resolver, link_references, parse_ref
from playbook.check.local_paths import link_targets, linked_file
from playbook.check.operations import check_accounts
from playbook.check.rules import configured
from playbook.content.model import (
    DEFAULT_VISIBILITY,
    VISIBILITY_LEVELS,
    Entity,
    Page,
    details_visibility,
    visibility_of,
)
from playbook.content.schemas import fields_of, inline_common, kind_schema

RESTRICTED_REF = "[[restricted]]"
"""What an inline reference to a hidden entity becomes in a Markdown body."""
RESTRICTED_HREF = "#restricted"
"""What a relative link to a hidden file becomes: the page shows its text, unlinked."""
READER_NOTES = {"PB202", "PB206", "PB207", "PB208", "PB211", "PB212", "PB215", "PB216", "PB217"}
"""Checker findings shown on the page of the entity they are about: their messages name
nothing but that entity (and its own accounts)."""
MEASUREMENT_NOTES = {"PB211", "PB212"}
"""Findings about measurements: kept only where the KPI's measurements are shown."""
ACCOUNT_NOTES = {"PB216", "PB217"}
"""Findings about accounts: worked out again from what the edition shows of them."""


class Withheld(str):
    """A value the edition may not show, in place of a hidden entity's id or name."""

    __slots__ = ()


WITHHELD = Withheld("a restricted item")


def level_of(edition: str) -> int:
    if edition not in VISIBILITY_LEVELS:
        raise ValueError(f"unknown edition '{edition}' (expected {', '.join(VISIBILITY_LEVELS)})")
    return VISIBILITY_LEVELS[edition]


def project(result, edition: str):
    """The `result` as the edition sees it (the same object when it already is)."""
    if getattr(result, "edition", None) == edition:
        return result
    level = level_of(edition)
    full = result.graph
    hidden = {key for key, e in full.entities.items() if VISIBILITY_LEVELS[e.visibility] > level}
    redact = _Redactor(full, hidden, level)
    entities = {key: redact.entity(e) for key, e in full.entities.items() if key not in hidden}
    pages = [redact.page(p) for p in full.pages if VISIBILITY_LEVELS[p.visibility] <= level]
    series = {ident: s for ident, s in full.series.items()
              if ("kpi", ident) in entities and entities["kpi", ident].measurements_level <= level}
    graph = Graph(entities=entities, series=series, pages=pages)
    link_references(graph, Resolver(entities))
    graph.withheld_series = frozenset(ident for ident in full.series if ident not in series)
    content = replace(result.content, entities=list(entities.values()), pages=pages,
                      series={s.file: s for s in series.values()}, diagnostics=[])
    shown = replace(result, content=content, graph=graph, diagnostics=[], edition=edition)
    shown.diagnostics = _findings(result, shown, level)
    return shown


def _findings(result, shown, level: int) -> list:
    """Every diagnostic where nothing is hidden; otherwise the reader notes about shown entities,
    the account notes worked out from the shown accounts."""
    if level == max(VISIBILITY_LEVELS.values()):
        return list(result.diagnostics)
    files = {e.file: e for e in shown.graph.entities.values()}
    kept = []
    for d in result.diagnostics:
        entity = files.get(d.file)
        if entity is None or d.code not in READER_NOTES - ACCOUNT_NOTES:
            continue
        if d.code in MEASUREMENT_NOTES and entity.measurements_level > level:
            continue
        kept.append(d)
    if level >= VISIBILITY_LEVELS[DEFAULT_VISIBILITY]:  # below it, the details these notes judge are not shown
        kept += configured(check_accounts(shown.graph, result.config, result.as_of), result.config.severities)
    return sorted(kept)


class _Redactor:
    """Makes the edition's copy of each shown entity, copying only what changes."""

    def __init__(self, full: Graph, hidden: set, level: int):
        self.full, self.hidden, self.level = full, hidden, level
        self.resolver = Resolver(full.entities)
        names = {key: e.title.strip().casefold() for key, e in full.entities.items() if e.kind == "person"}
        self.hidden_names = {n for k, n in names.items() if k in hidden} - {n for k, n in names.items() if k not in hidden}
        self.hidden_files = {full.entities[k].file for k in hidden} | {
            p.file for p in full.pages if VISIBILITY_LEVELS[p.visibility] > level}

    def entity(self, entity: Entity) -> Entity:
        refs = {f.path: f for f in fields_of(entity.kind)}
        data = self._value(entity.data, inline_common(kind_schema(entity.kind)), (), refs)
        body = self.body(entity.file, entity.body)
        if isinstance(data, dict) and isinstance(data.get("body"), str):
            text = self.body(entity.file, data["body"])
            data = data if text is data["body"] else {**data, "body": text}
        if data is entity.data and body is entity.body:
            return entity
        return replace(entity, doc=replace(entity.doc, value=data), body=body)

    def page(self, page: Page) -> Page:
        body = self.body(page.file, page.body)
        return page if body is page.body else replace(page, body=body)

    def _value(self, value, spec: dict, path: tuple, refs: dict):
        if path in refs and path:
            return self._refs(value, refs[path])
        if isinstance(value, dict):
            return self._mapping(value, spec, path, refs)
        if isinstance(value, list):
            items = spec.get("items", {}) if isinstance(spec, dict) else {}
            out = [self._value(item, items, path + ("*",), refs) for item in value]
            out = [item for item in out if item is not _DROP]
            return value if len(out) == len(value) and all(a is b for a, b in zip(out, value)) else out
        return value

    def _mapping(self, value: dict, spec: dict, path: tuple, refs: dict):
        if spec.get("x-own-visibility") and VISIBILITY_LEVELS[visibility_of(value)] > self.level:
            return _DROP
        props = spec.get("properties", {})
        out = {}
        for key, item in value.items():
            child = props.get(key, {})
            if child.get("x-operational") and VISIBILITY_LEVELS[details_visibility(value, key)] > self.level:
                continue
            new = self._value(item, child, path + (key,), refs)
            if new is not _DROP:
                out[key] = new
        return value if len(out) == len(value) and all(out[k] is value[k] for k in out) else out

    def _refs(self, value, ref_field):
        if isinstance(value, list):
            out = [self._ref(item, ref_field) for item in value]
            return value if all(a is b for a, b in zip(out, value)) else out
        return self._ref(value, ref_field)

    def _ref(self, text, ref_field):
        if not isinstance(text, str):
            return text
        ref = parse_ref(text, 0, 0)
        target = self.resolver.resolve(ref, ref_field.targets)[0] if ref else None
        if target is not None:
            return WITHHELD if target.key in self.hidden else text
        if "person" in ref_field.targets and text.strip().casefold() in self.hidden_names:
            return WITHHELD  # a hidden person named by title in a text field
        return text

    def body(self, file: str, text: str | None) -> str | None:
        """The Markdown text with references and relative links to hidden things neutralised."""
        if not text or not self.hidden:
            return text

        def inline(match: re.Match) -> str:
            kind, ident = match.group(1), match.group(2)
            return RESTRICTED_REF if (kind, ident) in self.hidden else match.group(0)

        out = INLINE_REF.sub(inline, text)
        if "](" in out or "]:" in out or "href" in out:
            for href in self._hidden_links(file, out):
                out = out.replace(href, RESTRICTED_HREF)
            if self._hidden_links(file, out):  # written in a form not found verbatim: withhold the text
                out = RESTRICTED_REF
        return text if out == text else out

    def _hidden_links(self, file: str, text: str) -> list[str]:
        return [href for href in link_targets(text) if linked_file(file, href) in self.hidden_files]


_DROP = object()
"""A part the edition does not show: left out of the list or mapping that holds it."""
