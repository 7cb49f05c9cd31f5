"""The checker's configuration: `playbook.yml` at the content root.

    rules:            # severity per rule code: error, warning or off
      PB206: off
    status:           # KPI status thresholds (see status.py)
      on_track: 0.05
      at_risk: 0.2
      stale_periods: 2
    roles:            # role id -> title, or {title, modes}; replaces the defaults below
      team-lead: Team lead
      incident-decision-maker: {title: Incident decision maker, modes: [incident]}
    modes:            # operating mode id -> title; the first is the default mode
      steady: Steady state
      incident: In an incident
    accounts:         # days after which an account counts as unused, its access review, credential
      unused_days: 90   # rotation or records capture as overdue
      review_days: 365
      rotation_days: 365
      capture_days: 90
    readiness:        # days after which an operating mode counts as not exercised, and after
      exercise_days: 365  # an event by which its per-event KPIs and reviews fall due
      follow_up_days: 7
    actions:          # days a KPI may stay off track or missed before an open action must address it (PB241)
      grace_days: 30
    terms:            # the organization's own words for kinds, fields and statuses (i18n/terms.py)
      goal: [Objective, Objectives]
      audience: Residents
    organization:     # shown on the home page
      name: Tarnside Outdoor
      sector: Outdoor retail
      sites: [Kendal, Keswick]
      mission: ...
      vision: ...
      values: [Repair first, Straight talk]
    drafts:           # the date by which drafts are finished or deleted (PB240 after it)
      due: 2026-09-30
    plan:             # the plan's own record (check/plan_record.py): version, prepared, approved,
      version: "2.1"  # approved_by, authors, review_cycle_months, next_review, as_of
      as_of: 2026-12-31
    waivers:          # findings acknowledged for one entity and one rule (check/waivers.py)
      - {entity: policy:complaints, rule: PB108, value: County Attorney, reason: ..., owner: dana-reyes,
         expires: 2027-03-31}

A broken configuration is a usage problem (exit 2), not a content problem.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from difflib import get_close_matches
from pathlib import Path

from playbook.check.credentials import redact
from playbook.check.plan_record import FIELDS as PLAN_FIELDS
from playbook.check.plan_record import PlanProblem, PlanRecord, read_plan
from playbook.check.rules import RULES, default_severities
from playbook.check.status import STATUSES, Thresholds
from playbook.content import safe_yaml
from playbook.content.dates import MAX_DAYS, date_problem, parse_date
from playbook.content.diagnostics import SEVERITIES, ContentError
from playbook.content.loader import read_text, type_name
from playbook.content.model import CONFIG_FILE, ID_PATTERN, KINDS
from playbook.content.schemas import vocabulary
from playbook.i18n import N_

EXAMPLES = {"rules": "rules: {PB206: off}", "status": "status: {at_risk: 0.25}",
             "roles": "roles: {team-lead: Team lead}", "modes": "modes: {steady: Steady state}",
             "accounts": "accounts: {unused_days: 60}", "readiness": "readiness: {exercise_days: 365}",
             "actions": "actions: {grace_days: 30}", "organization": "organization: {name: Tarnside Outdoor}",
             "perspectives": "perspectives: {community: Community}",
             "building_blocks": "building_blocks: {mandate: Statutory mandate}",
             "terms": "terms: {goal: [Objective, Objectives]}",
             "drafts": "drafts: {due: 2026-09-30}",
             "plan": "plan: {version: \"2.1\", approved: 2026-02-03, review_cycle_months: 12}",
             "waivers": "waivers: [{entity: goal:win-leads, rule: PB202, reason: Measured from May, owner: ada-park, "
                        "expires: 2026-12-31}]"}
LISTS = {"waivers"}
"""The settings that are lists; every other one is a mapping."""
WAIVER_FIELDS = {"entity": True, "rule": True, "reason": True, "owner": True, "expires": True, "value": False}
"""The fields of a waiver in playbook.yml, and whether each is required."""
ORGANIZATION_FIELDS = {"name": str, "sector": str, "sites": list, "mission": str, "vision": str, "values": list}
DEFAULT_ROLES = {
    "incident-decision-maker": (N_("Incident decision maker"), ("incident",)),
    "team-lead": (N_("Team lead"), ()),
    "content-lead": (N_("Digital content lead"), ()),
    "account-manager": (N_("Account manager"), ()),
    "editor": (N_("Playbook editor"), ()),
}
DEFAULT_MODES = {"steady": N_("Steady state"), "incident": N_("In an incident")}
DEFAULT_PERSPECTIVES = {"financial": N_("Financial"), "customer": N_("Customer"),
                        "internal-process": N_("Internal process"), "learning-growth": N_("Learning and growth")}
DEFAULT_BUILDING_BLOCKS = {"customers": N_("Customers"), "analysis": N_("Analysis"), "value": N_("Value proposition"),
                           "planning": N_("Planning"), "resources": N_("Resources"), "objectives": N_("Objectives")}
"""The titles above are catalogue messages: pages show them in the site's language."""


@dataclass(frozen=True)
class AccountLimits:
    unused_days: int = 90
    review_days: int = 365
    rotation_days: int = 365
    capture_days: int = 90


@dataclass(frozen=True)
class Readiness:
    exercise_days: int = 365
    follow_up_days: int = 7  # after an event of a mode, its per-event KPIs and reviews fall due


@dataclass(frozen=True)
class ActionLimits:
    grace_days: int = 30


class ConfigError(Exception):
    """A broken playbook.yml; the message never echoes what looks like a credential."""

    def __init__(self, message: str):
        super().__init__(redact(message))


@dataclass
class Config:
    severities: dict[str, str] = field(default_factory=default_severities)
    thresholds: Thresholds = field(default_factory=Thresholds)
    roles: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=lambda: dict(DEFAULT_ROLES))
    """Role id -> (title, the modes it acts in; empty: every mode, unless stranded)."""
    stranded: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """A default role -> the modes it acted in that playbook.yml's `modes` no longer names (PB111);
    a role stranded of all its modes acts in none."""
    modes: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_MODES))
    """Operating mode id -> title, the default mode first."""
    accounts: AccountLimits = field(default_factory=AccountLimits)
    readiness: Readiness = field(default_factory=Readiness)
    actions: ActionLimits = field(default_factory=ActionLimits)
    """How long a KPI may be off track or missed with no open action addressing it (PB241)."""
    perspectives: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_PERSPECTIVES))
    """Balanced-scorecard perspective id -> title; a public body may use community and stakeholder."""
    building_blocks: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_BUILDING_BLOCKS))
    """Strategy building block id -> title."""
    organization: dict = field(default_factory=dict)
    """The organization's profile: name, sector, sites, mission, vision, values."""
    terms: dict[str, tuple[str, str]] = field(default_factory=dict)
    """A kind, field or status -> the (singular, plural) words the organization uses for it."""
    drafts_due: date | None = None
    """The date by which drafts are to be decided (`drafts: {due: ...}`); None: no such date."""
    plan: PlanRecord = field(default_factory=PlanRecord)
    """The plan's own record: version, prepared, approved, authors, next review, as-of date."""
    waivers: list = field(default_factory=list)
    """Each waiver playbook.yml lists: ((kind, id), its fields, (line, column))."""
    source: safe_yaml.Located | None = None
    """playbook.yml as read (the checker scans it for credentials); None without one."""

    @property
    def default_mode(self) -> str:
        return next(iter(self.modes))

    def acts_in(self, role: str, mode: str) -> bool:
        """Whether the role acts in the mode: it names the mode, or names none (every mode) and is not stranded."""
        modes = self.roles[role][1]
        return mode in modes or not modes and role not in self.stranded


def load_config(root: Path, overrides: dict[str, str] | None = None) -> Config:
    config = Config()
    path = root / CONFIG_FILE
    if path.is_file():
        config.source = _read(root)
        _apply(config, config.source, str(path))
    for code, severity in (overrides or {}).items():
        config.severities[_code(code, "rule severities")] = _severity(severity, code, "rule severities")
    return config


def _read(root: Path) -> safe_yaml.Located:
    try:
        doc = safe_yaml.read_yaml(read_text(root, CONFIG_FILE))
    except ContentError as fail:
        d = fail.diagnostic
        raise ConfigError(f"{root / CONFIG_FILE}:{d.line}:{d.column}: {d.message}") from None
    except safe_yaml.YamlProblem as exc:
        raise ConfigError(f"{root / CONFIG_FILE}:{exc.line}:{exc.column}: {exc.message}") from None
    if doc.problems:  # a duplicate key would silently override a setting
        first = doc.problems[0]
        raise ConfigError(f"{root / CONFIG_FILE}:{first.line}:{first.column}: {first.message}")
    return doc


def _apply(config: Config, doc: safe_yaml.Located, file: str) -> None:
    data = doc.value or {}

    def where(*path, key: bool = True) -> str:
        line, col = doc.loc(path, key=key)
        return f"{file}:{line}:{col}"

    if not isinstance(data, dict):
        raise ConfigError(f"{where()}: expected a mapping with 'rules' and 'status'")
    for key in data:
        if key not in EXAMPLES:
            raise ConfigError(f"{where(key)}: unknown setting '{key}'{did_you_mean(key, EXAMPLES)} "
                              f"(expected {', '.join(EXAMPLES)})")
        shape, words = (list, "a list") if key in LISTS else (dict, "a mapping")
        if not isinstance(data[key] or shape(), shape):
            raise ConfigError(f"{where(key)}: '{key}' must be {words}, e.g. '{EXAMPLES[key]}'")
    for code, severity in (data.get("rules") or {}).items():
        config.severities[_code(code, where("rules", code))] = _severity(severity, code, where("rules", code))
    config.thresholds = Thresholds(**_numbers(data, "status", Thresholds, where))
    if config.thresholds.on_track > config.thresholds.at_risk:
        raise ConfigError(f"{where('status')}: on_track must not be larger than at_risk")
    config.accounts = AccountLimits(**_numbers(data, "accounts", AccountLimits, where))
    config.readiness = Readiness(**_numbers(data, "readiness", Readiness, where))
    config.actions = ActionLimits(**_numbers(data, "actions", ActionLimits, where))
    if data.get("modes"):
        config.modes = {_name(mode, where("modes", mode)): _title(title, where("modes", mode))
                        for mode, title in data["modes"].items()}
    config.stranded = {role: gone for role, (__, acts_in) in config.roles.items()
                       if (gone := tuple(m for m in acts_in if m not in config.modes))}
    config.roles = {role: (title, tuple(m for m in acts_in if m in config.modes))
                    for role, (title, acts_in) in config.roles.items()}  # defaults follow the modes set
    config.organization = _organization(data.get("organization") or {}, where)
    config.terms = {key: _term(key, words, where("terms", key)) for key, words in (data.get("terms") or {}).items()}
    for section in ("perspectives", "building_blocks"):
        if data.get(section):
            setattr(config, section, {_name(name, where(section, name)): _title(title, where(section, name))
                                      for name, title in data[section].items()})
    config.drafts_due = _drafts_due(data.get("drafts") or {}, where)
    config.plan = _plan(data.get("plan") or {}, where)
    config.waivers = [_waiver(item, where("waivers", i, key=False), doc.loc(("waivers", i)))
                      for i, item in enumerate(data.get("waivers") or [])]
    if data.get("roles"):
        config.stranded = {}
        config.roles = {_name(role, where("roles", role)): _role(spec, config.modes, where("roles", role))
                        for role, spec in data["roles"].items()}


def _numbers(data: dict, section: str, kind, where) -> dict:
    """The numbers a section sets, each a field of the dataclass `kind`, from 0 to its
    limit: a count of days or periods at most MAX_DAYS, so that date arithmetic stays
    inside the calendar."""
    values = {}
    for name, value in (data.get(section) or {}).items():
        if name not in kind.__dataclass_fields__:
            raise ConfigError(f"{where(section, name)}: unknown {section} setting '{name}' "
                              f"(expected {', '.join(kind.__dataclass_fields__)})")
        most = MAX_DAYS if name.endswith(("_days", "_periods")) else safe_yaml.MAX_NUMBER
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not number or not 0 <= value <= most:
            raise ConfigError(f"{where(section, name)}: '{name}' must be a number from 0 to {most:,.0f}, "
                              f"not {value if number else type_name(value)}")
        values[name] = value
    return values


def _organization(profile: dict, where) -> dict:
    for key, value in profile.items():
        kind = ORGANIZATION_FIELDS.get(key)
        if kind is None:
            raise ConfigError(f"{where('organization', key)}: unknown organization field '{key}' "
                              f"(expected {', '.join(ORGANIZATION_FIELDS)})")
        values = value if kind is list and isinstance(value, list) else [value]
        if not isinstance(value, (kind, str)) or not all(isinstance(v, str) and v.strip() for v in values):
            raise ConfigError(f"{where('organization', key)}: '{key}' must be "
                              + ("text or a list of text" if kind is list else "text"))
    return {key: ([v] if isinstance(v, str) and ORGANIZATION_FIELDS[key] is list else v) for key, v in profile.items()}


def term_keys() -> list[str]:
    """What `terms` may rename: the kinds, the statuses and every field and relation name."""
    return [*KINDS, *STATUSES, *sorted(vocabulary()[0])]


def did_you_mean(key, known) -> str:
    close = get_close_matches(str(key), list(known), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _term(key, words, where: str) -> tuple[str, str]:
    """(singular, plural) of one entry of `terms`: a word, or a list of the two forms."""
    if key not in term_keys():
        raise ConfigError(f"{where}: '{key}' is not a kind, field or status that terms can rename"
                          f"{did_you_mean(key, term_keys())}")
    forms = [words] if isinstance(words, str) else words
    if not isinstance(forms, list) or not 1 <= len(forms) <= 2 or not all(isinstance(w, str) and w.strip() for w in forms):
        raise ConfigError(f"{where}: give the word, or its singular and plural as a list, e.g. '{key}: [Objective, Objectives]'")
    return forms[0].strip(), forms[-1].strip()


def _drafts_due(section: dict, where) -> date | None:
    for key in section:
        if key != "due":
            raise ConfigError(f"{where('drafts', key)}: unknown drafts setting '{key}' (expected due)")
    if "due" not in section:
        return None
    problem = date_problem(section["due"]) if isinstance(section["due"], str) else "expected a date such as 2026-09-30"
    if problem:
        raise ConfigError(f"{where('drafts', 'due', key=False)}: drafts due: {problem}")
    return parse_date(section["due"])


def _plan(section: dict, where) -> PlanRecord:
    try:
        return read_plan(section)
    except PlanProblem as problem:
        raise ConfigError(f"{where('plan', problem.key, key=problem.key not in PLAN_FIELDS)}: {problem}") from None


def _waiver(item, where: str, at: tuple[int, int]) -> tuple[tuple[str, str], dict, tuple[int, int]]:
    """((kind, id), fields, where it is written) of one waiver playbook.yml lists."""
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: a waiver is a mapping, e.g. '{EXAMPLES['waivers'][10:-1]}'")
    for key in item:
        if key not in WAIVER_FIELDS:
            raise ConfigError(f"{where}: unknown waiver field '{key}'{did_you_mean(key, WAIVER_FIELDS)} "
                              f"(expected {', '.join(WAIVER_FIELDS)})")
    for key, required in WAIVER_FIELDS.items():
        value = item.get(key)
        if value is None and not required:
            continue
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{where}: a waiver's '{key}' must be text" + (" and is required" if required else ""))
    kind, _, ident = item["entity"].partition(":")
    if kind not in KINDS or not ID_PATTERN.match(ident):
        raise ConfigError(f"{where}: a waiver's entity is written kind:id, e.g. goal:win-leads, not '{item['entity']}'")
    if not re.fullmatch(r"[Pp][Bb]\d{3}", item["rule"]):
        raise ConfigError(f"{where}: a waiver's rule is a rule code such as PB108, not '{item['rule']}'")
    problem = date_problem(item["expires"])
    if problem:
        raise ConfigError(f"{where}: a waiver's expires: {problem}")
    return (kind, ident), item, at


def _name(name, where: str) -> str:
    if not isinstance(name, str) or not ID_PATTERN.match(name):
        raise ConfigError(f"{where}: '{name}' is not a valid name (lowercase letters, digits and hyphens, e.g. team-lead)")
    return name


def _title(title, where: str) -> str:
    if not isinstance(title, str) or not title.strip():
        raise ConfigError(f"{where}: give a title as text, e.g. 'Team lead'")
    return title


def _role(spec, modes: dict[str, str], where: str) -> tuple[str, tuple[str, ...]]:
    """(title, modes) of a role written as a title or as {title, modes}."""
    if isinstance(spec, str):
        return _title(spec, where), ()
    if not isinstance(spec, dict) or set(spec) - {"title", "modes"}:
        raise ConfigError(f"{where}: a role is a title, or a mapping with 'title' and 'modes'")
    acts_in = spec.get("modes") or []
    acts_in = [acts_in] if isinstance(acts_in, str) else acts_in
    unknown = [m for m in acts_in if m not in modes]
    if unknown:
        raise ConfigError(f"{where}: unknown mode '{unknown[0]}' (modes: {', '.join(modes)})")
    return _title(spec.get("title"), where), tuple(acts_in)


def _code(code, where: str) -> str:
    code = str(code).upper()
    if code not in RULES:
        raise ConfigError(f"{where}: unknown rule code '{code}' (see 'playbook rules')")
    return code


def _severity(value, code, where: str) -> str:
    # YAML 1.1 habits: `off` and `no` stay text in our loader, `false` is a boolean
    value = "off" if value is False else value
    if value not in SEVERITIES:
        raise ConfigError(f"{where}: severity of {code} must be one of {', '.join(SEVERITIES)}, not {value!r}")
    return value
