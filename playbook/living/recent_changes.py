"""What changed in the strategy lately, as one edition sees it: the diff engine run over recent commits.

`recent_changes(content, edition, as_of)` takes the commits of HEAD's first-parent line made in
the `WINDOW_DAYS` up to `as_of` that changed the content folder (the newest `MAX_COMMITS`),
reads the folder as it was at each and at its first parent (`git_revisions.content_at`),
checks both, projects both to the edition (`check.edition.project`) and compares the copies
(`strategy_diff.compare`, KPI status as of the commit's day). What it keeps is what a reader
follows: KPI status changes, new measurements, new commentary, policies updated, and goals
and initiatives added or removed. Everything comes from the edition's copies, and every
text is redacted of what the checker knows to be a credential; the caller still drops what
the edition hides today (an entity made confidential since). A commit whose changes the
edition cannot see is left out altogether, date included.

Outside a git repository, without git, or in a shallow clone (whose history would be
wrong), there is no history: it returns None. A checked revision is kept for the process
(`mkdocs serve` rebuilds often), so each commit is checked once.
"""
from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from playbook.check.checker import Result, check
from playbook.check.config import ConfigError
from playbook.check.credentials import redact
from playbook.check.edition import project
from playbook.content.commentary import entries
from playbook.living.git_revisions import GitError, Location, content_at, git, repository
from playbook.living.strategy_diff import compare

WINDOW_DAYS = 90
"""How far back changes are looked for, counted from the as-of date."""
MAX_COMMITS = 12
"""The most commits read, newest first: each one is checked in full, twice at most."""
MAX_LISTED = 400
"""The most commits of the window looked at to find those that changed the content folder."""
FOLLOWED = ("status", "measurement", "commentary", "policy", "added", "removed")
"""What a change can be, in the order a day's changes are listed."""
COMMENTED = ("kpi", "goal", "initiative")
ADDED = ("goal", "initiative")


@dataclass(frozen=True)
class Change:
    what: str  # one of FOLLOWED
    kind: str
    id: str
    title: str  # as the edition's copy had it; pages link to the entity as it is now
    before: str | None = None  # a KPI's status before the commit
    after: str | None = None  # its status after it
    value: float | None = None  # a new measurement
    on: str | None = None  # the day a measurement or a commentary is dated
    text: str | None = None  # the commentary's reason


@dataclass(frozen=True)
class Revision:
    sha: str
    when: dt.datetime  # the commit's date, with its offset
    changes: tuple[Change, ...]


def recent_changes(content: Path, edition: str, as_of: dt.date) -> list[Revision] | None:
    """The revisions of the window with something the edition shows, newest first; None without history."""
    try:
        repo = repository(content)
        if repo.shallow:
            return None
        where = repo.where
        commits = _commits(where, as_of, repo.head) if repo.head else ()
    except GitError:
        return None
    found = []
    for sha, parent, when in commits:
        changes = _changes_of(where, sha, parent, edition, when.date())
        if changes:
            found.append(Revision(sha, when, changes))
    return found


@lru_cache(maxsize=4)
def _commits(where: Location, as_of: dt.date, head: str) -> tuple[tuple[str, str | None, dt.datetime], ...]:
    """(sha, first parent, date) of the window's commits before `head` that changed the content
    folder, newest first (asked again at every rebuild under `serve`: kept while HEAD stays)."""
    since = as_of - dt.timedelta(days=WINDOW_DAYS - 1)
    done = git(where.top, "log", "--first-parent", f"--max-count={MAX_LISTED}", "--format=%H %cI %P",
               f"--since={since.isoformat()}T00:00:00", f"--until={as_of.isoformat()}T23:59:59", head)
    if done.returncode != 0:
        return ()
    listed = [(words[0], (words[2:] or [None])[0], dt.datetime.fromisoformat(words[1]))
              for words in (line.split() for line in done.stdout.splitlines())]
    queries = "".join(f"{sha}:{where.prefix}\n{parent or sha + '^'}:{where.prefix}\n" for sha, parent, _ in listed)
    trees = git(where.top, "cat-file", "--batch-check", stdin=queries).stdout.splitlines()
    changed = [c for c, now, before in zip(listed, trees[::2], trees[1::2]) if _tree(now) != _tree(before)]
    return tuple(changed[:MAX_COMMITS])


def _tree(line: str) -> str | None:
    """The object id in a line of `git cat-file --batch-check`; None for a missing one."""
    return None if line.endswith(" missing") else line.split()[0]


@lru_cache(maxsize=64)
def _changes_of(where: Location, sha: str, parent: str | None, edition: str, day: dt.date) -> tuple[Change, ...]:
    new, old = _checked(where, sha), _checked(where, parent)
    if new is None or old is None:
        return ()
    known = new.secrets | old.secrets
    a, b = (replace(project(r, edition), as_of=day) for r in (old, new))
    found = followed(a, b)
    return tuple(replace(c, title=redact(c.title, known), text=c.text and redact(c.text, known)) for c in found)


@lru_cache(maxsize=2 * MAX_COMMITS + 2)
def _checked(where: Location, sha: str | None) -> Result | None:
    """The content folder at the commit `sha`, checked (None: before the first commit, an empty
    folder); None when it cannot be read or its playbook.yml is broken."""
    with tempfile.TemporaryDirectory(prefix="playbook-recent-") as tmp:
        try:
            return check(content_at(where.top / where.prefix, sha, Path(tmp)) if sha else Path(tmp))
        except (GitError, ConfigError):
            return None


def followed(old: Result, new: Result) -> list[Change]:
    """The changes a reader follows from one edition's copy to the next, in `FOLLOWED` order."""
    sections = compare(old, new)
    before, after = old.graph.entities, new.graph.entities
    found = [Change("status", "kpi", i.data["kpi"], after[("kpi", i.data["kpi"])].title,
                    before=i.data["before"], after=i.data["after"]) for i in sections["status"]]
    found += _measurements(old, new)
    found += _commentary(before, after)
    policies = dict.fromkeys(i.data["id"] for i in sections["fields"] if i.data["kind"] == "policy")
    found += [Change("policy", "policy", ident, after[("policy", ident)].title,
                     after=_text(after[("policy", ident)].data.get("status"))) for ident in policies]
    for what, side in (("added", after), ("removed", before)):
        found += [Change(what, i.data["kind"], i.data["id"], side[(i.data["kind"], i.data["id"])].title)
                  for i in sections[what] if i.data["kind"] in ADDED]
    return found


def _measurements(old: Result, new: Result) -> list[Change]:
    found = []
    for ident, series in sorted(new.graph.series.items()):
        kpi = new.graph.entities.get(("kpi", ident))
        earlier = old.graph.series.get(ident)
        known = {(p.date, p.value) for p in earlier.points} if earlier else set()
        found += [Change("measurement", "kpi", ident, kpi.title, value=p.value, on=p.date)
                  for p in series.points if kpi is not None and (p.date, p.value) not in known]
    return found


def _commentary(before: dict, after: dict) -> list[Change]:
    found = []
    for key in sorted(k for k in after if k[0] in COMMENTED):
        earlier = {_fingerprint(e) for e in entries(before[key].data)} if key in before else set()
        found += [Change("commentary", key[0], key[1], after[key].title, on=str(e["date"]), text=e["why"])
                  for e in entries(after[key].data) if _fingerprint(e) not in earlier]
    return found


def _fingerprint(entry: dict) -> tuple[str, str]:
    """An entry is known by its day and its reason: editing its other parts does not make it new."""
    return str(entry["date"]), entry["why"]


def _text(value) -> str | None:
    return value if isinstance(value, str) else None
