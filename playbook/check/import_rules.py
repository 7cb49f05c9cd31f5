"""KPI import rules checked as `playbook import` will run them, beyond what the schema says.

The schema gives each field of an `import` rule its type (and asks for a value column
unless the rule counts rows); here the rest, so that a rule `validate` accepts never
crashes an import:

* a filter tests something: `equals` or `matches`;
* a `matches` pattern compiles in RE2, the engine imports run it with: its time is
  linear in the cell's length whatever the pattern, so no export can make a filter
  backtrack. Perl-only constructs (lookaround, backreferences) are refused here;
* a `date_format` holds only directives `strptime` knows, and a year (`%Y` or `%y`):
  without one every date would fall in 1900;
* `match` names export files by their name, so it holds no folder.

`import_problems` finds the diagnostics that sit inside a KPI's rule, so `import`
refuses a rule the checker reports rather than running it.
"""
from __future__ import annotations

import re
from functools import lru_cache

import re2

from playbook.content.diagnostics import Diagnostic
from playbook.content.model import Entity

DIRECTIVES = frozenset("aAbBcdfGHIjmMpSuUVwWxXyYzZ%")
"""The `strptime` directives a date format may use."""


@lru_cache(maxsize=256)
def pattern(text: str):
    """The compiled filter pattern; raises re2.error for one RE2 does not accept."""
    options = re2.Options()
    options.log_errors = False  # the error is reported as a diagnostic, not logged
    return re2.compile(text, options)


def check_import_rules(entities: list[Entity]) -> list[Diagnostic]:
    diags = []
    for kpi in entities:
        rule = kpi.data.get("import") if kpi.kind == "kpi" else None
        if isinstance(rule, dict):
            diags += [Diagnostic(kpi.file, *kpi.loc("import", *path), "error", code, f"kpi field '{_name(path)}': {why}")
                      for path, code, why in _rule_problems(rule)]
    return diags


def _rule_problems(rule: dict):
    match = rule.get("match")
    if isinstance(match, str) and ("/" in match or "\\" in match):
        yield ("match",), "PB015", f"'{match}' names a folder; match names export files by their name, e.g. ga4-*.csv"
    date_format = rule.get("date_format")
    if isinstance(date_format, str):
        problem = date_format_problem(date_format)
        if problem:
            yield ("date_format",), "PB015", problem
    filters = rule.get("filters")
    for index, test in enumerate(filters if isinstance(filters, list) else []):
        if not isinstance(test, dict):
            continue
        if "equals" not in test and "matches" not in test:
            yield ("filters", index), "PB011", "a filter needs 'equals' or 'matches' (the rows it keeps)"
        if isinstance(test.get("matches"), str):
            try:
                pattern(test["matches"])
            except re2.error as exc:
                reason = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else exc
                yield ("filters", index, "matches"), "PB015", (f"'{test['matches']}' is not a pattern imports can run: "
                                                               f"{reason} (RE2 syntax: no lookaround or backreferences)")


def date_format_problem(text: str) -> str | None:
    """Why `text` is not a date format imports can read with, or None."""
    letters = re.findall(r"%(.?)", text)
    bad = next((letter for letter in letters if letter not in DIRECTIVES), None)
    if bad is not None:
        return f"'{text}' holds " + (f"'%{bad}', which is not a date directive" if bad else "a '%' with no directive after it")
    if not {"Y", "y"} & set(letters):
        return f"'{text}' has no year (%Y or %y); every date would fall in 1900"
    return None


def import_problems(kpi: Entity, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The errors the checker reports inside the KPI's import rule."""
    where = {loc for path, loc in [*kpi.doc.locs.items(), *kpi.doc.key_locs.items()] if path[:1] == ("import",)}
    return [d for d in diagnostics if d.severity == "error" and d.file == kpi.file and (d.line, d.column) in where]


def _name(path: tuple) -> str:
    text = "import"
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text
