"""The plan's own record: its version, when it was prepared and approved, by whom, its authors
and when it is next reviewed, read from playbook.yml's `plan` section.

    plan:
      version: "2.1"
      prepared: 2026-01-12
      approved: 2026-02-03
      approved_by: [rachel-tarn]      # people by id, or names as written
      authors: [dana-reyes, omar-price]
      review_cycle_months: 12         # next review: approved (else prepared) date plus the cycle,
      next_review: 2027-02-03         # unless given
      as_of: 2026-12-31               # a past plan read as of this date (instead of --as-of)

`config` reads the section through `read_plan`; every output shows the edition's copy of
the record (`edition.project`), in which a hidden person reads "a restricted item".
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from playbook.check.alignment import review_due
from playbook.content.dates import date_problem, parse_date

TEXT_FIELDS = ("version",)
DATE_FIELDS = ("prepared", "approved", "next_review", "as_of")
PEOPLE_FIELDS = ("approved_by", "authors")
CYCLE_FIELD = "review_cycle_months"
MAX_CYCLE_MONTHS = 60
FIELDS = (*TEXT_FIELDS, *DATE_FIELDS, *PEOPLE_FIELDS, CYCLE_FIELD)


class PlanProblem(ValueError):
    """A field of the `plan` section that is not of its form; `key` names it."""

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class PlanRecord:
    version: str | None = None
    prepared: dt.date | None = None
    approved: dt.date | None = None
    approved_by: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    review_cycle_months: int | None = None
    next_review: dt.date | None = None
    as_of: dt.date | None = None

    @property
    def review_due(self) -> dt.date | None:
        """The next review: as written, or the approval (else preparation) date plus the cycle."""
        start = self.approved or self.prepared
        return review_due({"review_date": self.next_review and self.next_review.isoformat(),
                           "effective": start and start.isoformat(), "review_cycle_months": self.review_cycle_months})

    @property
    def shown(self) -> bool:
        """Whether the record says anything a page would show (as_of alone is not shown)."""
        return any((self.version, self.prepared, self.approved, self.approved_by, self.authors, self.review_due))


def read_plan(section: dict) -> PlanRecord:
    """The record the `plan` mapping holds; raises PlanProblem for a field not of its form."""
    values = {}
    for key, value in section.items():
        if key not in FIELDS:
            raise PlanProblem(key, f"unknown plan field '{key}' (expected {', '.join(FIELDS)})")
        values[key] = _field(key, value)
    return PlanRecord(**values)


def _field(key: str, value):
    if key in TEXT_FIELDS:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)  # version: 2 reads as a number
        if not isinstance(value, str) or not value.strip():
            raise PlanProblem(key, f"the plan's '{key}' must be text, e.g. version: \"2.1\"")
        return value.strip()
    if key in DATE_FIELDS:
        problem = date_problem(value) if isinstance(value, str) else "expected a date such as 2026-09-30"
        if problem:
            raise PlanProblem(key, f"the plan's '{key}': {problem}")
        return parse_date(value)
    if key in PEOPLE_FIELDS:
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
            raise PlanProblem(key, f"the plan's '{key}' names people by id or name: text or a list of text")
        return tuple(n.strip() for n in names)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_CYCLE_MONTHS:
        raise PlanProblem(key, f"the plan's '{key}' must be a whole number of months from 1 to {MAX_CYCLE_MONTHS}")
    return value
