"""The checked graph: entities joined by the references their schemas declare.

A reference is parsed into a typed `Ref` first, then resolved against the whole
collection. Resolved references become `Edge`s; the inverse relations (backlinks)
are the same edges read from the other end, so no kind needs code of its own.
"""
from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import get_close_matches
from functools import cached_property

from playbook.check.local_paths import link_targets, linked_file
from playbook.content.diagnostics import Diagnostic, position
from playbook.content.model import (
    FOLDER_KIND,
    ID_PATTERN,
    KINDS,
    VISIBILITY_LEVELS,
    Entity,
    Page,
    Series,
    details_visibility,
    visibility_of,
)
from playbook.content.schemas import RefField, fields_of, inlined, reference_fields

INLINE_REF = re.compile(r"\[\[\s*([A-Za-z]+)\s*:\s*([^\]|\s]+)\s*(?:\|([^\]]*))?\]\]")
"""Inline reference in Markdown: [[kind:id]] or [[kind:id|label]]."""
SITE_REFS = ("page", "mode")
"""Inline references to generated pages rather than entities ([[page:team]], [[mode:incident]]),
resolved and checked by `playbook.check.page_links`."""


@dataclass(frozen=True)
class Ref:
    kind: str | None
    id: str
    line: int
    column: int


@dataclass(frozen=True)
class Edge:
    source: Entity
    field: RefField
    target: Entity
    at: tuple = ()  # where in the source the reference is written, list indexes included


@dataclass
class Graph:
    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    series: dict[str, Series] = field(default_factory=dict)  # by kpi id
    pages: list[Page] = field(default_factory=list)
    withheld_series: frozenset[str] = frozenset()  # KPIs whose measurements an edition's copy leaves out
    _out: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    _in: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    _kinds: dict = field(default_factory=dict, repr=False, compare=False)
    _kinds_of: tuple = field(default=(), repr=False, compare=False)  # the entities _kinds was made of

    def add_edge(self, edge: Edge) -> None:
        self.edges.append(edge)
        self._out[edge.source.key][edge.field.name].append(edge.target)
        self._in[edge.target.key][edge.field.inverse].append(edge.source)

    def get(self, kind: str, id: str) -> Entity | None:
        return self.entities.get((kind, id))

    def of_kind(self, kind: str) -> list[Entity]:
        """The entities of one kind, by id."""
        return list(self._by_kind().get(kind, ()))

    def _by_kind(self) -> dict[str, list[Entity]]:
        # sorted once for every kind; made again if entities were added or replaced since
        if self._kinds_of != (id(self.entities), len(self.entities)):
            by_kind: dict[str, list[Entity]] = defaultdict(list)
            for entity in sorted(self.entities.values(), key=lambda e: e.id):
                by_kind[entity.kind].append(entity)
            self._kinds, self._kinds_of = by_kind, (id(self.entities), len(self.entities))
        return self._kinds

    def outgoing(self, entity: Entity) -> dict[str, list[Entity]]:
        """Field name -> the entities it references."""
        return self._out.get(entity.key, {})

    def incoming(self, entity: Entity) -> dict[str, list[Entity]]:
        """Inverse relation name -> the entities that reference this one."""
        return self._in.get(entity.key, {})

    def linked(self, entity: Entity) -> list[Entity]:
        """Every entity linked to this one, either way (once per link)."""
        return [e for relation in (self.outgoing(entity), self.incoming(entity)) for linked in relation.values()
                for e in linked]

    def at_path(self, path: str) -> Entity | Page | None:
        """The entity (by its folder and file stem) or free page a content file path names."""
        folder, _, name = path.partition("/")
        stem, ext = posixpath.splitext(name)
        if folder in FOLDER_KIND and "/" not in name and ext in (".yml", ".yaml", ".md"):
            return self.get(FOLDER_KIND[folder], stem)
        return self._pages_by_file.get(path)

    @cached_property
    def _pages_by_file(self) -> dict[str, Page]:
        return {page.file: page for page in self.pages}

    def related(self, entity: Entity, name: str, kind: str | None = None) -> list[Entity]:
        """Entities linked by field `name` or inverse `name`, optionally of one kind."""
        found = self.outgoing(entity).get(name, []) + self.incoming(entity).get(name, [])
        return [e for e in found if kind is None or e.kind == kind]


def ref_values(entity: Entity, ref_field: RefField):
    """(path, text) of every reference the field holds in this entity."""
    return values_at(entity.data, ref_field.path)


def values_at(data, field_path: tuple) -> list[tuple[tuple, object]]:
    """(path, value) of every value at `field_path` ("*" for every list item); a list
    there gives each of its items."""
    # step by step, not a recursion of generators: this runs for every reference field of
    # every entity, and most paths are one field long
    found = [((), data)]
    for head in field_path:
        found = [step for path, value in found for step in _step(path, value, head)]
    values = []
    for path, value in found:
        if isinstance(value, list):
            values += [(path + (i,), item) for i, item in enumerate(value)]
        else:
            values.append((path, value))
    return values


def _step(path: tuple, value, head) -> list[tuple[tuple, object]]:
    if head == "*" and isinstance(value, list):
        return [(path + (i,), item) for i, item in enumerate(value)]
    if isinstance(value, dict) and head in value and value[head] is not None:
        return [(path + (head,), value[head])]
    return []


def parse_ref(text, line: int, column: int) -> Ref | None:
    if not isinstance(text, str):
        return None
    kind, sep, ident = text.strip().partition(":")
    if not sep:
        kind, ident = None, kind
    if (kind is not None and kind not in KINDS) or not ID_PATTERN.match(ident):
        return None
    return Ref(kind, ident, line, column)


class Resolver:
    """Finds the entity a reference names, or says why it cannot."""

    def __init__(self, entities: dict[tuple[str, str], Entity], unreadable=frozenset(), hints: bool = False):
        self.entities = entities
        self.unreadable = unreadable  # (kind, id) whose file failed to load: its diagnostic says why
        self.hints = hints  # whether an unknown id's message suggests close ones: a search of every id of its kinds
        self.ids_by_kind: dict[str, list[str]] = defaultdict(list)
        for kind, ident in entities:
            self.ids_by_kind[kind].append(ident)

    def resolve(self, ref: Ref, targets: tuple[str, ...]) -> tuple[Entity | None, str, str]:
        """(entity, code, message): entity is None when the reference fails, code is
        empty when the failure is already reported (the target's file could not be read)."""
        kinds = [ref.kind] if ref.kind else list(targets)
        found = [self.entities[(k, ref.id)] for k in kinds if (k, ref.id) in self.entities]
        if ref.kind and ref.kind not in targets:
            return None, "PB101", f"'{ref.kind}:{ref.id}' is a {ref.kind}; this field accepts {_kinds(targets)}"
        if len(found) == 1:
            return found[0], "", ""
        if len(found) > 1:
            options = " or ".join(f"'{e.kind}:{e.id}'" for e in found)
            return None, "PB101", f"'{ref.id}' is ambiguous: write {options}"
        elsewhere = [k for k in KINDS if (k, ref.id) in self.entities]
        if elsewhere:
            return None, "PB101", f"'{ref.id}' is a {elsewhere[0]}; this field accepts {_kinds(targets)}"
        if any((k, ref.id) in self.unreadable for k in kinds):
            return None, "", ""
        return None, "PB102", self.unknown(kinds, ref.id)

    def names(self, ident: str, kinds) -> bool:
        """Whether an entity of one of the kinds has this id."""
        return any((kind, ident) in self.entities for kind in kinds)

    def unknown(self, kinds: list[str], ident: str) -> str:
        pool = [i for k in kinds for i in self.ids_by_kind.get(k, [])] if self.hints else []
        close = get_close_matches(ident, pool, n=3, cutoff=0.6) if pool else []
        hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
        return f"unknown {_kinds(kinds)} '{ident}'{hint}"


def _kinds(kinds) -> str:
    kinds = list(kinds)
    return "any kind" if len(kinds) == len(KINDS) else " or ".join(kinds)


def build_graph(entities: list[Entity], pages: list[Page], series: dict[str, Series],
                unreadable=frozenset()) -> tuple[Graph, list[Diagnostic]]:
    graph = Graph(series=series, pages=pages)
    for entity in entities:
        graph.entities.setdefault(entity.key, entity)
    resolver = Resolver(graph.entities, unreadable, hints=True)
    diags = link_references(graph, resolver)
    diags += check_cycles(graph)
    diags += check_visibility(graph)
    diags += check_inline_refs(graph, resolver)
    return graph, diags


def link_references(graph: Graph, resolver: Resolver) -> list[Diagnostic]:
    """Add an edge for every reference that resolves; the diagnostics of those that do not."""
    diags: list[Diagnostic] = []
    for entity in graph.entities.values():
        diags += link_entity(graph, resolver, entity)
    return diags


def link_entity(graph: Graph, resolver: Resolver, entity: Entity) -> list[Diagnostic]:
    """Add an edge for every reference of one entity that resolves, in `link_references`' order."""
    diags: list[Diagnostic] = []
    data = entity.data
    for ref_field in fields_of(entity.kind):
        if ref_field.path[0] in data:  # most entities leave most of their kind's reference fields out
            diags += _link(graph, resolver, entity, ref_field)
    return diags


def _link(graph: Graph, resolver: Resolver, entity: Entity, ref_field: RefField) -> list[Diagnostic]:
    diags = []
    for path, text in ref_values(entity, ref_field):
        line, col = entity.loc(*path)
        ref = parse_ref(text, line, col)
        if ref_field.text and (ref is None or (ref.kind is None and not resolver.names(ref.id, ref_field.targets))):
            continue  # plain text, such as a name: PB216 asks for a reference where the content wants them
        if ref is None:
            if isinstance(text, str):  # non-text values are the schema's to report
                diags.append(Diagnostic(entity.file, line, col, "error", "PB106",
                                        f"{entity.kind} field '{ref_field.name}': '{text}' is not an id "
                                        "(lowercase slug, optionally prefixed by its kind, e.g. goal:recruit-talent)"))
            continue
        target, code, message = resolver.resolve(ref, ref_field.targets)
        if target is not None:
            graph.add_edge(Edge(entity, ref_field, target, path))
        elif code:
            diags.append(Diagnostic(entity.file, line, col, "error", code, f"{entity.kind} field '{ref_field.name}': {message}"))
    return diags


def check_cycles(graph: Graph) -> list[Diagnostic]:
    """Report each cycle along an acyclic field once, at the entity that closes it."""
    diags, done = [], set()
    for ref_field in (f for f in reference_fields() if f.acyclic):
        succ = defaultdict(list)
        for edge in graph.edges:
            if edge.field == ref_field:
                succ[edge.source.key].append(edge.target)
        state: dict = {}

        def visit(entity: Entity, stack: list[Entity]):
            state[entity.key] = "open"
            for nxt in succ.get(entity.key, []):
                if state.get(nxt.key) == "open":
                    cycle = stack[stack.index(nxt):] + [entity, nxt] if nxt in stack else [entity, nxt]
                    names, members = " -> ".join(e.id for e in cycle), frozenset(e.key for e in cycle)
                    if members not in done:
                        done.add(members)
                        line, col = entity.loc(*ref_field.path)
                        diags.append(Diagnostic(entity.file, line, col, "error", "PB103",
                                                f"{entity.kind} field '{ref_field.name}' forms a cycle: {names}"))
                elif nxt.key not in state:
                    visit(nxt, stack + [entity])
            state[entity.key] = "closed"

        for key in sorted(succ):
            if key not in state:
                visit(graph.entities[key], [])
    return diags


def check_visibility(graph: Graph) -> list[Diagnostic]:
    """PB104 for a reference that an edition shows while hiding what it names. A reference inside
    a part with a visibility of its own (an account), or in an operational field its part keeps
    internal, is judged from the first edition that shows it."""
    diags = []
    for edge in graph.edges:
        src, dst = edge.source, edge.target
        shown = shown_from(src, edge.at)
        if VISIBILITY_LEVELS[dst.visibility] > VISIBILITY_LEVELS[shown]:
            line, col = src.loc(*edge.at)
            where = f"{src.visibility} {src.kind}" if shown == src.visibility else \
                f"{src.kind} field '{edge.field.name}', shown from the {shown} edition,"
            diags.append(Diagnostic(src.file, line, col, "warning", "PB104",
                                    f"{where} refers to {dst.visibility} {dst.kind} '{dst.id}'; "
                                    f"a {shown} edition shows that reference without a link or a name"))
    return diags


def shown_from(entity: Entity, path: tuple) -> str:
    """The lowest edition that shows the value at `path`: the entity's visibility, raised by each
    part on the way that has a visibility of its own (`x-own-visibility`) and by an operational
    field (`x-operational`) its part does not open to lower editions (`details_visibility`)."""
    level, value, spec = entity.visibility, entity.data, inlined(entity.kind)
    for step in path:
        if isinstance(value, dict) and spec.get("x-own-visibility"):
            level = max(level, visibility_of(value), key=VISIBILITY_LEVELS.__getitem__)
        if isinstance(step, int) and isinstance(value, list) and step < len(value):
            value, spec = value[step], spec.get("items", {})
        elif isinstance(step, str) and isinstance(value, dict):
            spec_of = spec.get("properties", {}).get(step, {})
            if spec_of.get("x-operational"):
                level = max(level, details_visibility(value, step), key=VISIBILITY_LEVELS.__getitem__)
            value, spec = value.get(step), spec_of
        else:
            break
    return level


def markdown_texts(graph: Graph):
    """(file, text, first line, column, visibility) of every Markdown text: entity bodies (after
    the front matter, or a YAML `body` field) and free pages. The column is given for a field,
    whose own position stands for everything inside it; None for a body, located line by line."""
    for entity in graph.entities.values():
        if entity.body:
            yield entity.file, entity.body, entity.body_line, None, entity.visibility
        elif isinstance(entity.data.get("body"), str):
            yield entity.file, entity.data["body"], *entity.loc("body"), entity.visibility
    for page in graph.pages:
        yield page.file, page.body, page.body_line, None, page.visibility


def locate(text: str, at: int, first_line: int, column: int | None) -> tuple[int, int]:
    """The line and column of `text[at]` (of the field holding the text when `column` is given)."""
    if column is not None or at < 0:
        return first_line, column or 1
    return position(text, at, first_line)


def inline_refs(text: str, first_line: int, column: int | None = None):
    """(line, column, kind, id, label) of every [[kind:id]] in Markdown text."""
    for match in INLINE_REF.finditer(text):
        line, col = locate(text, match.start(), first_line, column)
        yield line, col, match.group(1), match.group(2), match.group(3)


def check_inline_refs(graph: Graph, resolver: Resolver) -> list[Diagnostic]:
    """PB105 for unknown inline references to entities; PB104 for inline references and relative
    links that name something more restricted than the text holding them. References to
    generated pages (`SITE_REFS`) are `playbook.check.page_links`'s."""
    diags = []
    for file, text, first_line, column, visibility in markdown_texts(graph):
        for line, col, kind, ident, _ in inline_refs(text, first_line, column):
            if kind in SITE_REFS:
                continue
            if kind not in KINDS:
                diags.append(Diagnostic(file, line, col, "error", "PB105",
                                        f"unknown kind '{kind}' in [[{kind}:{ident}]] (kinds: {', '.join(KINDS)}; "
                                        f"generated pages: {', '.join(f'[[{k}:...]]' for k in SITE_REFS)})"))
            elif (kind, ident) in graph.entities:
                diags += _restricted(file, line, col, visibility, graph.entities[kind, ident], f"[[{kind}:{ident}]]")
            elif (kind, ident) not in resolver.unreadable:
                diags.append(Diagnostic(file, line, col, "error", "PB105",
                                        f"[[{kind}:{ident}]]: {resolver.unknown([kind], ident)}"))
        diags += _restricted_links(graph, file, text, first_line, column, visibility)
    return diags


def _restricted_links(graph: Graph, file: str, text: str, first_line: int, column: int | None,
                      visibility: str) -> list[Diagnostic]:
    if "](" not in text and "href" not in text and "]:" not in text:
        return []  # no link syntax at all: skip the Markdown pass
    diags = []
    for href in link_targets(text):
        target_file = linked_file(file, href)
        target = graph.at_path(target_file) if target_file else None
        if target is not None:
            line, col = locate(text, text.find(href), first_line, column)
            diags += _restricted(file, line, col, visibility, target, f"link '{href}'")
    return diags


def _restricted(file: str, line: int, col: int, visibility: str, target, what: str) -> list[Diagnostic]:
    if VISIBILITY_LEVELS[target.visibility] <= VISIBILITY_LEVELS[visibility]:
        return []
    name = f"{target.kind} '{target.id}'" if isinstance(target, Entity) else f"page '{target.file}'"
    return [Diagnostic(file, line, col, "warning", "PB104",
                       f"{what} in {visibility} text names {target.visibility} {name}; "
                       f"a {visibility} edition shows it as 'a restricted item', without a link")]
