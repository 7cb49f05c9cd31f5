"""Rules of each account's security, ownership, approval and records, read from the
account registry (channels' `accounts`) after references resolve. None needs a secret:
the playbook records that MFA is on, never a code.

* PB110: someone marked as having left (`left`) still runs an account, backs it up, holds its
  credentials or sits on its approval route;
* PB226: an active account without multi-factor authentication, once the playbook records
  any account's security;
* PB227: an account whose recovery e-mail or phone is not the organization's;
* PB228 and PB229: credentials not rotated, or records not captured, within playbook.yml's
  `accounts.rotation_days` and `accounts.capture_days`;
* PB230: an approval route that names no one to publish for a mode the account is used in.
"""
from __future__ import annotations

import datetime as dt

from playbook.check.config import Config
from playbook.check.graph import Graph, values_at
from playbook.check.operations import accounts, plan_modes_of_account
from playbook.content.dates import parse_date
from playbook.content.diagnostics import Diagnostic
from playbook.content.model import Entity

ACCOUNT_PEOPLE = (("managers",), ("backup",), ("custodian",),
                  ("approval", "*", "drafts"), ("approval", "*", "reviews"), ("approval", "*", "publishes"))
"""Where an account names the people who can reach it."""
OVERDUE = {("security", "rotated"): ("rotation_days", "PB228", "had its credentials last rotated"),
           ("retention", "captured"): ("capture_days", "PB229", "had its records last captured")}


def check_account_security(graph: Graph, config: Config, as_of: dt.date) -> list[Diagnostic]:
    left = {p.id: on for p in graph.of_kind("person") if (on := parse_date(p.data.get("left"))) and on <= as_of}
    recorded = any(isinstance(a.get("security"), dict) for c in graph.of_kind("channel") for __, a in accounts(c))
    diags = []
    for channel in graph.of_kind("channel"):
        for i, account in accounts(channel):
            status = account.get("status", "active")
            name = f"account '{account.get('handle')}' of channel '{channel.id}'"
            if status != "closed":
                diags += departed(channel, i, account, name, left)
            if status == "active":
                diags += posture(channel, i, account, name, recorded)
                diags += overdue(channel, i, account, name, config, as_of)
                diags += unrouted(channel, i, account, name, config)
    return diags


def departed(channel: Entity, i: int, account: dict, name: str, left: dict) -> list[Diagnostic]:
    diags = []
    for where in ACCOUNT_PEOPLE:
        for path, who in values_at(account, where):
            person = who.removeprefix("person:") if isinstance(who, str) else None
            if person in left:
                diags.append(Diagnostic(channel.file, *channel.loc("accounts", i, *path), "error", "PB110",
                                        f"{name} still names '{person}' ({path[0]}), who left on {left[person]}: "
                                        "hand it to someone who is here and change its credentials"))
    return diags


def posture(channel: Entity, i: int, account: dict, name: str, recorded: bool) -> list[Diagnostic]:
    security = account.get("security") if isinstance(account.get("security"), dict) else {}
    diags = []
    if recorded and security.get("mfa") is not True:
        state = "has multi-factor authentication off" if security.get("mfa") is False else "records no multi-factor authentication"
        diags.append(Diagnostic(channel.file, *channel.loc("accounts", i, *(("security",) if security else ())), "warning",
                                "PB226", f"active {name} {state} (security: {{mfa: true}}): one password is all it takes"))
    if security.get("recovery_owned") is False:
        diags.append(Diagnostic(channel.file, *channel.loc("accounts", i, "security", "recovery_owned"), "warning", "PB227",
                                f"{name} recovers through an e-mail or phone the organization does not own: "
                                "whoever owns it can take the account"))
    return diags


def overdue(channel: Entity, i: int, account: dict, name: str, config: Config, as_of: dt.date) -> list[Diagnostic]:
    diags = []
    for (part, key), (limit, code, what) in OVERDUE.items():
        on = parse_date((account.get(part) or {}).get(key) if isinstance(account.get(part), dict) else None)
        days = getattr(config.accounts, limit)
        if on is not None and (as_of - on).days > days:
            diags.append(Diagnostic(channel.file, *channel.loc("accounts", i, part, key), "warning", code,
                                    f"{name} {what} on {on} ({(as_of - on).days} days ago; the limit is {days:.0f})"))
    return diags


def route_for(account: dict, mode: str) -> dict | None:
    """The approval route for the mode: the one naming it, else the one for every mode."""
    routes = [r for r in account.get("approval") or [] if isinstance(r, dict)]
    return next((r for r in routes if r.get("mode") == mode), None) or next((r for r in routes if not r.get("mode")), None)


def unrouted(channel: Entity, i: int, account: dict, name: str, config: Config) -> list[Diagnostic]:
    if not account.get("approval"):
        return []
    diags = []
    for mode in sorted(plan_modes_of_account(channel, account, config.default_mode)):
        route = route_for(account, mode)
        if not route or not route.get("publishes"):
            diags.append(Diagnostic(channel.file, *channel.loc("accounts", i, "approval"), "warning", "PB230",
                                    f"{name} is used in mode '{mode}', but its approval route names no one who "
                                    f"publishes in it (add 'publishes:' to a route with 'mode: {mode}' or no mode)"))
    return diags
