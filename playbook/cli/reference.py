"""The user guide's reference, written from the code: kinds and fields, rules, commands, playbook.yml.

Each function returns one Markdown page. The kinds come from the JSON Schemas (every
field with its type, whether it is required, its description, the kinds it refers to and
the values it allows, nested parts as tables of their own, and the relations other kinds
hold to it); the rules from the rule table; the commands from the argument parser; the
configuration from its sections and defaults. The guide's build asks for them, so the
reference cannot drift from the tool.
"""
from __future__ import annotations

import argparse

from playbook.check.config import (
    DEFAULT_BUILDING_BLOCKS,
    DEFAULT_MODES,
    DEFAULT_PERSPECTIVES,
    DEFAULT_ROLES,
    EXAMPLES,
    Config,
)
from playbook.check.plan_record import FIELDS as PLAN_FIELDS
from playbook.check.rules import markdown_table
from playbook.content.model import KINDS
from playbook.content.schemas import inline_common, kind_schema, reference_fields


def _cell(text) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _type(spec: dict) -> str:
    if "enum" in spec:
        return "one of " + ", ".join(f"`{v}`" for v in spec["enum"])
    if "oneOf" in spec:
        return " or ".join(_type(option) for option in spec["oneOf"])
    types = spec.get("type", "")
    types = [types] if isinstance(types, str) else list(types)
    if spec.get("format") == "date":
        return "date (YYYY-MM-DD)"
    if "array" in types and isinstance(spec.get("items"), dict) and spec["items"].get("type") == "object":
        return "list of parts (below)"
    if types == ["object"]:
        return "mapping (below)" if spec.get("properties") else "mapping"
    words = {"string": "text", "array": "list", "integer": "whole number", "number": "number", "boolean": "true or false",
             "object": "mapping"}
    return " or ".join(words.get(t, t) for t in types) or "any"


def _refers(kind: str, path: tuple) -> str:
    found = next((f for f in reference_fields() if f.kind == kind and f.path == path), None)
    if found is None:
        return ""
    kinds = "any kind" if len(found.targets) == len(KINDS) else ", ".join(found.targets)
    text = " (or a name as text)" if found.text else ""
    return f"id of: {kinds}{text}"


def _fields_table(kind: str, spec: dict, path: tuple) -> tuple[list[str], list[tuple[tuple, dict]]]:
    """The table of one mapping's fields, and the nested parts to describe after it."""
    required = set(spec.get("required", []))
    rows = ["| field | type | required | refers to | what it holds |", "|---|---|---|---|---|"]
    parts = []
    for name, child in spec.get("properties", {}).items():
        where = path + (name,)
        need = "yes" if name in required else (f"by {child['x-required-by']}" if child.get("x-required-by") else "")
        rows.append(f"| `{name}` | {_cell(_type(child))} | {need} | {_cell(_refers(kind, where))} | "
                    f"{_cell(child.get('description', ''))} |")
        items = child.get("items") if isinstance(child.get("items"), dict) else None
        if items and items.get("properties"):
            parts.append((where + ("*",), items))
        elif child.get("properties"):
            parts.append((where, child))
    return rows, parts


def kind_section(kind: str) -> list[str]:
    spec = inline_common(kind_schema(kind))
    lines = [f"## `{kind}`", "", f"Folder `{KINDS[kind]}/`. {spec.get('description', '')}", ""]
    rows, parts = _fields_table(kind, spec, ())
    lines += rows + [""]
    while parts:
        path, part = parts.pop(0)
        name = ".".join(p if p != "*" else "[]" for p in path).replace(".[]", "[]")
        lines += [f"### `{kind}`: `{name}`", "", _cell(part.get("description", "")) or "", ""]
        rows, more = _fields_table(kind, part, path)
        lines += rows + [""]
        parts += more
    inverse = sorted({(f.inverse, f.kind, ".".join(p for p in f.path if p != "*")) for f in reference_fields()
                      if kind in f.targets})
    if inverse:
        lines += [f"Relations other kinds hold to a {kind}, shown on its page:", ""]
        lines += [f"- **{name.replace('_', ' ')}**: a {source}'s `{field}`" for name, source, field in inverse] + [""]
    return lines


def kinds_page() -> str:
    lines = ["# Kinds and fields", "",
             "Every kind of entity, one file each, in the folder named. Written from the JSON Schemas that "
             "`playbook validate` enforces (`playbook schema --out DIR` exports them for editors). A field marked "
             "*by PBxxx* is asked for by that rule rather than by the schema. Every kind also takes `title`, "
             "`summary`, `owner`, `visibility`, `tags` and, in a `.md` file, the Markdown body.", ""]
    for kind in KINDS:
        lines += kind_section(kind)
    return "\n".join(lines)


def rules_page() -> str:
    lines = ["# Rules", "",
             "Every rule `playbook validate` runs: PB0xx form, PB1xx references, PB2xx alignment. Codes never change "
             "meaning. Set a rule's severity in `playbook.yml` (`rules: {PB206: off}`).", "",
             "A value the schema refuses for its type or range (PB010, PB013, PB015: `accounts: 5`, "
             "`cadence: [monthly]`) is reported and then left out of what every later rule and command sees, "
             "so none of them meets a value it cannot use.", "",
             markdown_table()]
    return "\n".join(lines) + "\n"


def _options(sub: argparse.ArgumentParser) -> list[str]:
    rows = ["| option | what it does |", "|---|---|"]
    for action in sub._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        names = ", ".join(f"`{o}`" for o in action.option_strings) or f"`{action.metavar or action.dest}`"
        text = action.help or ""
        if action.choices and not isinstance(action.choices, dict):
            text += f" (one of {', '.join(f'`{c}`' for c in action.choices)})"
        rows.append(f"| {names} | {_cell(text)} |")
    return rows


def commands_page(parser: argparse.ArgumentParser) -> str:
    """Every command of `parser` (the `playbook` command line) with its usage and options."""
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {choice.dest: choice.help for choice in sub._choices_actions}
    lines = ["# Commands", "", "Every `playbook` command, as `playbook COMMAND --help` prints it. Exit codes: 0 no "
             "problems, 1 the content has errors (or warnings with `--strict`), 2 a usage or configuration problem.", ""]
    for name, command in sub.choices.items():
        usage = " ".join(command.format_usage().split()).removeprefix("usage: ")
        lines += [f"## `playbook {name}`", "", _cell(helps.get(name, "")), "", "```text", usage, "```", ""]
        lines += _options(command) + [""]
    return "\n".join(lines)


def configuration_page() -> str:
    defaults = Config()
    lines = ["# playbook.yml", "",
             "The checker's and the site's settings, in `playbook.yml` at the content folder's root. Every section is "
             "optional; a section that is given replaces the defaults below. A setting the file does not know is a "
             "usage error naming its line and column (exit 2).", "",
             "| section | example |", "|---|---|"]
    lines += [f"| `{name}` | `{_cell(example)}` |" for name, example in EXAMPLES.items()]
    lines += ["", "## Defaults", "",
              f"- `status`: on_track {defaults.thresholds.on_track}, at_risk {defaults.thresholds.at_risk}, "
              f"stale_periods {defaults.thresholds.stale_periods}",
              f"- `accounts`: unused_days {defaults.accounts.unused_days}, review_days {defaults.accounts.review_days}, "
              f"rotation_days {defaults.accounts.rotation_days}, capture_days {defaults.accounts.capture_days}",
              f"- `readiness`: exercise_days {defaults.readiness.exercise_days}, "
              f"follow_up_days {defaults.readiness.follow_up_days}",
              f"- `actions`: grace_days {defaults.actions.grace_days}",
              "- `plan`: no record; its fields are " + ", ".join(f"`{name}`" for name in PLAN_FIELDS)
              + " (see [Record the plan itself](../how-to/record-the-plan.md))",
              "- `roles`: " + ", ".join(f"`{k}` ({t}{', in ' + ', '.join(m) if m else ''})" for k, (t, m) in DEFAULT_ROLES.items()),
              "- `modes` (the first is the default): " + ", ".join(f"`{k}` ({t})" for k, t in DEFAULT_MODES.items()),
              "- `perspectives`: " + ", ".join(f"`{k}` ({t})" for k, t in DEFAULT_PERSPECTIVES.items()),
              "- `building_blocks`: " + ", ".join(f"`{k}` ({t})" for k, t in DEFAULT_BUILDING_BLOCKS.items()), ""]
    return "\n".join(lines)
