"""The catalogue of checker rules: stable codes, default severities and meanings.

Codes never change meaning. PB0xx are form rules, PB1xx references, PB2xx alignment.
The README's rule table is generated from this catalogue (`playbook rules`).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str  # default: error or warning
    summary: str


RULES = {r.code: r for r in [
    # form
    Rule("PB001", "error", "YAML or front matter syntax error (including tabs used for indentation)"),
    Rule("PB002", "error", "file encoding: invalid UTF-8 (with the byte offset), UTF-16, NUL bytes"),
    Rule("PB003", "error", "file is larger than the 1 MiB limit"),
    Rule("PB004", "error", "a key is given twice in one mapping (both lines are named)"),
    Rule("PB005", "error", "anchors and aliases expand beyond the limit (alias bomb) or nest too deeply"),
    Rule("PB006", "error", "file stem is not a valid id (lowercase slug, at most 64 characters)"),
    Rule("PB007", "error", "two files define the same id of one kind, also when the ids differ only in letter case"),
    Rule("PB008", "warning", "a file sits where no content is expected, or is a link leading outside the content folder"),
    Rule("PB009", "error", "two output pages have paths that differ only in letter case or Unicode form (both sources are named)"),
    Rule("PB010", "error", "a field holds a value of the wrong type"),
    Rule("PB011", "error", "a required field is missing"),
    Rule("PB012", "error", "a field is not part of the kind's schema (often a misspelling)"),
    Rule("PB013", "error", "a value is not one of the allowed choices"),
    Rule("PB014", "error", "a date is not a real YYYY-MM-DD date"),
    Rule("PB015", "error", "a value breaks another schema constraint (length, range, pattern, uniqueness)"),
    Rule("PB016", "error", "Markdown nests more than 20 levels deep, or leaves so many brackets open that rendering it would take unbounded time"),
    Rule("PB017", "error", "a value looks like a password, token or key (the value is not shown): name the credential custodian instead"),
    Rule("PB020", "error", "a measurement CSV row is malformed (header, date, number, order)"),
    Rule("PB021", "error", "a KPI's data path leaves the content folder or names a missing file"),
    Rule("PB022", "warning", "a measurement file belongs to no KPI"),
    Rule("PB023", "error", "a link or image in content names a path outside the content folder (../, absolute, or a link leading out)"),
    Rule("PB024", "error", "a KPI's data file holds the measurements of a KPI whose measurements are more restricted"),
    Rule("PB025", "warning", "a waiver matches no finding: its entity or rule does not exist, the rule is off, or what it waived is fixed"),
    Rule("PB026", "warning", "a waiver has expired: the findings it covered are reported again"),
    # references
    Rule("PB101", "error", "a reference points to an entity of a kind the field does not accept, or is ambiguous"),
    Rule("PB102", "error", "a reference names an id that does not exist"),
    Rule("PB103", "error", "initiative dependencies form a cycle"),
    Rule("PB104", "warning", "an entity refers to one of a more restricted visibility in a field an edition shows (an account's own visibility and details_visibility count); that edition shows the reference unlinked"),
    Rule("PB105", "error", "an inline [[kind:id]] reference in Markdown names an unknown entity, or [[page:name]] / [[mode:name]] an unknown generated page"),
    Rule("PB106", "error", "a reference is not a valid id or kind:id"),
    Rule("PB107", "error", "a role, operating mode, perspective or building block name is not one that playbook.yml configures"),
    Rule("PB108", "off", "a person field (owner, head, approver, account people) holds plain text while people/ holds people"),
    Rule("PB110", "error", "someone marked as having left (left) still runs an account, backs it up, holds its credentials or approves its posts"),
    Rule("PB111", "warning", "playbook.yml's modes no longer name a mode a default role acts in (the role acts in no mode, not in every mode)"),
    Rule("PB109", "error", "a relative link in Markdown leads to no page (no entity, free page or generated page is at its target)"),
    Rule("PB120", "warning", "the CODEOWNERS file playbook wrote no longer matches the owners, deputies and GitHub handles in the content"),
    # alignment
    Rule("PB201", "error", "a goal supports no strategy"),
    Rule("PB202", "error", "a goal is measured by no KPI, directly or through its tactics"),
    Rule("PB203", "error", "a tactic serves no goal"),
    Rule("PB204", "error", "a tactic does not have exactly one call to action"),
    Rule("PB205", "error", "a KPI lacks its unit, direction, baseline, target, source or cadence"),
    Rule("PB206", "warning", "a vague goal ('build awareness') without a KPI that has a target"),
    Rule("PB207", "error", "a policy has no owner, or neither a review date nor a review cycle"),
    Rule("PB208", "warning", "a policy's review is overdue"),
    Rule("PB209", "error", "roadmap dates are inconsistent (end before start, milestone outside its initiative, KPI target before baseline)"),
    Rule("PB210", "warning", "the roadmap does not span the strategy's horizon"),
    Rule("PB211", "warning", "a KPI's latest measurement is older than its cadence allows"),
    Rule("PB212", "warning", "a KPI has no measurements"),
    Rule("PB213", "error", "a department states neither what social media does for it nor why it uses none"),
    Rule("PB214", "error", "a maturity stage number is outside the dimension's stages, or current is above target"),
    Rule("PB215", "warning", "a KPI measures nothing"),
    Rule("PB216", "error", "an active account has no manager, no backup or no credential custodian"),
    Rule("PB217", "warning", "an account was last used, or its access last reviewed, longer ago than playbook.yml allows"),
    Rule("PB218", "warning", "a tactic uses a channel that has no posting plan for the tactic's modes (once any channel has posting plans)"),
    Rule("PB219", "error", "a theme serves no goal"),
    Rule("PB241", "warning", "a KPI has been off track or missed for actions.grace_days days and no open initiative or "
                             "milestone addresses it or a goal it measures"),
    Rule("PB242", "warning", "an open risk rated high (likelihood times impact 12 or more) names no mitigation initiative"),
    Rule("PB243", "warning", "a risk that is not closed is past its review date"),
    Rule("PB244", "warning", "a recurring review's last occurrence before the as-of date has no record (under 'held', or a "
                             "report logged for it), or a per-event review's follow-up of an event is overdue"),
    Rule("PB245", "warning", "an open or blocked action item of an initiative is past its due date"),
    Rule("PB246", "error", "a cost's currency is not an ISO 4217 currency code"),
    Rule("PB248", "warning", "a maturity dimension is past its target_date and still below its target stage"),
    Rule("PB249", "warning", "an entry of the report log (reports.yml) names a review that does not exist or does not "
                             "produce a report"),
    Rule("PB240", "warning", "a draft is still a draft after the date playbook.yml sets for drafts (drafts: due)"),
    Rule("PB220", "warning", "a public account publishes who runs it, who keeps its credentials or when its access was reviewed (details_visibility)"),
    Rule("PB221", "warning", "an off-track or missed KPI has no owner's commentary dated on or after its latest measurement"),
    Rule("PB226", "warning", "an active account has multi-factor authentication off or not recorded (once any account records its security)"),
    Rule("PB227", "warning", "an account's recovery e-mail or phone is not owned by the organization"),
    Rule("PB228", "warning", "an account's credentials were last rotated longer ago than accounts.rotation_days"),
    Rule("PB229", "warning", "an account's records were last captured longer ago than accounts.capture_days"),
    Rule("PB230", "warning", "an account's approval route names no one who publishes in a mode the account is used in"),
    Rule("PB231", "warning", "an operating mode was not exercised within readiness.exercise_days (once any exercise is recorded)"),
    Rule("PB232", "warning", "a holding statement is past its expiry date"),
    Rule("PB233", "warning", "an exercise finding names no initiative to fix it"),
    Rule("PB234", "error", "a posting plan is for an account its channel does not list"),
    Rule("PB235", "warning", "a theme or an act tactic is planned inside a quiet period that has not ended, on a channel it covers"),
    Rule("PB236", "error", "a quiet period ends before it starts"),
    Rule("PB225", "error", "the report log (reports.yml) is not a list of reports, each with a real date, an optional meeting and an optional review"),
]}


def configured(diags: list, severities: dict[str, str]) -> list:
    """The diagnostics at the severities in force (those turned off left out), each once, in order."""
    out = []
    for d in diags:
        severity = severities.get(d.code, d.severity)
        if severity != "off":
            out.append(d.with_severity(severity))
    return sorted(set(out), key=lambda d: (d.file, d.line, d.column, d.code, d.message))


def default_severities() -> dict[str, str]:
    return {code: rule.severity for code, rule in RULES.items()}


def markdown_table() -> str:
    rows = ["| code | default | meaning |", "|---|---|---|"]
    rows += [f"| `{r.code}` | {r.severity} | {r.summary} |" for r in RULES.values()]
    return "\n".join(rows)
