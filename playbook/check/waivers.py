"""Waivers: findings an editor has acknowledged for one entity and one rule, with a reason,
an owner and an expiry date.

A waiver is written beside the entity (its `waivers` field) or in playbook.yml (`waivers`,
each naming its entity as kind:id). It may narrow itself to one value (`value`: for PB108,
the name written in a person field). The checker runs every rule, then `apply_waivers`
takes the findings an active waiver covers out of the report and keeps them as `Waived`;
after its expiry date a waiver covers nothing, so its findings return as they were. A
waiver that covers no finding (PB025) and one that has expired (PB026) are reported
where they are written. The switches in playbook.yml's `rules` still turn a rule off for
the whole playbook; a waiver is for one known exception.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from playbook.check.rules import RULES, configured
from playbook.content.dates import parse_date
from playbook.content.diagnostics import WAIVED, Diagnostic
from playbook.content.model import CONFIG_FILE, Entity

FIELD = "waivers"
REPORTS = ("PB025", "PB026")
"""The findings about waivers themselves: no waiver covers them."""


@dataclass(frozen=True)
class Waiver:
    entity: tuple[str, str]  # (kind, id) of the entity whose findings it covers
    rule: str
    reason: str
    owner: str
    expires: dt.date
    value: str | None  # only the finding about this value; None: every finding of the rule
    file: str  # where the waiver is written
    line: int
    column: int

    def expired(self, as_of: dt.date) -> bool:
        return as_of > self.expires

    def covers(self, diag: Diagnostic, entity_file: str | None) -> bool:
        return (diag.code == self.rule and diag.file == entity_file
                and (self.value is None or diag.subject == self.value))

    @property
    def what(self) -> str:
        """The waiver in words, for messages: its rule, entity and value."""
        value = f" for '{self.value}'" if self.value is not None else ""
        return f"waiver of {self.rule}{value} on {self.entity[0]} '{self.entity[1]}'"


@dataclass(frozen=True)
class Waived:
    """A finding an active waiver covers."""

    diagnostic: Diagnostic
    waiver: Waiver

    def listed(self) -> Diagnostic:
        """The finding as `validate --waived` lists it: severity "waived", the waiver's terms added."""
        w = self.waiver
        return replace(self.diagnostic, severity=WAIVED, message=f"{self.diagnostic.message} "
                       f"(waived until {w.expires.isoformat()}, owner {w.owner}: {w.reason})")


def entity_waivers(entity: Entity) -> list[Waiver]:
    """The well-formed waivers in the entity's `waivers` field (the schema reports the others)."""
    items = entity.data.get(FIELD)
    out = []
    for i, item in enumerate(items if isinstance(items, list) else []):
        waiver = _waiver(item, entity.key, entity.file, entity.loc(FIELD, i))
        if waiver is not None:
            out.append(waiver)
    return out


FIELDS = {"rule", "value", "reason", "owner", "expires"}
"""What a waiver may say; one that says more (a misspelt field) waives nothing."""


def _waiver(item, key: tuple[str, str], file: str, where: tuple[int, int]) -> Waiver | None:
    if not isinstance(item, dict) or set(item) - FIELDS:
        return None
    rule, reason, owner = (item.get(name) for name in ("rule", "reason", "owner"))
    expires, value = parse_date(item.get("expires")), item.get("value")
    if not all(isinstance(text, str) and text.strip() for text in (rule, reason, owner)) or expires is None:
        return None
    if value is not None and not isinstance(value, str):
        return None
    return Waiver(key, rule.upper(), reason, owner, expires, value, file, *where)


def config_waivers(entries: list[tuple[tuple[str, str], dict, tuple[int, int]]]) -> list[Waiver]:
    """The waivers playbook.yml lists, each as (entity key, fields, where it is written)."""
    return [w for key, item, where in entries
            if (w := _waiver({k: v for k, v in item.items() if k != "entity"}, key, CONFIG_FILE, where)) is not None]


def apply_waivers(diags: list[Diagnostic], waivers: list[Waiver], files: dict[tuple[str, str], str],
                  as_of: dt.date, severities: dict[str, str]) -> tuple[list[Diagnostic], list[Waived]]:
    """The findings in force (`diags`, at their configured severities) left after the active
    waivers took theirs, with the reports about the waivers themselves added; and the findings
    waived. `files` maps each entity to its file."""
    kept, waived, used = [], [], set()
    active = [w for w in waivers if not w.expired(as_of)]
    for diag in diags:
        waiver = None if diag.code in REPORTS else next(
            (w for w in active if w.covers(diag, files.get(w.entity))), None)
        if waiver is None:
            kept.append(diag)
        else:
            waived.append(Waived(diag, waiver))
            used.add(waiver)
    for waiver in waivers:
        if waiver.expired(as_of):
            kept.append(_report(waiver, "PB026", f"{waiver.what} expired on {waiver.expires.isoformat()}: "
                                                 "its findings are reported again; renew it with a new date, "
                                                 "or fix what it waived"))
        elif waiver not in used:
            kept.append(_report(waiver, "PB025", f"{waiver.what} matches no finding{_why_not(waiver, files, severities)}; "
                                                 "remove it"))
    return configured(kept, severities), waived


def _why_not(waiver: Waiver, files: dict, severities: dict[str, str]) -> str:
    if waiver.entity not in files:
        return f" (there is no {waiver.entity[0]} '{waiver.entity[1]}')"
    if waiver.rule not in RULES:
        return f" (there is no rule {waiver.rule}; see 'playbook rules')"
    if waiver.rule in REPORTS:
        return f" ({waiver.rule} reports waivers and cannot be waived)"
    if severities.get(waiver.rule) == "off":
        return f" ({waiver.rule} is off in this playbook)"
    return ""


def _report(waiver: Waiver, code: str, message: str) -> Diagnostic:
    return Diagnostic(waiver.file, waiver.line, waiver.column, RULES[code].severity, code, message)
