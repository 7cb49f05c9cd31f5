"""Run every rule over a content folder and return the graph with all diagnostics.

load -> form (schema, ids) -> references (graph, links between pages) -> alignment (corrective
actions among it) -> the repository's CODEOWNERS against the owners -> waivers.
Nothing stops at the first problem: each stage works with what the previous one could read. The
findings an active waiver covers leave the report and are kept aside (`Result.waived`).
"""
from __future__ import annotations

import datetime as dt
import gc
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from playbook.check.account_security import check_account_security
from playbook.check.action_items import check_action_items
from playbook.check.alignment import check_alignment
from playbook.check.codeowners import check_codeowners
from playbook.check.config import Config, load_config
from playbook.check.corrective_actions import check_unaddressed
from playbook.check.costs import check_costs
from playbook.check.credentials import (
    check_credentials,
    check_notes,
    redact,
    secret_values,
)
from playbook.check.drafts import check_stale_drafts, spare_drafts
from playbook.check.form import (
    check_schema,
    check_unique_ids,
    keep_written_text,
    set_aside,
)
from playbook.check.graph import Graph, build_graph
from playbook.check.import_rules import check_import_rules
from playbook.check.local_paths import check_local_paths
from playbook.check.operations import check_operations
from playbook.check.page_links import check_page_links
from playbook.check.path_clashes import path_clashes
from playbook.check.quiet_periods import check_quiet_periods
from playbook.check.readiness import check_readiness
from playbook.check.review_rhythm import check_reviews
from playbook.check.risks import check_risks
from playbook.check.rules import configured
from playbook.check.status import Plan, Status, kpi_status
from playbook.check.waivers import (
    Waived,
    Waiver,
    apply_waivers,
    config_waivers,
    entity_waivers,
)
from playbook.content.diagnostics import ContentError, Diagnostic
from playbook.content.loader import Content, load_content, load_series, resolve_inside
from playbook.content.model import (
    CONFIG_FILE,
    MEASUREMENTS_FOLDER,
    VISIBILITY_LEVELS,
    Series,
)
from playbook.content.parse_memo import ParseMemo


@dataclass
class Result:
    content: Content
    graph: Graph
    config: Config
    as_of: dt.date
    diagnostics: list[Diagnostic]
    edition: str | None = None  # None: everything; else the edition this copy shows (`edition.project`)
    secrets: frozenset[str] = frozenset()  # values held under a credential's key: hidden wherever they recur
    waivers: list[Waiver] = field(default_factory=list)  # every well-formed waiver, in content and playbook.yml
    waived: list[Waived] = field(default_factory=list)  # the findings an active waiver covers

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]


def check(root: str | Path, as_of: dt.date | None = None, severities: dict[str, str] | None = None,
          memo: ParseMemo | None = None, rules: bool = True) -> Result:
    """Check the content folder. Raises ConfigError for a broken configuration. With a `memo`
    of the last check of the same folder, files whose text is unchanged are not parsed again.
    With `rules` false, only what the graph needs is checked (the files' form and their
    references), not the rules that read the graph: for a past revision, whose graph is read
    and whose findings are not."""
    with collector_paused():
        return _check(Path(root), as_of, severities, memo, rules)


@contextmanager
def collector_paused():
    """Reading a playbook makes millions of objects that all stay, and hardly a reference cycle:
    the cyclic garbage collector, run every few hundred of them, would walk them again and
    again for nothing (a tenth of the check's time at 10,000 entities). Cycles made meanwhile
    are freed once it runs again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _form(entity, memo: ParseMemo | None) -> tuple[list[Diagnostic], list[tuple]]:
    """The schema's and the credential rule's findings about one file, and the paths of its values
    to set aside: worked out from the file's text alone, so kept by the memo while it is the same."""
    def work():
        rejected: list = []
        found = check_schema(entity, rejected) + check_credentials(entity.file, entity.doc, entity.body, entity.body_line)
        return found, [path for __, path in rejected]
    return memo.derived(entity.file, "form", work) if memo is not None else work()


def _check(root: Path, as_of: dt.date | None, severities: dict[str, str] | None, memo: ParseMemo | None,
           rules: bool) -> Result:
    config = load_config(root, severities)
    as_of = as_of or config.plan.as_of or dt.date.today()
    content = load_content(root, memo)
    series, series_diags = attach_series(content)
    used = {s.file for s in series.values()}  # a CSV outside measurements/ that a KPI names is in place
    diags = [d for d in content.diagnostics if not (d.code == "PB008" and d.file in used)]
    diags += check_credentials(CONFIG_FILE, config.source)
    rejected: list = []
    for entity in [*content.entities, *content.pages]:
        keep_written_text(entity)
        found, paths = _form(entity, memo)
        diags += found
        rejected += [(entity, path) for path in paths]
    for found in content.series.values():
        diags += check_notes(found)
    diags += check_unique_ids(content.entities)
    diags += check_import_rules(content.entities)
    diags += series_diags
    diags += check_shared_series(content.entities, series)
    diags += check_local_paths(content)
    set_aside(rejected)  # reported: the stages after this one see only values of the right form
    diags += path_clashes((page.file, page.file) for page in content.pages)  # published at their own path
    graph, ref_diags = build_graph(content.entities, content.pages, series, content.unreadable)
    graph.reports = tuple(r for r in content.reports if r.review)
    diags += ref_diags
    if rules:
        diags = spare_drafts(diags + _rules(graph, config, as_of, root), graph) + check_stale_drafts(graph, config.drafts_due, as_of)
    known = frozenset().union(secret_values(config.source), *(secret_values(e.doc) for e in content.entities),
                              *(secret_values(p.doc) for p in content.pages))
    waivers = config_waivers(config.waivers) + [w for e in graph.entities.values() for w in entity_waivers(e)]
    files = {key: e.file for key, e in graph.entities.items()}
    diags, waived = apply_waivers(configured(diags, config.severities), waivers, files, as_of, config.severities)
    diags = [replace(d, message=redact(d.message, known)) for d in diags]
    waived = [replace(w, diagnostic=replace(w.diagnostic, message=redact(w.diagnostic.message, known))) for w in waived]
    return Result(content, graph, config, as_of, diags, secrets=known, waivers=waivers, waived=waived)


def _rules(graph: Graph, config: Config, as_of: dt.date, root: Path) -> list[Diagnostic]:
    """What the rules find in the checked graph."""
    return [*check_page_links(graph, config.modes),
            *check_alignment(graph, as_of, config.thresholds),
            *check_operations(graph, config, as_of),
            *check_account_security(graph, config, as_of),
            *check_readiness(graph, config, as_of),
            *check_unaddressed(graph, as_of, config.actions.grace_days, config.thresholds),
            *check_risks(graph, as_of),
            *check_action_items(graph, as_of),
            *check_costs(graph),
            *check_reviews(graph, as_of, config.readiness.follow_up_days),
            *check_codeowners(graph, root),
            *check_quiet_periods(graph, config, as_of)]


def attach_series(content: Content) -> tuple[dict[str, Series], list[Diagnostic]]:
    """Each KPI's measurement series, from its `data` path or measurements/<id>.csv."""
    by_kpi, diags, claimed = {}, [], set()
    for kpi in (e for e in content.entities if e.kind == "kpi"):
        path = kpi.data.get("data")
        if path is None:
            file = f"{MEASUREMENTS_FOLDER}/{kpi.id}.csv"
            if file in content.series:
                by_kpi[kpi.id] = content.series[file]
                claimed.add(file)
            continue
        if not isinstance(path, str):
            continue  # the schema reports the type
        line, col = kpi.loc("data")
        target = resolve_inside(content.root, path)
        if target is None:
            diags.append(Diagnostic(kpi.file, line, col, "error", "PB021",
                                    f"kpi '{kpi.id}' data path '{path}' leaves the content folder"))
        elif not target.is_file():
            diags.append(Diagnostic(kpi.file, line, col, "error", "PB021", f"kpi '{kpi.id}' data file '{path}' does not exist"))
        else:
            file = target.relative_to(content.root).as_posix()
            claimed.add(file)
            if file not in content.series:
                try:
                    series, row_diags = load_series(content.root, file, kpi.id)
                except ContentError as fail:
                    diags.append(fail.diagnostic)
                    continue
                diags += row_diags
                content.series[file] = series
            by_kpi[kpi.id] = content.series[file]
    for file in sorted(set(content.series) - claimed):
        diags.append(Diagnostic(file, 1, 1, "warning", "PB022",
                                f"measurement file belongs to no KPI (expected kpis/{content.series[file].kpi}.yml or a KPI whose 'data' names it)"))
    return by_kpi, diags


def check_shared_series(entities: list, series: dict[str, Series]) -> list[Diagnostic]:
    """PB024 where a KPI's `data` names a file that holds a more restricted KPI's
    measurements: that KPI's own file (measurements/<id>.csv), or one it names too."""
    kpis = {e.id: e for e in entities if e.kind == "kpi"}
    holders: dict[str, list] = {}
    for ident, kpi in kpis.items():
        holders.setdefault(f"{MEASUREMENTS_FOLDER}/{ident}.csv", []).append(kpi)
    for ident, found in series.items():
        if kpis[ident].data.get("data") is not None:
            holders.setdefault(found.file, []).append(kpis[ident])
    diags = []
    for ident, found in series.items():
        kpi = kpis[ident]
        if found.file == f"{MEASUREMENTS_FOLDER}/{ident}.csv":
            continue  # its own file: others may read it, and are then no more secret than it
        stricter = [other for other in holders.get(found.file, []) if other.measurements_level > kpi.measurements_level]
        if stricter:
            line, col = kpi.loc("data")
            diags.append(Diagnostic(kpi.file, line, col, "error", "PB024",
                                    f"kpi '{kpi.id}' reads '{found.file}', the measurements of kpi '{stricter[0].id}', "
                                    f"which only the {_level_name(stricter[0].measurements_level)} edition shows; give it "
                                    "a file of its own, or set its measurements_visibility at least as high"))
    return diags


def _level_name(level: int) -> str:
    return next(name for name, value in VISIBILITY_LEVELS.items() if value == level)


def edition_warnings(result, edition: str) -> list[str]:
    """What makes an edition's site hollow: strategies, none of which it may show."""
    strategies = result.graph.of_kind("strategy")
    shown = [s for s in strategies if VISIBILITY_LEVELS[s.visibility] <= VISIBILITY_LEVELS[edition]]
    if shown or not strategies:
        return []
    return [f"the {edition} edition shows no strategy ({len(strategies)} in the content, all more restricted): its site "
            f"would have no strategy, goal chain or scorecard to show; give what this audience may read "
            f"'visibility: {edition}', or build another edition"]


def kpi_statuses(result: Result) -> dict[str, Status]:
    """Each KPI's status as of the result's date."""
    return {kpi.id: kpi_status(Plan.from_kpi(kpi.data), _points(result.graph, kpi.id), result.as_of,
                               result.config.thresholds)
            for kpi in result.graph.of_kind("kpi")}


def _points(graph: Graph, kpi: str):
    series = graph.series.get(kpi)
    return series.points if series else []
