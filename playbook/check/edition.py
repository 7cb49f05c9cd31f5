"""One edition's copy of the checked content: what an audience may see, and nothing else.

`project(result, edition)` returns a `Result` whose graph holds only the entities,
free pages and measurement series the edition shows, and whose every value is safe
to print in it:

* a reference to an entity the edition hides becomes `WITHHELD`, which pages print as
  "a restricted item"; so does text in a reference field that names a hidden entity
  however loosely it is written (`Person: ID`, `ID` in capitals, a hidden person's
  name with odd spacing);
* in every text, not only Markdown bodies (fields, free pages' front matter, measurement
  notes), `[[kind:id]]` references to hidden entities and hidden people's names become
  `RESTRICTED_REF`, and relative links and images naming a hidden file (in any letter
  case, with any extension: `goals/x.yml` for `goals/x.md`, a withheld measurement
  file) become `RESTRICTED_HREF`;
* a part of an entity with a visibility of its own (the schemas' `x-own-visibility`:
  contact details, accounts, posting plans) is dropped where that visibility is above
  the edition; the fields marked `x-operational` (who manages an account, who keeps
  its credentials, when access was reviewed) are dropped below the level the part's
  `details_visibility` opts them into (default internal), per part or per field;
* relations are worked out again from those values, so no backlink counts what the
  edition dropped; below the top edition, the checker's findings kept are those that
  name only the entity they are about (`READER_NOTES`);
* the plan's record (playbook.yml's `plan`) names its authors and approvers like a reference
  field: a hidden person reads `WITHHELD`;
* the waivers of shown entities are kept for editors from the internal edition up, their
  texts redacted like any other; the public edition has none.

Every output (site, book, StratML, exports, due lists and feeds) is made from this
copy: what a renderer never receives, it cannot leak.

Under `serve` the content is projected again after every save. `Projections` keeps each
entity's copy and its links from the last projection: an entity whose fields (marshalled:
`1`, `1.0` and `true` differ), file and body are the same is not copied and linked again,
as long as what the edition hides (entities, files, names, ids) and the entities there are
did not change either; when they did, every entity is copied again.
"""
from __future__ import annotations

import marshal
import posixpath
import re
from dataclasses import dataclass, replace

from playbook.check.graph import INLINE_REF, Edge, Graph, Resolver, link_entity, parse_ref
from playbook.check.local_paths import link_targets, linked_file
from playbook.check.operations import check_accounts
from playbook.check.rules import RULES, configured
from playbook.content.model import (
    CONFIG_FILE,
    DEFAULT_VISIBILITY,
    VISIBILITY_LEVELS,
    Entity,
    Page,
    Series,
    details_visibility,
    visibility_of,
)
from playbook.content.schemas import RefField, fields_of, inlined

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


def project(result, edition: str, memo: "Projections | None" = None):
    """The `result` as the edition sees it (the same object when it already is). With a `memo`
    of the last projection of the same content, the copies nothing changed are taken from it."""
    if getattr(result, "edition", None) == edition:
        return result
    level = level_of(edition)
    full = result.graph
    hidden = {key for key, e in full.entities.items() if VISIBILITY_LEVELS[e.visibility] > level}
    redact = _Redactor(full, hidden, level)
    last = memo.last(redact.state) if memo is not None else {}
    copies = {key: _copy(e, last.get(key), redact) for key, e in full.entities.items() if key not in hidden}
    entities = {key: entity for key, (entity, __) in copies.items()}
    pages = [redact.page(p) for p in full.pages if VISIBILITY_LEVELS[p.visibility] <= level]
    series = {ident: redact.series(s) for ident, s in full.series.items() if redact.shows_series(ident)}
    graph = Graph(entities=entities, series=series, pages=pages)
    _link_copies(graph, Resolver(entities), copies)
    if memo is not None:
        memo.keep(redact.state, {key: made for key, (__, made) in copies.items()})
    graph.withheld_series = frozenset(ident for ident in full.series if ident not in series)
    graph.reports = tuple(r for r in full.reports if ("review", r.review) in entities)
    content = replace(result.content, entities=list(entities.values()), pages=pages,
                      series={s.file: s for s in series.values()}, diagnostics=[])
    shown = replace(result, content=content, graph=graph, diagnostics=[], edition=edition)
    shown.diagnostics = _findings(result, shown, level)
    shown.waivers, shown.waived = _waivers(result, redact, level)
    shown.config = replace(result.config, plan=_plan(result.config.plan, redact))
    return shown


@dataclass
class _Made:
    """How one entity's copy was made: from what (its marshalled fields, file and body; None
    where the fields do not marshal, and the copy is never taken again), the copy's fields and
    body (None where the copy is the entity itself) and its links, (field, target, at). The
    fields are handed to every later build that takes the copy: nothing may change them in
    place (nothing does; `ParseMemo` relies on the same)."""

    source: tuple | None
    data: dict | None
    body: str | None
    links: list | None = None


class Projections:
    """Each entity's copy and links in the last projection (`project`), for the next one."""

    def __init__(self) -> None:
        self._state: tuple | None = None
        self._made: dict[tuple[str, str], _Made] = {}

    def last(self, state: tuple) -> dict[tuple[str, str], _Made]:
        """The copies of the last projection, if it hid the same things among the same entities."""
        return self._made if state == self._state else {}

    def keep(self, state: tuple, made: dict[tuple[str, str], _Made]) -> None:
        self._state, self._made = state, made


def _copy(entity: Entity, last: _Made | None, redact: "_Redactor") -> tuple[Entity, _Made]:
    source = _source(entity)
    if last is not None and source is not None and last.source == source:
        if last.data is None:
            return entity, last
        return replace(entity, doc=replace(entity.doc, value=last.data), body=last.body), last
    copy = redact.entity(entity)
    return copy, _Made(source, None, None) if copy is entity else _Made(source, copy.data, copy.body)


def _source(entity: Entity) -> tuple | None:
    """What a copy is made from. Marshal's version 0 writes equal values alike whatever objects
    they are shared with (version 3 marks what is shared, and strings the system keeps once)."""
    try:
        return marshal.dumps(entity.data, 0), entity.file, entity.body
    except ValueError:
        return None


def _link_copies(graph: Graph, resolver: Resolver, copies: dict) -> None:
    """Link every copy, in `link_references`' order: again where it was made again, from its
    links in the last projection where it was taken from it."""
    entities = graph.entities
    for entity, made in copies.values():
        if made.links is not None:
            for ref_field, target, at in made.links:
                graph.add_edge(Edge(entity, ref_field, entities[target], at))
            continue
        start = len(graph.edges)
        link_entity(graph, resolver, entity)
        made.links = [(e.field, e.target.key, e.at) for e in graph.edges[start:]]


PLAN_PEOPLE = RefField("plan", ("authors",), ("person",), "plan", text=True)
"""Who prepared or approved the plan (playbook.yml): a person's id or a name."""


def _plan(plan, redact: "_Redactor"):
    """The plan's record with the people the edition hides, and their names in its texts, withheld."""
    def people(names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(redact._ref(name, PLAN_PEOPLE, CONFIG_FILE) for name in names)

    return replace(plan, version=redact.text(CONFIG_FILE, plan.version), approved_by=people(plan.approved_by),
                   authors=people(plan.authors))


WAIVER_OWNER = RefField("waiver", ("owner",), ("person",), "waivers", text=True)
"""A waiver's owner, wherever the waiver is written: a person's id or a name."""


def _waivers(result, redact: "_Redactor", level: int) -> tuple[list, list]:
    """The waivers of the shown entities and the findings they cover, for editors: none below the
    internal edition; below the top one, each finding is told by its rule's summary, since its
    message may name what the edition hides."""
    if level < VISIBILITY_LEVELS[DEFAULT_VISIBILITY]:
        return [], []
    copies = {w: replace(w, reason=redact.text(w.file, w.reason), owner=redact._ref(w.owner, WAIVER_OWNER, w.file),
                         value=w.value and redact.text(w.file, w.value))
              for w in result.waivers if w.entity not in redact.hidden}
    top = level == max(VISIBILITY_LEVELS.values())
    waived = [replace(item, waiver=copies[item.waiver],
                      diagnostic=item.diagnostic if top else replace(item.diagnostic, message=RULES[item.diagnostic.code].summary))
              for item in result.waived if item.waiver in copies]
    return list(copies.values()), waived


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
    """Makes the edition's copy of each shown entity, page and series, copying only what changes."""

    def __init__(self, full: Graph, hidden: set, level: int):
        self.full, self.hidden, self.level = full, hidden, level
        self.resolver = Resolver(full.entities)
        hidden_keys, shown_keys = set(), set()
        for key, e in full.entities.items():
            (hidden_keys if key in hidden else shown_keys).update(_names_of(e))
        self.hidden_keys = hidden_keys - shown_keys - {""}
        people = {key: _folded(e.title) for key, e in full.entities.items() if e.kind == "person"}
        names = {n for k, n in people.items() if k in hidden} - {n for k, n in people.items() if k not in hidden}
        self.names = _name_pattern(names)
        hidden_files = {full.entities[k].file for k in hidden}
        hidden_files |= {p.file for p in full.pages if VISIBILITY_LEVELS[p.visibility] > level}
        hidden_files |= {s.file for ident, s in full.series.items() if not self.shows_series(ident)}
        shown_files = {e.file for k, e in full.entities.items() if k not in hidden} | {p.file for p in full.pages}
        self.hidden_files = {_file_key(f) for f in hidden_files} - {_file_key(f) for f in shown_files - hidden_files}
        self.state = (level, frozenset(hidden), frozenset(self.hidden_keys), self.names and self.names.pattern,
                      frozenset(self.hidden_files), frozenset(full.entities))
        """Everything a copy depends on besides its entity: equal states copy equal entities alike."""

    def shows_series(self, ident: str) -> bool:
        kpi = self.full.entities.get(("kpi", ident))
        return kpi is not None and kpi.key not in self.hidden and kpi.measurements_level <= self.level

    def entity(self, entity: Entity) -> Entity:
        data = self.fields(entity, entity.kind, {f.path: f for f in fields_of(entity.kind)})
        body = self.text(entity.file, entity.body)
        if data is entity.data and body is entity.body:
            return entity
        return replace(entity, doc=replace(entity.doc, value=data), body=body)

    def page(self, page: Page) -> Page:
        meta = self.fields(page, "page", {})
        body = self.text(page.file, page.body)
        if meta is page.meta and body is page.body:
            return page
        return replace(page, doc=replace(page.doc, value=meta), body=body)

    def series(self, series: Series) -> Series:
        points = [replace(p, note=note) if (note := self.text(series.file, p.note)) is not p.note else p
                  for p in series.points]
        return series if all(a is b for a, b in zip(points, series.points)) else replace(series, points=points)

    def fields(self, item, kind: str, refs: dict):
        return self._value(item.data, inlined(kind), (), _Where(item.file, refs))

    def _value(self, value, spec: dict, path: tuple, where: _Where):
        if path in where.refs and path:
            return self._refs(value, where.refs[path], where.file)
        if isinstance(value, dict):
            return self._mapping(value, spec, path, where)
        if isinstance(value, list):
            items = spec.get("items", {}) if isinstance(spec, dict) else {}
            out = [self._value(item, items, path + ("*",), where) for item in value]
            out = [item for item in out if item is not _DROP]
            return value if len(out) == len(value) and all(a is b for a, b in zip(out, value)) else out
        if isinstance(value, str) and _free_text(spec):
            return self.text(where.file, value)
        return value

    def _mapping(self, value: dict, spec: dict, path: tuple, where: _Where):
        if spec.get("x-own-visibility") and VISIBILITY_LEVELS[visibility_of(value)] > self.level:
            return _DROP
        props = spec.get("properties", {})
        out = {}
        for key, item in value.items():
            child = props.get(key, {})
            if child.get("x-operational") and VISIBILITY_LEVELS[details_visibility(value, key)] > self.level:
                continue
            new = self._value(item, child, path + (key,), where)
            if new is not _DROP:
                out[key] = new
        return value if len(out) == len(value) and all(out[k] is value[k] for k in out) else out

    def _refs(self, value, ref_field, file: str):
        if isinstance(value, list):
            out = [self._ref(item, ref_field, file) for item in value]
            return value if all(a is b for a, b in zip(out, value)) else out
        return self._ref(value, ref_field, file)

    def _ref(self, text, ref_field, file: str):
        if not isinstance(text, str):
            return text
        ref = parse_ref(text, 0, 0)
        target = self.resolver.resolve(ref, ref_field.targets)[0] if ref else None
        if target is not None:
            return WITHHELD if target.key in self.hidden else text
        if _key(text) in self.hidden_keys:
            return WITHHELD  # a hidden entity's id or a hidden person's name, written loosely
        return self.text(file, text)

    def text(self, file: str, text: str | None) -> str | None:
        """The text with inline references, relative links and names of hidden things neutralised."""
        if not text or not (self.hidden or self.hidden_files):
            return text

        def inline(match: re.Match) -> str:
            kind, ident = match.group(1), match.group(2)
            return RESTRICTED_REF if (kind, ident) in self.hidden else match.group(0)

        out = INLINE_REF.sub(inline, text)
        if self.names is not None:
            out = self.names.sub(RESTRICTED_REF, out)
        if "](" in out or "]:" in out or "<" in out:
            for href in self._hidden_links(file, out):
                out = out.replace(href, RESTRICTED_HREF)
            if self._hidden_links(file, out):  # written in a form not found verbatim: withhold the text
                out = RESTRICTED_REF
        return text if out == text else out

    def _hidden_links(self, file: str, text: str) -> list[str]:
        return [href for href in link_targets(text)
                if (path := linked_file(file, href)) is not None and _file_key(path) in self.hidden_files]


@dataclass(frozen=True)
class _Where:
    """The file whose values are copied, and its reference fields by path."""

    file: str
    refs: dict


def _free_text(spec) -> bool:
    """Whether a schema lets a string be any text (not a listed value, a date or a pattern)."""
    return isinstance(spec, dict) and not any(key in spec for key in ("enum", "const", "format", "pattern"))


def _key(text: str) -> str:
    """A name as loosely as people write it: letters and digits only, case folded."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _names_of(entity: Entity) -> set[str]:
    """The keys a text naming the entity may have: its id, kind:id and, for a person, the name."""
    keys = {_key(entity.id), _key(f"{entity.kind}{entity.id}")}
    return keys | {_key(entity.title)} if entity.kind == "person" else keys


def _folded(name: str) -> str:
    return " ".join(name.casefold().split())


def _name_pattern(names: set[str]) -> re.Pattern | None:
    """Any of the names as a whole word, in any case and with any spacing; None for no names."""
    words = [r"\s+".join(map(re.escape, name.split())) for name in sorted(names, key=len, reverse=True) if name]
    return re.compile(rf"(?<!\w)(?:{'|'.join(words)})(?!\w)", re.IGNORECASE) if words else None


def _file_key(path: str) -> str:
    """A content file as a link may name it: in any letter case, with any extension or none."""
    return posixpath.splitext(path.rstrip("/"))[0].casefold()


_DROP = object()
"""A part the edition does not show: left out of the list or mapping that holds it."""
