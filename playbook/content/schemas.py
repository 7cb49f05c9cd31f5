"""The JSON Schemas shipped with the package, and the references they declare.

A field that holds references carries an `x-ref` annotation naming the kinds it may
point to and the name of the inverse relation. `reference_fields()` reads those
annotations for every kind, so references and backlinks need no per-kind code.
"""
from __future__ import annotations

import copy
import json
from collections import Counter
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from typing import TYPE_CHECKING

from playbook.content.dates import parse_date
from playbook.content.model import KINDS
from playbook.content.schema_code import schema_check

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, FormatChecker

BASE_URI = "file:///playbook/schemas/"
ANY_KIND = "*"
COMMON_DEFS = "common.schema.json#/$defs/"


@dataclass(frozen=True)
class RefField:
    kind: str  # the kind that declares the field
    path: tuple  # path inside the entity; "*" stands for every list item
    targets: tuple[str, ...]  # kinds it may point to
    inverse: str  # the name of the relation seen from the target
    acyclic: bool = False  # following the field may never lead back to the start
    text: bool = False  # plain text is accepted too: what names no entity of the target kinds stays text

    @cached_property
    def name(self) -> str:  # asked for every link of every build
        return ".".join(p for p in self.path if p != "*")


def schema_files() -> dict[str, str]:
    """File name -> JSON text of every shipped schema."""
    folder = resources.files("playbook.content") / "schemas"
    return {f.name: f.read_text(encoding="utf-8") for f in folder.iterdir() if f.name.endswith(".json")}


@cache
def schemas() -> dict[str, dict]:
    return {name: json.loads(text) for name, text in schema_files().items()}


def kind_schema(kind: str) -> dict:
    return schemas()[f"{kind}.schema.json"]


@cache
def validator(kind: str) -> Draft202012Validator:
    """The kind's full validator, which says where and why data fails. Imported when first
    needed: a playbook whose entities all pass `surely_valid` never needs it."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    registry = Registry().with_resources(
        (BASE_URI + name, Resource.from_contents(schema)) for name, schema in schemas().items()
    )
    schema = {**inline_common(kind_schema(kind)), "$id": BASE_URI + f"{kind}.schema.json"}
    return Draft202012Validator(schema, registry=registry, format_checker=_formats())


@cache
def _formats() -> FormatChecker:
    """The standard formats, with `date` limited to the dates a playbook may use."""
    from jsonschema import FormatChecker

    checker = FormatChecker()
    checker.checks("date")(_is_date)
    return checker


def _is_date(value) -> bool:
    return not isinstance(value, str) or parse_date(value) is not None


COMPILE_AFTER = 0
"""Entities of one kind checked by `validator` alone before the kind's schema is compiled for
`surely_valid`. Compiled without the details of its errors, a kind's schema costs about as much
as checking ten entities with `validator`, and the first call of `validator` costs more than
that (it imports jsonschema and builds the registry): every kind is compiled at once."""
_checked: Counter = Counter()


def surely_valid(kind: str, data) -> bool:
    """True when the data meets the kind's schema, told by the schema compiled to Python code,
    many times faster than `validator`; False when it may not, or the kind is not compiled
    yet. Only `validator` says where and why data fails, so it checks everything this does not
    pass: the compiled check may be stricter than it (a '$' at the very end), never more lenient."""
    _checked[kind] += 1
    if _checked[kind] <= COMPILE_AFTER:
        return False
    try:
        _compiled(kind)(data)
    except Exception:  # noqa: BLE001 - whatever it is, `validator` says it
        return False
    return True


@cache
def _compiled(kind: str):
    """The kind's schema as Python code that only tells valid from not (`validator` says why),
    generated once and kept (`schema_code`)."""
    return schema_check(kind, _const_as_enum(inlined(kind)), {"date": _is_date})


def _const_as_enum(spec):
    """A copy of the schema with each `const` written as the one-value `enum` it equals (the
    compiler cannot write a `const` without the details of its error)."""
    if isinstance(spec, list):
        return [_const_as_enum(item) for item in spec]
    if not isinstance(spec, dict):
        return copy.deepcopy(spec)
    out = {key: _const_as_enum(value) for key, value in spec.items() if key != "const"}
    if "const" in spec:
        out["enum"] = [copy.deepcopy(spec["const"])]
    return out


def inline_common(spec):
    """The schema with each `$ref` to a definition of common.schema.json written out in
    place (its siblings added): the same constraints, without a registry look-up for
    every value checked, which dominated the checker's time on large playbooks."""
    if isinstance(spec, list):
        return [inline_common(item) for item in spec]
    if not isinstance(spec, dict):
        return spec
    out = {key: inline_common(value) for key, value in spec.items()}
    ref = out.get("$ref", "")
    if ref.startswith(COMMON_DEFS):
        del out["$ref"]
        out = {**inline_common(kind_schema("common")["$defs"][ref[len(COMMON_DEFS):]]), **out}
    return out


@cache
def inlined(kind: str) -> dict:
    """The kind's schema with the common definitions written out (`inline_common`), made once."""
    return inline_common(kind_schema(kind))


def _walk(kind: str, props: dict, prefix: tuple):
    for name, spec in props.items():
        path = prefix + (name,)
        if "x-ref" in spec:
            targets = tuple(spec["x-ref"]["kinds"])
            if ANY_KIND in targets:
                targets = tuple(KINDS)
            x_ref = spec["x-ref"]
            yield RefField(kind, path, targets, x_ref["inverse"], x_ref.get("acyclic", False), x_ref.get("text", False))
        if "properties" in spec:
            yield from _walk(kind, spec["properties"], path)
        if "properties" in spec.get("items", {}):
            yield from _walk(kind, spec["items"]["properties"], path + ("*",))


@cache
def reference_fields() -> tuple[RefField, ...]:
    """Every reference field of every kind, read from the schemas."""
    return tuple(f for kind in KINDS for f in _walk(kind, inline_common(kind_schema(kind))["properties"], ()))


@cache
def fields_of(kind: str) -> tuple[RefField, ...]:
    return tuple(f for f in reference_fields() if f.kind == kind)


@cache
def accepts_text(kind: str, path: tuple) -> bool:
    """Whether the kind's schema lets the value at `path` (list indexes included) be text."""
    spec = inline_common(kind_schema(kind))
    for part in path:
        spec = spec.get("items", {}) if isinstance(part, int) else spec.get("properties", {}).get(part, {})
    types = spec.get("type", [])
    return "string" in ([types] if isinstance(types, str) else types)


def _names_and_values(spec, names: set, values: set) -> None:
    if isinstance(spec, list):
        for item in spec:
            _names_and_values(item, names, values)
        return
    if not isinstance(spec, dict):
        return
    names.update(spec.get("properties", {}))
    if "x-ref" in spec:
        names.add(spec["x-ref"]["inverse"])
    values.update(v for v in spec.get("enum", ()) if isinstance(v, str))
    for key, child in spec.items():
        if key not in ("enum", "x-ref", "examples", "default"):
            _names_and_values(child, names, values)


@cache
def vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """Every field and relation name, and every text value the schemas list (`enum`): the
    names and values pages show, each a message of the catalogue."""
    names: set[str] = set()
    values: set[str] = set()
    for name in [*KINDS, "page"]:
        _names_and_values(inline_common(kind_schema(name)), names, values)
    return frozenset(names), frozenset(values)
