"""Rules of the plan's operations: people and roles, the account registry, posting plans,
operating modes, content themes, and secrets that must never be written down.

* PB107: a role or mode name that playbook.yml does not configure (a role file's id included);
* PB108 (off by default): a person field holding plain text while people/ holds people;
* PB111: a default role tied to a mode that playbook.yml's `modes` no longer names;
* PB216: an active account without a manager, a backup and a credential custodian;
* PB217: an account unused, or its access unreviewed, for longer than playbook.yml allows;
* PB218: a tactic on a channel that has no posting plan for the tactic's modes, once any
  channel has posting plans;
* PB219: a theme that serves no goal;
* PB220: a public account whose operational details (`x-operational` fields) are opted
  into the public edition;
* PB234: a posting plan for an account its channel does not list.

Names and modes are read from the configuration, so a public agency's roles are as
checked as the defaults.
"""
from __future__ import annotations

import datetime as dt
from difflib import get_close_matches

from playbook.check.config import Config
from playbook.check.graph import Graph, ref_values, values_at
from playbook.content.dates import parse_date
from playbook.content.diagnostics import Diagnostic
from playbook.content.model import (
    CONFIG_FILE,
    Entity,
    details_visibility,
    slugify,
    visibility_of,
)
from playbook.content.schemas import inline_common, kind_schema, reference_fields

PUBLIC = "public"
def check_operations(graph: Graph, config: Config, as_of: dt.date) -> list[Diagnostic]:
    return (check_names(graph, config) + check_stranded_roles(config) + check_person_text(graph)
            + check_accounts(graph, config, as_of) + check_posting(graph, config) + check_plan_accounts(graph)
            + check_themes(graph) + check_published_details(graph))


NAMED = (  # (the kind, or None for every kind; where; what it is; the playbook.yml section naming them)
    ("person", ("roles",), "role", "roles"),
    (None, ("modes",), "mode", "modes"),
    ("goal", ("perspective",), "perspective", "perspectives"),
    ("channel", ("accounts", "*", "modes"), "mode", "modes"),
    ("channel", ("posting", "*", "mode"), "mode", "modes"),
    ("channel", ("accounts", "*", "approval", "*", "mode"), "mode", "modes"),
)
"""Fields holding names that playbook.yml configures."""


def _unknown(entity: Entity, path: tuple, name, what: str, known: dict) -> list[Diagnostic]:
    if not isinstance(name, str) or name in known:
        return []
    close = get_close_matches(name, list(known), n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"known {what}s: {', '.join(known)}"
    return [Diagnostic(entity.file, *entity.loc(*path), "error", "PB107",
                       f"unknown {what} '{name}' ({hint}); {what}s are set in playbook.yml")]


def check_names(graph: Graph, config: Config) -> list[Diagnostic]:
    diags = []
    for entity in graph.entities.values():
        for kind, where, what, section in NAMED:
            if kind in (None, entity.kind):
                for path, name in values_at(entity.data, where):
                    diags += _unknown(entity, path, name, what, getattr(config, section))
        if entity.kind == "role":  # a role file describes a role playbook.yml names; its id is the name
            diags += _unknown(entity, (), entity.id, "role", config.roles)
        blocks = entity.data.get("building_blocks") if entity.kind == "strategy" else None
        for name in blocks if isinstance(blocks, dict) else []:  # a strategy's building blocks are named by key
            diags += _unknown(entity, ("building_blocks", name), name, "building block", config.building_blocks)
    return diags


def check_stranded_roles(config: Config) -> list[Diagnostic]:
    """PB111: playbook.yml's `modes` renamed or removed a mode a default role acts in."""
    if not config.stranded:
        return []
    line, col = config.source.loc(("modes",), key=True) if config.source else (1, 1)
    return [Diagnostic(CONFIG_FILE, line, col, "warning", "PB111",
                       f"default role '{role}' acts in mode {', '.join(repr(m) for m in gone)}, which 'modes' no longer "
                       f"names; it now acts in {_mode_list(config.roles[role][1])} (add a 'roles:' section, which replaces "
                       "the default roles)")
            for role, gone in config.stranded.items()]


def _mode_list(modes: tuple) -> str:
    return "mode " + ", ".join(repr(m) for m in modes) if modes else "no mode"


def check_person_text(graph: Graph) -> list[Diagnostic]:
    """PB108: once people/ holds people, person fields should name them by id."""
    people = graph.of_kind("person")
    if not people:
        return []
    ids, by_name = {p.id for p in people}, {slugify(p.title): p.id for p in people}
    diags = []
    for ref_field in (f for f in reference_fields() if f.text and "person" in f.targets):
        for entity in graph.of_kind(ref_field.kind):
            for path, text in ref_values(entity, ref_field):
                if isinstance(text, str) and text.removeprefix("person:") not in ids:
                    hint = f" (write '{by_name[slugify(text)]}')" if slugify(text) in by_name else ""
                    line, col = entity.loc(*path)
                    diags.append(Diagnostic(entity.file, line, col, "warning", "PB108",
                                            f"{entity.kind} field '{ref_field.name}': '{text}' names no person{hint}",
                                            subject=text))
    return diags


def accounts(channel: Entity):
    """(index, account) of each account the channel lists."""
    return [(i, a) for i, a in enumerate(channel.data.get("accounts") or []) if isinstance(a, dict)]


ACCOUNT_DATES = {"last_used": ("unused_days", "was last used"),
                 "access_reviewed": ("review_days", "had its access last reviewed")}
"""An account's dates, the playbook.yml limit each is held to, and how PB217 says it."""


def late(account: dict, key: str, config: Config, as_of: dt.date) -> bool:
    """Whether an active account's date (`last_used`, `access_reviewed`) is older than its limit."""
    on = parse_date(account.get(key))
    limit = getattr(config.accounts, ACCOUNT_DATES[key][0])
    return on is not None and account.get("status", "active") == "active" and (as_of - on).days > limit


def check_accounts(graph: Graph, config: Config, as_of: dt.date) -> list[Diagnostic]:
    diags = []
    for channel in graph.of_kind("channel"):
        for i, account in accounts(channel):
            where, name = ("accounts", i), f"account '{account.get('handle')}' of channel '{channel.id}'"
            if account.get("status", "active") != "active":
                continue
            missing = [role for role in ("managers", "backup", "custodian") if not account.get(role)]
            if missing:
                line, col = channel.loc(*where)
                listed = ", no ".join(missing[:-1]) + (" and no " if len(missing) > 1 else "") + missing[-1]
                diags.append(Diagnostic(channel.file, line, col, "error", "PB216",
                                        f"active {name} has no {listed} "
                                        "(every active account needs someone to run it, a backup and a credential custodian)"))
            for key, (limit, what) in ACCOUNT_DATES.items():
                if late(account, key, config, as_of):
                    on = parse_date(account[key])
                    line, col = channel.loc(*where, key)
                    diags.append(Diagnostic(channel.file, line, col, "warning", "PB217",
                                            f"{name} {what} on {on} ({(as_of - on).days} days ago; "
                                            f"the limit is {getattr(config.accounts, limit):.0f})"))
    return diags


def plan_modes(channel: Entity, default_mode: str, tactic: str | None = None) -> set[str]:
    """The modes the channel has a posting plan for (all of them, or those for one tactic)."""
    modes = set()
    for plan in channel.data.get("posting") or []:
        if isinstance(plan, dict):
            tactics = plan.get("tactic")
            tactics = [tactics] if isinstance(tactics, str) else tactics or []
            if tactic is None or not tactics or tactic in tactics or f"tactic:{tactic}" in tactics:
                modes.add(plan.get("mode") or default_mode)
    return modes


def plan_modes_of_account(channel: Entity, account: dict, default_mode: str) -> set[str]:
    """The modes an account is used in: those it names, and those of its channel's posting plans
    for it or for every account; the default mode when neither says."""
    modes = {mode for __, mode in values_at(account, ("modes",)) if isinstance(mode, str)}
    for plan in channel.data.get("posting") or []:
        if isinstance(plan, dict) and plan.get("account") in (None, account.get("handle")):
            modes.add(plan.get("mode") or default_mode)
    return modes or {default_mode}


def check_plan_accounts(graph: Graph) -> list[Diagnostic]:
    """PB234: a posting plan for an account its channel does not list."""
    diags = []
    for channel in graph.of_kind("channel"):
        handles = [a.get("handle") for __, a in accounts(channel)]
        for path, handle in values_at(channel.data, ("posting", "*", "account")):
            if handle not in handles:
                close = get_close_matches(str(handle), [str(h) for h in handles], n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"its accounts: {', '.join(map(str, handles)) or 'none'}"
                diags.append(Diagnostic(channel.file, *channel.loc(*path), "error", "PB234",
                                        f"posting plan of channel '{channel.id}' is for account '{handle}', which the "
                                        f"channel does not list ({hint})"))
    return diags


def check_posting(graph: Graph, config: Config) -> list[Diagnostic]:
    """PB218, once the playbook writes posting plans at all (a playbook from before them still validates)."""
    if not any(channel.data.get("posting") for channel in graph.of_kind("channel")):
        return []
    diags = []
    for tactic in graph.of_kind("tactic"):
        named = {mode for _, mode in values_at(tactic.data, ("modes",)) if mode in config.modes}
        wanted = named or {config.default_mode}  # a tactic of no mode in particular runs in the default one
        for channel in graph.related(tactic, "channels", "channel"):
            missing = sorted(wanted - plan_modes(channel, config.default_mode, tactic.id))
            if missing:
                line, col = tactic.loc("channels")
                diags.append(Diagnostic(tactic.file, line, col, "warning", "PB218",
                                        f"tactic '{tactic.id}' uses channel '{channel.id}', which has no posting plan "
                                        f"for mode {', '.join(repr(m) for m in missing)} (add 'posting:' to the channel)"))
    return diags


def check_themes(graph: Graph) -> list[Diagnostic]:
    return [Diagnostic(theme.file, *theme.loc(), "error", "PB219",
                       f"theme '{theme.id}' serves no goal (add 'serves: <goal id>'): a theme without a goal is noise")
            for theme in graph.of_kind("theme") if not graph.related(theme, "serves", "goal")]


def operational_fields(kind: str, part: tuple) -> list[str]:
    """The fields the schema marks `x-operational` in the part at `part` (e.g. accounts)."""
    spec = inline_common(kind_schema(kind))
    for name in part:
        spec = spec.get("properties", {}).get(name, {}).get("items", {})
    return [name for name, child in spec.get("properties", {}).items() if child.get("x-operational")]


def check_published_details(graph: Graph) -> list[Diagnostic]:
    """PB220: operational details a public account opts into the public edition."""
    fields = operational_fields("channel", ("accounts",))
    diags = []
    for channel in (c for c in graph.of_kind("channel") if c.visibility == PUBLIC):
        for i, account in accounts(channel):
            public = [key for key in fields if key in account and details_visibility(account, key) == PUBLIC]
            if visibility_of(account) == PUBLIC and public:
                line, col = channel.loc("accounts", i, "details_visibility")
                diags.append(Diagnostic(channel.file, line, col, "warning", "PB220",
                                        f"account '{account.get('handle')}' of channel '{channel.id}' publishes "
                                        f"{', '.join(public)} in the public edition; make sure that is meant "
                                        "(details_visibility), as they tell who can reach the account"))
    return diags
