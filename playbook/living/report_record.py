"""`playbook report --record`: add the report just written to the content folder's report log.

The next briefing book then tells what changed since this one. The entry is appended
under the writers' lock, and the log is written whole or not at all; a log the checker
would refuse (or one that would be refused after the entry) is left as it is.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from playbook.content.diagnostics import ContentError
from playbook.content.loader import MAX_FILE_BYTES, decode
from playbook.content.report_log import REPORT_LOG, log_line, parse_report_log
from playbook.living.transaction import (
    Change,
    WriteRefused,
    locked,
    read_bytes,
    replace_all,
    target,
)

HEADER = "# Board reports issued; the briefing book tells what changed since the latest one.\n"


def record_report(root: Path, day: dt.date, meeting: str = "", review: str = "") -> None:
    """Append a report of `day` (its meeting, and the review it is a record of) to `reports.yml`,
    creating the log if needed."""
    with locked(root):
        path = target(root, REPORT_LOG)
        old = read_bytes(path, MAX_FILE_BYTES)
        try:
            text = decode(old, REPORT_LOG) if old is not None else HEADER
        except ContentError as fail:
            raise WriteRefused.of(root, fail.diagnostic, "the report log is left as it is") from None
        new = text + ("" if not text or text.endswith("\n") else "\n") + log_line(day, meeting, review)
        problems = parse_report_log(text)[1] or parse_report_log(new)[1]
        if problems:
            raise WriteRefused.of(root, problems[0], "the report log is left as it is")
        if (day, meeting, review) not in [(r.day, r.meeting, r.review) for r in parse_report_log(new)[0]]:
            raise WriteRefused(path, 1, 1, "the meeting's name cannot be kept as written; the report log is left as it is")
        replace_all([Change(path, new.encode("utf-8"), old)])
