"""Form rules: each entity against its kind's JSON Schema, and ids unique per kind.

Schema errors are turned into located diagnostics with messages that say where,
what was found and what was expected.
"""
from __future__ import annotations

from collections import defaultdict
from difflib import get_close_matches
from typing import TYPE_CHECKING

from playbook.content.dates import date_problem
from playbook.content.diagnostics import Diagnostic
from playbook.content.loader import type_name
from playbook.content.model import Entity
from playbook.content.schemas import accepts_text, kind_schema, surely_valid, validator

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

_TYPE_WORDS = {"string": "text", "array": "a list", "object": "a mapping", "integer": "a whole number",
               "number": "a number", "boolean": "true or false", "null": "nothing"}


def keep_written_text(entity: Entity) -> None:
    """A number written where the schema accepts text stays the text written:
    `version: 3.10` is '3.10', not 3.1."""
    for path, text in entity.doc.numbers.items():
        if accepts_text(entity.kind, path):
            _set(entity.data, path, text)


def _set(data, path: tuple, value) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


REJECTED = frozenset({"type", "anyOf", "oneOf", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
                      "multipleOf"})
"""What the schema says of a value itself (not of what a mapping or list lacks or adds):
its type, or its range."""


def check_schema(entity: Entity, rejected: list | None = None) -> list[Diagnostic]:
    """Every schema error of the entity; `rejected` gets (entity, path) of each value of
    the wrong type or out of its range, for `set_aside`."""
    if surely_valid(entity.kind, entity.data):
        return []
    diags = []
    for err in validator(entity.kind).iter_errors(entity.data):
        if err.validator == "additionalProperties":  # one error names every unknown field
            diags += _unknown_fields(entity, tuple(err.absolute_path), err.instance, err.schema.get("properties", {}))
        else:
            diags.append(_diagnostic(entity, err))
        if rejected is not None and _unusable(err) and err.absolute_path:
            rejected.append((entity, tuple(err.absolute_path)))
    return diags


def _unusable(err: ValidationError) -> bool:
    """Whether later stages could trip over the value: of the wrong type or out of range.
    A word or number that is not among the listed ones (`cadence: montly`) stays: it
    matches none, as a missing value would, and says nothing more."""
    if err.validator in ("enum", "const"):
        return isinstance(err.instance, (dict, list))
    return err.validator in REJECTED


def set_aside(rejected: list) -> None:
    """Take the rejected values out of their entities' data, once they are reported, so
    that no later rule, page or command meets a value of a type or size it does not
    expect (`accounts: 5`, `cadence: [monthly]`) while the content is reported broken."""
    for entity, path in sorted(rejected, key=lambda item: len(item[1]), reverse=True):  # the deepest first
        _set_aside(entity.data, path)


def _set_aside(data, path: tuple) -> None:
    """Remove the value at `path` (a list keeps its length: the item becomes None)."""
    for part in path[:-1]:
        if not isinstance(data, (dict, list)) or (isinstance(data, list) and not isinstance(part, int)):
            return
        try:
            data = data[part]
        except (KeyError, IndexError):
            return
    if isinstance(data, dict):
        data.pop(path[-1], None)
    elif isinstance(data, list) and isinstance(path[-1], int) and path[-1] < len(data):
        data[path[-1]] = None


def field_path(path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top)"


def _expected_types(types) -> str:
    types = [types] if isinstance(types, str) else types
    return " or ".join(_TYPE_WORDS.get(t, t) for t in types)


def _diagnostic(entity: Entity, err: ValidationError) -> Diagnostic:
    path = tuple(err.absolute_path)
    where = field_path(path)
    kind = entity.kind
    line, col = entity.loc(*path)
    if err.validator == "required":
        missing = err.message.split("'")[1]
        desc = _describe(kind, path + (missing,))
        return _make(entity, line, col, "PB011", f"{kind} is missing required field '{field_path(path + (missing,))}'{desc}")
    if err.validator == "type":
        return _make(entity, line, col, "PB010",
                     f"{kind} field '{where}': expected {_expected_types(err.validator_value)}, "
                     f"found {type_name(err.instance)} {_show(err.instance)}")
    if err.validator == "enum":
        choices = ", ".join(str(c) for c in err.validator_value)
        return _make(entity, line, col, "PB013", f"{kind} field '{where}': {_show(err.instance)} is not one of: {choices}")
    if err.validator == "format" and err.validator_value == "date":
        return _make(entity, line, col, "PB014", f"{kind} field '{where}': {date_problem(err.instance)}")
    return _make(entity, line, col, "PB015", f"{kind} field '{where}': {err.message}")


def _unknown_fields(entity, path, instance: dict, properties: dict) -> list[Diagnostic]:
    allowed = sorted(properties)
    diags = []
    for name in (k for k in instance if k not in properties):
        line, col = entity.loc(*path, name, key=True)
        close = get_close_matches(name, allowed, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else f" (allowed: {', '.join(allowed)})"
        diags.append(_make(entity, line, col, "PB012", f"{entity.kind} has unknown field '{field_path(path + (name,))}'{hint}"))
    return diags


def _describe(kind: str, path) -> str:
    spec = kind_schema(kind)
    for part in path:
        spec = spec.get("items", spec) if isinstance(part, int) else spec.get("properties", {}).get(part, {})
    desc = spec.get("description")
    return f": {desc[0].lower()}{desc[1:].rstrip('.')}" if desc else ""


def _show(value) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _make(entity, line, col, code, message) -> Diagnostic:
    return Diagnostic(entity.file, line, col, "error", code, message)


def check_unique_ids(entities: list[Entity]) -> list[Diagnostic]:
    """Two files of one kind whose ids are equal, ignoring letter case."""
    groups: dict[tuple[str, str], list[Entity]] = defaultdict(list)
    for entity in entities:
        groups[(entity.kind, entity.id.lower())].append(entity)
    diags = []
    for (kind, _), same in groups.items():
        for entity in same[1:]:
            diags.append(_make(entity, 1, 1, "PB007",
                               f"{kind} id '{entity.id}' is already defined by {same[0].file}"
                               + (" (ids may not differ only in letter case)" if entity.id != same[0].id else "")))
    return diags
