"""The checked graph as one edition sees it, and the questions pages ask of it.

The view is made from the edition's copy of the content (`playbook.check.edition.project`):
hidden entities, pages and measurement series are not in it, and references to them
read `WITHHELD`. Every page asks this view, never the full graph, for entities,
relations, statuses and forecasts, so a hidden entity cannot reach a page, a table
row, a chart node, a tag or a derived text.

A KPI's measurements (and with them its chart and status) are shown when
`measurements_visibility` (default: the KPI's own visibility) is at most the
edition's level as well.

While `reads` is a set, every question notes the entities it looked at (their keys, with
`("*", kind)` for a whole kind and `EVERYTHING` for the graph as a whole), and a worked-out
answer that is given again notes again what it read (a status rolled up notes only its
entity, whose fingerprint holds it): `playbook.site.page_memo` knows from these notes which
pages a change can touch.
"""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from functools import cached_property

from playbook.check.alignment import goal_kpis
from playbook.check.corrective_actions import Action, actions_for, all_actions
from playbook.check.edition import READER_NOTES, Projections, level_of, project
from playbook.check.forecast import Forecast, NoForecast, kpi_forecast
from playbook.check.graph import Resolver, parse_ref
from playbook.check.status import Plan, Status, kpi_status, roll_up
from playbook.content.model import VISIBILITY_LEVELS, Entity, Measurement, Page
from playbook.content.schemas import RefField
from playbook.living.deadlines import DueItem, due_items

EVERYTHING = ("*", "*")
"""Noted by a question whose answer may depend on any entity."""


class View:
    def __init__(self, result, edition: str, as_of: dt.date, projections: Projections | None = None):
        self.level = level_of(edition)
        self._result = project(result, edition, projections)
        self._full = result.graph
        self._graph = self._result.graph
        self.edition = edition
        self.as_of = as_of
        self.config = self._result.config  # the edition's copy: the plan's record withheld as the edition needs
        self.findings: dict[str, list[str]] = {}  # file -> what the checker found about it
        for d in self._result.diagnostics:
            if d.code in READER_NOTES:
                self.findings.setdefault(d.file, []).append(d.message)
        self.thresholds = result.config.thresholds
        self._status: dict[str, Status | None] = {}
        self._forecast: dict[str, Forecast | NoForecast | None] = {}
        self._rolled: dict[tuple[str, str], str] = {}
        self._goal_kpis: dict[tuple[str, str], tuple[list[Entity], frozenset]] = {}
        self._parts: dict[tuple, tuple[object, frozenset]] = {}
        self._neighbours: dict[tuple[str, str], tuple[tuple[Entity, ...], frozenset]] = {}
        self.reads: set | None = None  # while a page is written: what it read (see the module's notes)

    def note(self, *keys) -> None:
        if self.reads is not None:
            self.reads.update(keys)

    def _once(self, cache: dict, key, work):
        """What `work()` returns, worked out once per key; each time it is given, the entities
        it read are noted again."""
        if key not in cache:
            outer, self.reads = self.reads, set()
            try:
                cache[key] = (work(), frozenset(self.reads))
            finally:
                self.reads = outer
        value, read = cache[key]
        if self.reads is not None:
            self.reads |= read
        return value

    @contextmanager
    def _unnoted(self):
        """Work out a roll-up without noting what it reads: a status rolled up is part of its
        entity's fingerprint (`page_memo`), so a page showing it reads only that entity."""
        outer, self.reads = self.reads, None
        try:
            yield
        finally:
            self.reads = outer

    @property
    def graph(self):
        """The edition's graph, for questions this view does not ask itself: the answer may
        depend on any entity."""
        self.note(EVERYTHING)
        return self._graph

    @property
    def result(self):
        self.note(EVERYTHING)
        return self._result

    def part(self, key: tuple, make):
        """What `make()` returns, worked out once per key: a chart that several pages show, a
        block of a page (whose key then names the page: links are relative to it)."""
        return self._once(self._parts, key, make)

    def take_parts(self, parts: dict) -> dict:
        """Take `parts` (key -> (value, what it read)) as worked out already; returns the
        view's own table of parts, which this build fills."""
        self._parts.update(parts)
        return self._parts

    def get(self, kind: str, ident: str) -> Entity | None:
        """The entity of this edition's graph, or None."""
        self.note((kind, ident))
        return self._graph.get(kind, ident)

    def at_path(self, path: str):
        """The entity or free page of this edition's graph held in the content file at `path`, or None."""
        found = self._graph.at_path(path)
        self.note(getattr(found, "key", ("*", "page")) if found is not None else EVERYTHING)
        return found

    def shows(self, entity: Entity | Page | None) -> bool:
        if self.reads is not None and isinstance(entity, Entity):
            self.reads.add(entity.key)  # a free page is in the site's key (`page_memo.site_key`)
        return entity is not None and self.allows(entity.visibility)

    def hides(self, kind: str, ident: str) -> bool:
        """Whether the content holds this entity and the edition hides it."""
        self.note((kind, ident))
        entity = self._full.entities.get((kind, ident))
        return entity is not None and not self.allows(entity.visibility)

    def allows(self, visibility: str) -> bool:
        """Whether this edition may show what has this visibility."""
        return VISIBILITY_LEVELS[visibility] <= self.level

    def visible(self, entities) -> list[Entity]:
        entities = list(entities)
        if self.reads is not None:
            self.reads.update(e.key for e in entities)
        return [e for e in entities if self.allows(e.visibility)]

    def of_kind(self, kind: str) -> list[Entity]:
        self.note(("*", kind))
        return self.visible(self._graph.of_kind(kind))

    def related(self, entity: Entity, name: str, kind: str | None = None) -> list[Entity]:
        self.note(entity.key)
        return _unique(self.visible(self._graph.related(entity, name, kind)))

    def incoming(self, entity: Entity) -> dict[str, list[Entity]]:
        """Inverse relation name -> the visible entities that reference this one."""
        self.note(entity.key)
        found = {name: by_title(self.visible(sources)) for name, sources in self._graph.incoming(entity).items()}
        return {name: sources for name, sources in sorted(found.items()) if sources}

    def neighbours(self, entity: Entity) -> tuple[Entity, ...]:
        """Every visible entity linked to this one, either way (worked out once: the chain on every
        page of the chain's kinds walks them)."""
        self.note(entity.key)
        return self._once(self._neighbours, entity.key, lambda: tuple(_unique(self.visible(self._graph.linked(entity)))))

    @cached_property
    def _resolver(self) -> Resolver:
        return Resolver(self._graph.entities)

    def resolve(self, text, ref_field: RefField) -> Entity | None:
        """The entity one reference names, or None (for text, and for `WITHHELD`)."""
        ref = parse_ref(text, 0, 0)
        found = self._resolver.resolve(ref, ref_field.targets)[0] if ref else None
        self.note(*([found.key] if found is not None else [("*", k) for k in ref_field.targets or ["*"]]))
        return found

    def loose_goals(self) -> list[Entity]:
        """The goals that support no strategy this edition shows."""
        return [g for g in self.of_kind("goal") if not self.related(g, "supports", "strategy")]

    def goal_kpis(self, goal: Entity) -> list[Entity]:
        self.note(goal.key)
        return self._once(self._goal_kpis, goal.key,
                          lambda: sorted(self.visible(goal_kpis(self._graph, goal)), key=title_key))

    def pages(self) -> list[Page]:
        """The free pages this edition shows, by path (worked out once: body links ask on every page)."""
        return self._pages

    @cached_property
    def _pages(self) -> list[Page]:
        return sorted(self._graph.pages, key=lambda p: p.path)

    def shows_file(self, path: str) -> bool:
        """Whether the edition may speak of the content file at `path`: no file of what it hides, and
        none that is gone (nobody can tell what it held); in the top edition, every file."""
        if self.level == max(VISIBILITY_LEVELS.values()):
            return True
        content = self._result.content
        return path not in self._hidden_files and (path in content.files or (content.root / path).exists())

    @cached_property
    def _hidden_files(self) -> frozenset[str]:
        return _files(self._full) - _files(self._graph)

    def measurements_shown(self, kpi: Entity) -> bool:
        return self.shows(kpi) and kpi.measurements_level <= self.level

    def points(self, kpi: Entity) -> list[Measurement]:
        series = self._graph.series.get(kpi.id)
        return list(series.points) if series and self.measurements_shown(kpi) else []

    def status(self, kpi: Entity) -> Status | None:
        """The KPI's status as of the view's date; None when this edition withholds it."""
        self.note(kpi.key)
        if kpi.id not in self._status:
            shown = self.measurements_shown(kpi)
            self._status[kpi.id] = kpi_status(Plan.from_kpi(kpi.data), self.points(kpi), self.as_of, self.thresholds) if shown else None
        return self._status[kpi.id]

    def forecast(self, kpi: Entity) -> Forecast | NoForecast | None:
        """The KPI's trend projected to its target date, or why there is none; None when this
        edition withholds its measurements."""
        self.note(kpi.key)
        if kpi.id not in self._forecast:
            shown = self.measurements_shown(kpi)
            self._forecast[kpi.id] = kpi_forecast(kpi.data, self.points(kpi), self.as_of, self.thresholds) if shown else None
        return self._forecast[kpi.id]

    def status_word(self, kpi: Entity) -> str | None:
        status = self.status(kpi)
        return status.status if status else None

    def goal_status(self, goal: Entity) -> str:
        self.note(goal.key)
        if goal.key not in self._rolled:
            with self._unnoted():
                self._rolled[goal.key] = roll_up([s for s in map(self.status_word, _final(self.goal_kpis(goal))) if s])
        return self._rolled[goal.key]

    def strategy_status(self, strategy: Entity) -> str:
        """The worst of its goals and of the KPIs that indicate it directly."""
        self.note(strategy.key)
        with self._unnoted():
            own = [s for s in map(self.status_word, _final(self.strategy_kpis(strategy))) if s]
            return roll_up([self.goal_status(g) for g in _final(self.related(strategy, "goals", "goal"))] + own)

    def actions(self, kpi: Entity) -> list[Action]:
        """The initiatives and milestones this edition shows that address the KPI or a goal it measures."""
        found = actions_for(self._graph, kpi, self.as_of, self._actions)
        self.note(kpi.key, *(g.key for g in self._actions.goals.get(kpi.key, [])), *(a.initiative.key for a in found))
        return found

    @property
    def due(self) -> tuple[DueItem, ...]:
        """What falls due in the edition's graph, worked out once for the pages that list it."""
        self.note(EVERYTHING)
        return self._due

    @cached_property
    def _due(self) -> tuple[DueItem, ...]:
        return tuple(due_items(self._graph, self.config))

    def due_among(self, entities: list[Entity]) -> list[DueItem]:
        """What falls due among these entities of the view, earliest first (the plan's own review
        is not among them); notes them, and the people who own what falls due."""
        items = due_items(self._graph, self.config, entities)
        self.note(("*", "person"), *(e.key for e in entities), *(("person", i.owner_id) for i in items if i.owner_id))
        return items

    def due_for(self, person: Entity) -> list[DueItem]:
        """What falls due for the person, in the order of `due` (part of the person's fingerprint)."""
        self.note(person.key)
        return self._due_by_owner.get(person.id, [])

    @cached_property
    def _due_by_owner(self) -> dict[str, list[DueItem]]:
        mine: dict[str, list[DueItem]] = {}
        for item in self._due:
            if item.owner_id:
                mine.setdefault(item.owner_id, []).append(item)
        return mine

    @cached_property
    def _actions(self):
        return all_actions(self._graph, self.as_of)

    def strategy_kpis(self, strategy: Entity) -> list[Entity]:
        """The KPIs that measure the strategy itself (strategy-level indicators)."""
        return sorted(self.related(strategy, "measured_by", "kpi"), key=title_key)


def _final(entities: list[Entity]) -> list[Entity]:
    """The entities that count in a roll-up: drafts count in none."""
    return [e for e in entities if not e.draft]


def _files(graph) -> frozenset[str]:
    """The content files of a graph's entities, free pages and measurement series."""
    return frozenset([e.file for e in graph.entities.values()] + [p.file for p in graph.pages]
                     + [s.file for s in graph.series.values()])


def title_key(entity: Entity) -> tuple[str, str]:
    return (entity.title.casefold(), entity.id)


def by_title(entities) -> list[Entity]:
    """Each entity once, in title order."""
    return sorted(_unique(entities), key=title_key)


def _unique(entities) -> list[Entity]:
    return list({e.key: e for e in entities}.values())

