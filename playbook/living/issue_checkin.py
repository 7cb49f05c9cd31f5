"""A check-in submitted through the repository's issue form, turned into a measurement.

The check-in workflow (`.github/workflows/checkin.yml`) hands this module GitHub's event
file for an opened issue. The issue body is what the form wrote: a `### Heading` per
field (KPI, value, date, commentary). The check-in is refused, and nothing is written,
unless every part holds:

* the body is one the form wrote (each field's section once), within GitHub's own size limit;
* the KPI is one of the playbook's;
* the issue's author is the KPI's owner, the owner's deputy or a person holding the
  `editor` role, matched by the GitHub handle in the person's contact;
* the value, date and commentary are what `playbook measure` accepts (the commentary
  becomes the measurement's note, folded to one line; a date after today is refused).

The outcome is the text of the reply on the issue and, for a recorded check-in, what the
workflow needs for the pull request (branch, title, reviewer, changed file). Neither ever
repeats what the submitter wrote: a reason names the field at fault, never its text, so
nothing in the reply can mention, link or format on the submitter's behalf.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from playbook.check.checker import Result
from playbook.check.github_handles import (
    GITHUB_LOGIN,
    person_with_login,
    stand_ins,
    valid_handles,
)
from playbook.content.dates import date_problem, parse_date
from playbook.content.model import ID_PATTERN, Entity
from playbook.living.inert_markdown import inert
from playbook.living.measure import CheckinError, parse_value, record
from playbook.living.transaction import WriteRefused

MAX_EVENT_BYTES = 1024 * 1024
"""An event file larger than this is not one GitHub wrote for an issue."""
MAX_BODY_CHARS = 65536
"""GitHub's own limit on an issue body."""
MAX_COMMENTARY_CHARS = 2000
FIELDS = {"kpi": "KPI", "value": "Value", "date": "Date", "commentary": "Commentary"}
"""Each field of the form: its id, and the heading GitHub writes for it in the issue body."""
NO_RESPONSE = "_No response_"
"""What GitHub writes under the heading of an optional field left empty."""
LABEL = "playbook-checkin"
FORM_TEMPLATE = "checkin.yml"  # the issue form's file under .github/ISSUE_TEMPLATE/
EDITOR_ROLE = "editor"
HEADING = re.compile(r"^### (.+?)[ \t]*$", re.MULTILINE)
OPTION_ID = re.compile(r"([a-z0-9-]+) — ")
"""A KPI option of the form reads `id — title`; the id is all the check-in needs."""


class EventError(Exception):
    """The event file is not an issue event GitHub could have written (a usage problem)."""


class Refused(Exception):
    """A check-in that is not recorded; the message is the reason shown on the issue."""


@dataclass(frozen=True)
class Issue:
    number: int
    author: str
    body: str


@dataclass(frozen=True)
class Recorded:
    kpi: Entity
    value: float
    date: dt.date
    file: Path
    reviewer: str
    author: str
    number: int

    @property
    def branch(self) -> str:
        return f"checkin/issue-{self.number}-{self.kpi.id}"

    @property
    def title(self) -> str:
        return one_line(f"Check-in: {self.kpi.data.get('title') or self.kpi.id} = {self.value:g} on {self.date}")


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def read_event(path: Path) -> Issue:
    """The issue of an `issues` event file, its author and body as GitHub wrote them."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_EVENT_BYTES + 1)
    except OSError as exc:
        raise EventError(f"cannot read the event file '{path}': {exc.strerror}") from None
    if len(raw) > MAX_EVENT_BYTES:
        raise EventError(f"the event file '{path}' is larger than {MAX_EVENT_BYTES // 1024} KiB")
    try:
        event = json.loads(raw.decode("utf-8"))
        issue = event["issue"]
        number, author, body = issue["number"], issue["user"]["login"], issue.get("body") or ""
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        raise EventError(f"'{path}' is not the event file of an issue (JSON with issue.number, issue.user.login)") from None
    if not isinstance(number, int) or isinstance(number, bool) or number < 1 or not isinstance(author, str) \
            or not isinstance(body, str):
        raise EventError(f"the event file '{path}' holds an issue number, author or body of the wrong type")
    return Issue(number, author, body)


def form_fields(body: str) -> dict[str, str]:
    """The form's answers by field id; Refused when the body is not one the form wrote."""
    if len(body) > MAX_BODY_CHARS:
        raise Refused(f"The issue is longer than GitHub allows ({MAX_BODY_CHARS:,} characters); nothing was recorded.")
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    headings = list(HEADING.finditer(body))
    answers = {}
    for at, heading in enumerate(headings):
        end = headings[at + 1].start() if at + 1 < len(headings) else len(body)
        if heading.group(1) in answers and heading.group(1) in FIELDS.values():
            raise Refused(f"The issue has more than one {heading.group(1)} section, so which one counts is unclear; "
                          "nothing was recorded.")
        answers[heading.group(1)] = body[heading.end():end].strip()
    missing = [title for title in FIELDS.values() if title not in answers]
    if missing:
        raise Refused("This issue was not written with the check-in form (it has no "
                      + ", ".join(missing) + " section); open a new issue with the form.")
    return {ident: "" if answers[title] == NO_RESPONSE else answers[title] for ident, title in FIELDS.items()}


def may_check_in(result: Result, kpi: Entity, person: Entity | None) -> bool:
    if person is None:
        return False
    roles = person.data.get("roles")
    return person in stand_ins(result.graph, kpi) or (isinstance(roles, list) and EDITOR_ROLE in roles)


def reviewer(result: Result, kpi: Entity) -> str:
    """The GitHub login that reviews the pull request: the owner's, else the deputy's, else none."""
    return next((handles[0] for person in stand_ins(result.graph, kpi) if (handles := valid_handles(person))), "")


def chosen_kpi(result: Result, answer: str) -> Entity:
    found = OPTION_ID.match(answer + " — ") if "\n" not in answer else None
    ident = found.group(1) if found else ""
    kpi = result.graph.get("kpi", ident) if ID_PATTERN.fullmatch(ident) else None
    if kpi is None:
        raise Refused("The KPI chosen is not one of this playbook's KPIs; the form may be out of date "
                      "(an editor can run `playbook checkin-form` to list the current KPIs). Nothing was recorded.")
    return kpi


def commentary_note(text: str) -> str:
    """The commentary as a measurement note: one line, without control or format characters."""
    if any(unicodedata.category(c) in ("Cc", "Cf") and not c.isspace() for c in text):
        raise Refused("The commentary holds control or invisible formatting characters; nothing was recorded.")
    note = one_line(text)
    if len(note) > MAX_COMMENTARY_CHARS:
        raise Refused(f"The commentary is longer than {MAX_COMMENTARY_CHARS:,} characters; nothing was recorded.")
    return note


def checkin_date(answer: str, today: dt.date) -> dt.date:
    if not answer:
        return today
    if "\n" in answer or date_problem(answer):
        raise Refused("The date is not a date written as YYYY-MM-DD; nothing was recorded.")
    day = parse_date(answer)
    if day > today:
        raise Refused(f"The date is after today ({today}): a check-in records what was measured. Nothing was recorded.")
    return day


def checkin_value(answer: str) -> float:
    try:
        return parse_value(answer) if "\n" not in answer and len(answer) <= 64 else parse_value("x")
    except CheckinError:
        raise Refused("The value is not a number written with a point for decimals and no thousands separators "
                      "(e.g. 1234.5), within ±10^15; nothing was recorded.") from None


def check_in(result: Result, issue: Issue) -> Recorded:
    """Record the issue's check-in, or raise Refused with the reason and write nothing."""
    if not GITHUB_LOGIN.fullmatch(issue.author):
        raise Refused("Check-ins are taken from people's own GitHub accounts, not from apps; nothing was recorded.")
    answers = form_fields(issue.body)
    kpi = chosen_kpi(result, answers["kpi"])
    if not may_check_in(result, kpi, person_with_login(result.graph, issue.author)):
        raise Refused(f"`{issue.author}` may not check in for this KPI: only its owner, the owner's deputy or a "
                      "playbook editor may, matched by the GitHub handle in their contact "
                      "(`handles: [{platform: github, handle: ...}]`). Nothing was recorded.")
    value, day = checkin_value(answers["value"]), checkin_date(answers["date"], result.as_of)
    note = commentary_note(answers["commentary"])
    try:
        done = record(result, kpi, value, day, note)
    except CheckinError:
        raise Refused(f"The KPI already has a measurement for {day}; an editor can change it with "
                      "`playbook measure --replace`. Nothing was recorded.") from None
    except WriteRefused:
        raise Refused("The KPI's measurement file cannot take a check-in until an editor fixes what the checker "
                      "finds in it. Nothing was recorded.") from None
    return Recorded(kpi, value, day, done.file, reviewer(result, kpi), issue.author, issue.number)


def recorded_reply(done: Recorded) -> str:
    title = inert(done.kpi.data.get("title") or done.kpi.id)
    who = f" `{done.reviewer}` is asked to review it." if done.reviewer else ""
    return (f"Thank you: {done.value:g} on {done.date} for **{title}** is checked and goes into a pull request "
            f"(branch `{done.branch}`).{who}\n")


def pull_request_body(done: Recorded, root: Path) -> str:
    title = inert(done.kpi.data.get("title") or done.kpi.id)
    return (f"A check-in from issue #{done.number} by `{done.author}`: {done.value:g} on {done.date} for "
            f"**{title}** (`{done.kpi.id}`), with the commentary as the measurement's note.\n\n"
            f"The file changed is `{done.file.relative_to(root).as_posix()}`; the playbook was validated with it "
            f"before this pull request opened.\n\nCloses #{done.number}.\n")


def step_outputs(done: Recorded, root: Path) -> str:
    """The workflow step's outputs: each a single line of text the playbook wrote, none the submitter's."""
    values = {"kpi": done.kpi.id, "branch": done.branch, "title": done.title, "reviewer": done.reviewer,
              "file": (done.file.relative_to(root.parent) if root.parent in done.file.parents else done.file).as_posix()}
    return "".join(f"{name}={one_line(value)}\n" for name, value in values.items())
