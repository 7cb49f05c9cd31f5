"""Start a playbook: `init` writes a new repository, `new` writes one entity file.

`init` copies the skeleton shipped in `playbook/scaffold/skeleton/` (mkdocs.yml, an editors'
README, the CI, due-list and check-in workflows, a pre-commit configuration) and one of the example content
folders of `playbook/scaffold/templates/` (`business`, a small shop; `public-agency`, a county
emergency-management agency with its team, account registry, posting plans per mode,
incident page and themes), fills in dates relative to today, writes measurements that are on
track (except those a template ships, such as the agency's KPI that lags, with its owner's
commentary), exports the JSON Schemas and maps them to the content folders for editors, and writes
the check-in issue form listing the example's KPIs (`checkin_form`).
`new` writes an entity with every required field holding a placeholder and every
optional field commented out, each under a comment taken from the kind's schema.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import os
import textwrap
from importlib import resources
from pathlib import Path
from string import Template

from playbook import __version__
from playbook.check.checker import check
from playbook.check.rules import RULES
from playbook.check.status import Plan
from playbook.content.loader import YAML_SUFFIXES, load_entity
from playbook.content.model import (
    ID_PATTERN,
    KINDS,
    MAX_ID_LENGTH,
    MEASUREMENTS_FOLDER,
    slugify,
)
from playbook.content.schemas import ANY_KIND, inline_common, kind_schema, schema_files
from playbook.outputs.output_guard import ensure_folder, write_file
from playbook.scaffold.checkin_form import FORM_PATH, issue_form

SCHEMAS_FOLDER = "schemas"
CONTENT_FOLDER = "content"
DOT_PREFIX = "dot-"
"""Skeleton names starting with this become hidden files (`dot-github` -> `.github`),
so that packaging tools, which skip hidden files, still ship them."""
ENTITY_SUFFIXES = (*YAML_SUFFIXES, ".md")
TEMPLATES = {"business": "Harbour Cycles Playbook", "public-agency": "Fellside County Emergency Management Playbook"}
"""The example playbooks `init` can start from, and their site names."""


class ScaffoldError(Exception):
    """A request `init`, `new` or `schema` refuses: the message says why."""


def export_schemas(out: Path) -> list[Path]:
    """Write every shipped JSON Schema into `out`, beside the one they all refer to."""
    ensure_folder(out)
    return [write_file(out / name, text) for name, text in sorted(schema_files().items())]


def editor_settings(schemas_dir: str, content_dir: str) -> str:
    """`.vscode/settings.json` mapping each kind's schema to its content folder."""
    mapping = {f"{schemas_dir}/{kind}.schema.json": [f"{content_dir}/{folder}/*{suffix}" for suffix in YAML_SUFFIXES]
               for kind, folder in KINDS.items()}
    return json.dumps({"yaml.schemas": mapping}, indent=2) + "\n"


# init ------------------------------------------------------------------------

def init(target: Path, today: dt.date, template: str = "business") -> list[Path]:
    """Write a new playbook repository into `target`: a new folder, or one that holds
    nothing but an empty git repository's `.git`."""
    if template not in TEMPLATES:
        raise ScaffoldError(f"unknown template '{template}' (templates: {', '.join(TEMPLATES)})")
    if target.exists() and (not target.is_dir() or any(p.name != ".git" for p in target.iterdir())):
        raise ScaffoldError(f"'{target}' is not an empty folder; init writes a new playbook into an empty or new folder")
    values = {**_dates(today), **_election(today), **_rhythm(today), "version": __version__, "site_name": TEMPLATES[template],
              "last_week": (today - dt.timedelta(days=7)).isoformat()}
    written = []
    package = resources.files("playbook.scaffold")
    for rel, source in [*_skeleton_files(package / "skeleton", ()), *_skeleton_files(package / "templates" / template, ())]:
        path = target.joinpath(*rel)
        write_file(path, Template(source.read_text(encoding="utf-8")).substitute(values))
        written.append(path)
    written += export_schemas(target / SCHEMAS_FOLDER)
    settings = target / ".vscode" / "settings.json"
    write_file(settings, editor_settings(SCHEMAS_FOLDER, CONTENT_FOLDER))
    written.append(settings)
    written += _write_measurements(target / CONTENT_FOLDER, today)
    written.append(write_file(target / FORM_PATH, issue_form(check(target / CONTENT_FOLDER, as_of=today))))
    return written


def _skeleton_files(folder, rel: tuple):
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        name = "." + item.name[len(DOT_PREFIX):] if item.name.startswith(DOT_PREFIX) else item.name
        if item.is_dir():
            yield from _skeleton_files(item, rel + (name,))
        else:
            yield rel + (name,), item


def _month(today: dt.date, offset: int) -> dt.date:
    """The first day of the month `offset` months from today's."""
    index = today.year * 12 + today.month - 1 + offset
    return dt.date(index // 12, index % 12 + 1, 1)


def _election(today: dt.date) -> dict[str, str]:
    """The public-agency example's pre-election period: 1 April to 6 May, this year's until it
    has ended, so that the content calendar (twelve months from today) always shows it."""
    year = today.year if today <= dt.date(today.year, 5, 6) else today.year + 1
    return {"election_start": dt.date(year, 4, 1).isoformat(), "election_end": dt.date(year, 5, 6).isoformat()}


def _dates(today: dt.date) -> dict[str, str]:
    """The example's dates: a two-year strategy that started six months ago."""
    months = {"start": -6, "first_milestone": -3, "last_month": -1, "mid": 3, "second_milestone": 9, "review": 12, "end": 18}
    return {name: _month(today, offset).isoformat() for name, offset in months.items()}


def _rhythm(today: dt.date) -> dict[str, str]:
    """When the example's reviews are first held: next Monday, the first of next month and of the
    next quarter, so that none is due before the playbook exists."""
    quarter = _month(today, 3 - (today.month - 1) % 3)
    return {"next_monday": (today + dt.timedelta(days=7 - today.weekday())).isoformat(),
            "next_month": _month(today, 1).isoformat(), "next_quarter": quarter.isoformat()}


def _write_measurements(content: Path, today: dt.date) -> list[Path]:
    """Monthly measurements for each example KPI, on its plan, up to today (a KPI whose
    measurements the template ships keeps them: an example that lags its plan)."""
    written = []
    for file in sorted((content / KINDS["kpi"]).iterdir()):
        if (content / MEASUREMENTS_FOLDER / f"{file.stem}.csv").exists():
            continue
        kpi = load_entity(content, file.relative_to(content).as_posix(), "kpi")
        plan = Plan.from_kpi(kpi.data)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["date", "value", "note"])
        offset = 0
        while (on := _month(plan.baseline_date, offset)) <= today:
            writer.writerow([on.isoformat(), _on_plan(plan, on), ""])
            offset += 1
        path = content / MEASUREMENTS_FOLDER / f"{kpi.id}.csv"
        write_file(path, out.getvalue())
        written.append(path)
    return written


def _on_plan(plan: Plan, on: dt.date) -> str:
    """The value the plan expects on a date, rounded the way that keeps it on track."""
    digits = 0 if plan.baseline.is_integer() and plan.target.is_integer() else 2
    step = {"increase": math.ceil, "decrease": math.floor}.get(plan.direction, round)
    return f"{step(plan.expected(on) * 10 ** digits) / 10 ** digits:.{digits}f}"


# new -------------------------------------------------------------------------

def new_entity(content: Path, kind: str, ident: str, today: dt.date) -> Path:
    """Write `content/<folder>/<ident>.yml` for `kind`; refuses what cannot be a new entity."""
    if kind not in KINDS:
        raise ScaffoldError(f"unknown kind '{kind}' (kinds: {', '.join(KINDS)})")
    if not ID_PATTERN.match(ident) or len(ident) > MAX_ID_LENGTH:
        raise ScaffoldError(f"'{ident}' is not a valid id: ids are lowercase letters, digits and single hyphens, "
                            f"at most {MAX_ID_LENGTH} characters (try '{slugify(ident) or 'my-id'}')")
    folder = content / KINDS[kind]
    for existing in _entity_files(folder):
        if existing.stem.lower() == ident:
            raise ScaffoldError(f"{kind} '{ident}' already exists: {existing}")
    path = folder / f"{ident}.yml"
    return write_file(path, entity_text(kind, ident, Filler(content, today), _schema_ref(content, kind, path)))


def schema_location(content: Path, kind: str) -> Path:
    """Where the kind's exported schema is: `schemas/` beside the content folder as
    `init` lays it out, or the package's own folder in the playbook repository."""
    candidates = [content.parent / SCHEMAS_FOLDER, content.parent / "playbook" / "content" / SCHEMAS_FOLDER]
    found = [c for c in candidates if (c / f"{kind}.schema.json").is_file()]
    return (found or candidates)[0] / f"{kind}.schema.json"


def _schema_ref(content: Path, kind: str, path: Path) -> str:
    return Path(os.path.relpath(schema_location(content, kind), path.parent)).as_posix()


def _entity_files(folder: Path) -> list[Path]:
    return sorted(f for f in folder.glob("*") if f.suffix in ENTITY_SUFFIXES) if folder.is_dir() else []


class Filler:
    """Placeholder values for a new entity: existing ids for references, today for dates."""

    def __init__(self, content: Path, today: dt.date):
        self.content, self.today = content, today

    def reference(self, targets: list[str]) -> str:
        kinds = list(KINDS) if ANY_KIND in targets else targets
        for kind in kinds:
            ids = [f.stem for f in _entity_files(self.content / KINDS[kind]) if ID_PATTERN.match(f.stem)]
            if ids:
                return f"{kind}:{ids[0]}" if len(kinds) > 1 else ids[0]
        return f"{kinds[0]}:{kinds[0]}-id" if len(kinds) > 1 else f"{kinds[0]}-id"

    def value(self, name: str, spec: dict, ident: str):
        if "x-ref" in spec:
            return self.reference(spec["x-ref"]["kinds"])
        if "default" in spec:
            return spec["default"]
        if "enum" in spec:
            return spec["enum"][0]
        if spec.get("format") == "date":
            return self.today.isoformat()
        kind = spec.get("type", "string")
        kind = kind[0] if isinstance(kind, list) else kind
        if kind == "integer":
            return spec.get("minimum", 0)
        if kind in ("number", "boolean"):
            return 0 if kind == "number" else False
        if name == "title" and ident:
            return ident.replace("-", " ").capitalize()
        description = spec.get("description", "").rstrip(".")
        return f"TODO: {description[:1].lower()}{description[1:]}" if description else "TODO"


def entity_text(kind: str, ident: str, filler: Filler, schema_ref: str) -> str:
    schema = inline_common(kind_schema(kind))
    head = [f"# yaml-language-server: $schema={schema_ref}",
            *_comment(f"A {kind}: {schema.get('description', '')}", ""),
            "# Required fields hold placeholders to replace; optional fields are commented out.", ""]
    return "\n".join(head + _mapping_lines(schema, filler, ident, "")) + "\n"


def _mapping_lines(spec: dict, filler: Filler, ident: str, pad: str) -> list[str]:
    """Each field: required ones (by the schema, or by a rule that is an error by default,
    `x-required-by`) with a placeholder, optional ones commented out."""
    required = set(spec.get("required", [])) | {name for name, field in spec.get("properties", {}).items()
                                                 if RULES.get(field.get("x-required-by", "")) and
                                                 RULES[field["x-required-by"]].severity == "error"}
    lines = []
    for name, field in spec.get("properties", {}).items():
        lines += _comment(_describe(field, name in required), pad)
        block = _field_lines(name, field, filler, ident, pad)
        lines += block if name in required else [f"{pad}# {line[len(pad):]}" for line in block]
    return lines


_TYPE_WORDS = {"array": "A list.", "boolean": "true or false.", "integer": "A whole number.", "number": "A number."}


def _describe(field: dict, required: bool) -> str:
    parts = [field.get("description") or ("" if "enum" in field else _TYPE_WORDS.get(field.get("type"), ""))]
    if "enum" in field:
        parts.append("Choose one of " + ", ".join(str(v) for v in field["enum"]) + ".")
    if "x-ref" in field:
        kinds = field["x-ref"]["kinds"]
        parts.append("Refers to any kind of entity." if ANY_KIND in kinds else f"Refers to {' or '.join(kinds)} ids.")
    items = field.get("items", {})
    if "properties" in items:
        parts.append("Each item has " + ", ".join(
            n + ("" if n in items.get("required", []) else " (optional)") for n in items["properties"]) + ".")
    parts.append("Required." if required else "Optional.")
    return " ".join(p for p in parts if p)


def _comment(text: str, pad: str) -> list[str]:
    """Comment lines; continuation lines are indented so that none reads like a commented-out field."""
    return [f"{pad}# {line}" for line in textwrap.wrap(text, 86 - len(pad), subsequent_indent="  ")]


def _field_lines(name: str, field: dict, filler: Filler, ident: str, pad: str) -> list[str]:
    if "properties" in field:
        first = {"required": list(field["properties"])[:1]} if not field.get("required") else {}
        return [f"{pad}{name}:"] + _mapping_lines({**field, **first}, filler, ident, pad + "  ")
    if field.get("type") == "array":
        items = field.get("items", {})
        lines = [f"{pad}{name}:"]
        for _ in range(max(field.get("minItems", 1), 1)):
            if "properties" in items:
                keys = [k for k in items["properties"] if k in items.get("required", [])] or list(items["properties"])[:1]
                item = [f"{k}: {_scalar(filler.value(k, items['properties'][k], ''))}" for k in keys]
                lines += [f"{pad}  - {item[0]}"] + [f"{pad}    {line}" for line in item[1:]]
            else:
                lines.append(f"{pad}  - {_scalar(filler.value(name, items, ident))}")
        return lines
    return [f"{pad}{name}: {_scalar(filler.value(name, field, ident))}"]


_PLAIN_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}


def _scalar(value) -> str:
    """A YAML scalar: ids and enum words plain, other text double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    kind, _, ident = text.rpartition(":")
    plain = ID_PATTERN.match(ident) and ident[0].isalpha() and (not kind or kind in KINDS)
    if plain and text.lower() not in _PLAIN_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)
