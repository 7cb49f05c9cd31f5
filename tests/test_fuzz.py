"""Fuzzing load -> check -> render_site in every edition: no exception, nothing hidden shows.

Random playbooks are generated from the kinds' JSON Schemas (so every field of every
kind gets values: text, Markdown, HTML and XSS payloads, inline references, dates,
numbers, references to visible, hidden and unknown entities), with random
visibilities, measurements, free pages, an as-of date and a `playbook.yml` that
switches random reference and alignment rules off (as an organization may). Some
entities get a value of the wrong type or size somewhere (in a field, a list item, a
nested mapping such as an account, a posting plan or a milestone), and some playbooks
are then mutated byte by byte with the property tests' mutations. The due list is
made in every format from whatever the checker returns; whatever it accepts is
rendered for all three editions, with and without directory URLs, and exported as
StratML and as the briefing book, and must give pages with distinct output paths in
which no marker of an entity, page or measurement note hidden from that edition
appears.
(`tests/test_properties.py` covers load -> check on its own.)

The run is bounded for `make test`; to search longer, raise the number of examples:

    PLAYBOOK_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/test_fuzz.py
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook.check.checker import check
from playbook.check.config import ConfigError
from playbook.check.path_clashes import path_clashes
from playbook.check.rules import RULES
from playbook.check.site_paths import entity_path
from playbook.content.model import KINDS, VISIBILITY_LEVELS
from playbook.content.schemas import inline_common, kind_schema
from playbook.living.deadlines import due_items
from playbook.outputs.briefing_book import report_html
from playbook.outputs.due_list import FORMATS as DUE_FORMATS
from playbook.outputs.stratml import stratml
from playbook.site.all_pages import SiteOptions, render_site
from tests.contenttree import write_tree
from tests.test_properties import mutation
from tests.test_xss import payloads

EXAMPLES = int(os.environ.get("PLAYBOOK_FUZZ_EXAMPLES", "60"))
BOUNDED = settings(max_examples=EXAMPLES, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
MARK = "\u00a7"  # markers are §n§; random text never holds the sign
IDS = ["a", "b", "c"]
SKIPPED = {"title", "visibility", "body", "data"}  # written separately, or a path (see test_paths.py)
SWITCHABLE = [code for code in RULES if code[:3] in ("PB1", "PB2")] + ["PB012", "PB015"]
PAGE_PATHS = ["intro.md", "guide/index.md", "guide/deep/start.md", "caf\u00e9.md", "Notes.md", "faq.md"]

plain = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=MARK), max_size=30)
snippets = st.sampled_from(payloads() + ["# Heading", "* a\n* b", "| a | b |\n|---|---|\n| 1 | 2 |", "```\ncode\n```",
                                         "> quote", "[x](https://example.org)", "line\n\nparagraph", "\u202e\u200b", ""])
inline_ref = st.builds(lambda k, i, label: f"[[{k}:{i}{label}]]", st.sampled_from([*KINDS, "nokind"]),
                       st.sampled_from(IDS + ["zz"]), st.sampled_from(["", "|label", "|"]))
texts = st.lists(st.one_of(plain, snippets, inline_ref), min_size=1, max_size=3).map(" ".join)
days = st.dates(dt.date(1990, 1, 1), dt.date(2060, 12, 31))
numbers = st.one_of(st.integers(-10**12, 10**12), st.floats(-1e15, 1e15, allow_nan=False, allow_infinity=False),
                    st.sampled_from([0, 2**70, 1.7e308, -1.7e308, 5e-324, 1e-301, -0.0]))


def value(spec: dict, kind_of_ref=None):
    """A strategy for values that (mostly) fit the schema `spec`."""
    if "x-ref" in spec:
        kinds = [k for k in spec["x-ref"]["kinds"] if k in KINDS] or list(KINDS)
        one = st.builds(lambda k, i, typed: f"{k}:{i}" if typed else i, st.sampled_from(kinds),
                        st.sampled_from(IDS + ["zz"]), st.booleans())
        return st.one_of(one, st.lists(one, max_size=3))
    if "enum" in spec:
        return st.sampled_from(spec["enum"])
    if spec.get("format") == "date":
        return days.map(dt.date.isoformat)
    kinds = spec.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    options = []
    if "string" in kinds:
        prefix = "https://example.org/" if spec.get("pattern", "").startswith("^(https") else ""
        options.append(texts.map(lambda t, p=prefix, n=spec.get("maxLength", 10**6): (p + t)[:n] or "x"))
    if "integer" in kinds:
        options.append(st.integers(spec.get("minimum", -5), 12))
    if "number" in kinds:
        options.append(numbers)
    if "boolean" in kinds:
        options.append(st.booleans())
    if "array" in kinds:
        options.append(st.lists(value(spec.get("items", {"type": "string"})), min_size=spec.get("minItems", 0),
                                max_size=max(3, spec.get("minItems", 0))))
    if "object" in kinds:
        options.append(mapping(spec))
    return st.one_of(options) if options else texts


def mapping(spec: dict, skipped=frozenset()):
    props = {k: v for k, v in spec.get("properties", {}).items() if k not in skipped}
    required = {k: value(props[k]) for k in spec.get("required", []) if k in props}
    optional = {k: value(v) for k, v in props.items() if k not in required}
    return st.fixed_dictionaries(required, optional=optional)


visibilities = st.sampled_from([None, *VISIBILITY_LEVELS])
wrong_values = st.one_of(st.sampled_from([None, True, 0, -1, 10**15, 1e15, "", "x", [], {}, [{}], [None], {"a": [1]}]),
                         numbers, plain, st.lists(st.one_of(plain, numbers), max_size=2))


def places(value, path=()):
    """Every place in a value: each field, list item and nested mapping."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        yield path + (key,)
        yield from places(item, path + (key,))


@st.composite
def retyped(draw, data: dict) -> dict:
    """`data` with a value of the wrong type or size put in one place (or, a time in four, none)."""
    spots = list(places(data))
    if not spots or draw(st.integers(0, 3)) == 0:
        return data
    fields = [spot for spot in spots if len(spot) == 1]  # mostly a whole field, else any place
    path = draw(st.sampled_from(fields if fields and draw(st.integers(0, 3)) else spots))
    holder = data
    for part in path[:-1]:
        holder = holder[part]
    holder[path[-1]] = draw(wrong_values)
    return data


@st.composite
def entity_files(draw, kind: str, ident: str, marker: str) -> dict[str, str]:
    data = draw(retyped(draw(mapping(inline_common(kind_schema(kind)), SKIPPED))))
    data["title"] = f"{marker} {draw(plain)}"
    visibility = draw(visibilities)
    if visibility:
        data["visibility"] = visibility
    body = draw(st.none() | texts)
    folder = KINDS[kind]
    if body is None:
        return {f"{folder}/{ident}.yml": json.dumps(data, ensure_ascii=False)}
    return {f"{folder}/{ident}.md": f"---\n{json.dumps(data, ensure_ascii=False)}\n---\n{body} {marker}\n"}


@st.composite
def measurements(draw, marker: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "value", "note"])
    for day in sorted(draw(st.sets(days, max_size=6))):
        note = " ".join(draw(texts).split()) + f" {marker}n"
        writer.writerow([day.isoformat(), draw(numbers), note])
    return out.getvalue()


@st.composite
def playbooks(draw) -> dict[str, str]:
    files, n = {}, 0
    for kind in KINDS:
        for ident in draw(st.lists(st.sampled_from(IDS), unique=True, max_size=2)):
            n += 1
            files.update(draw(entity_files(kind, ident, f"{MARK}{n}{MARK}")))
            if kind == "kpi" and draw(st.booleans()):
                files[f"measurements/{ident}.csv"] = draw(measurements(f"{MARK}{n}{MARK}"))
    for path in draw(st.lists(st.sampled_from(PAGE_PATHS), unique=True, max_size=3)):
        n += 1
        meta = {"title": f"{MARK}{n}{MARK} {draw(plain)}", "visibility": draw(visibilities)}
        files[f"pages/{path}"] = f"---\n{json.dumps(meta, ensure_ascii=False)}\n---\n{draw(texts)} {MARK}{n}{MARK}\n"
    off = draw(st.sets(st.sampled_from(SWITCHABLE)) | st.just(set(SWITCHABLE)))
    files["playbook.yml"] = json.dumps({"rules": {code: "off" for code in sorted(off)}})
    return files


@st.composite
def mutated(draw) -> dict[str, bytes]:
    files = {name: text.encode("utf-8") for name, text in draw(playbooks()).items()}
    for _ in range(draw(st.integers(0, 2))):
        if len(files) > 1:
            draw(mutation(files))
    return files


def hidden_markers(result, edition: str) -> tuple[set[str], set[str]]:
    """(markers, page paths) that the edition must not show, worked out from the content."""
    level = VISIBILITY_LEVELS[edition]
    markers, paths = set(), set()
    for entity in result.graph.entities.values():
        marker = entity.title.split(" ", 1)[0]
        measured = VISIBILITY_LEVELS.get(entity.data.get("measurements_visibility"), 0)
        if VISIBILITY_LEVELS[entity.visibility] > level:
            markers.add(marker)
            paths.add(entity_path(entity.kind, entity.id))
        if max(measured, VISIBILITY_LEVELS[entity.visibility]) > level:
            markers.add(marker + "n")
    for page in result.graph.pages:
        if VISIBILITY_LEVELS.get(page.meta.get("visibility"), VISIBILITY_LEVELS["internal"]) > level:
            markers.add(page.title.split(" ", 1)[0])
    return {m for m in markers if m.startswith(MARK)}, paths


def render_every_edition(files: dict) -> int:
    """Check, then render each edition; the number of pages rendered (0 when the content has errors)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = write_tree(Path(tmp) / "content", files)
        try:
            result = check(root, as_of=dt.date(2026, 6, 1))
        except ConfigError:  # a mutated playbook.yml is a usage error, reported as such
            return 0
        for render in DUE_FORMATS.values():  # due works on content with errors too
            render(due_items(result.graph, result.config), result.as_of)
        if result.errors:
            return 0
        report_html(result, "internal")
        rendered = 0
        for edition in VISIBILITY_LEVELS:
            for directory_urls in (True, False):
                pages = render_site(result, SiteOptions(edition, result.as_of, directory_urls))
                assert path_clashes([(p.path, p.source) for p in pages], directory_urls) == []
                markers, paths = hidden_markers(result, edition)
                assert paths.isdisjoint(p.path for p in pages)
                text = "\n".join(p.markdown + p.title for p in pages)
                assert [m for m in markers if m in text] == [], edition
                rendered += len(pages)
            stratml(result, edition)
        return rendered


@BOUNDED
@given(playbooks())
def test_random_playbooks_render_in_every_edition(files):
    render_every_edition(files)


@BOUNDED
@given(mutated())
def test_mutated_playbooks_check_and_render_without_exceptions(files):
    render_every_edition(files)
