"""What changed in the strategy lately, as one edition sees it: the diff engine run over recent commits.

`recent_changes(content, edition, as_of, current)` takes the commits of HEAD's first-parent line made in
the `WINDOW_DAYS` up to `as_of` that changed the content folder (the newest `MAX_COMMITS`),
reads the folder as it was at each and at its first parent (`git_revisions.TreeFolder`),
checks both, projects both to the edition (`check.edition.project`) and compares the copies
(`strategy_diff.compare`, KPI status as of the commit's day). What it keeps is what a reader
follows: KPI status changes, new measurements, new commentary, policies updated, and goals
and initiatives added or removed. Everything comes from the edition's copies, and every
text is redacted of what the checker knows to be a credential; the caller still drops what
the edition hides today (an entity made confidential since). A commit whose changes the
edition cannot see is left out altogether, date included.

Outside a git repository, without git, or in a shallow clone (whose history would be
wrong), there is no history: it returns None.

What this costs grows with the commits read and the size of the folder, so each step is done
once. What each commit changed is kept for the process (`mkdocs serve` rebuilds often). Each
content tree is checked once, in one scratch folder that moves from tree to tree writing only
the files that differ; what a file parsed into, and an entity's copy for the edition, are
taken from the tree before where they are the same. Nor is HEAD's tree checked at all where
git finds the folder unchanged since HEAD (nothing modified, untracked or ignored in it): the
caller's check of the folder (`current`) stands for it, so a build from a clean clone whose
window holds only its newest commit checks nothing twice.
"""
from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from playbook.check.checker import Result, check
from playbook.check.config import ConfigError
from playbook.check.credentials import redact
from playbook.check.edition import Projections, project
from playbook.content.commentary import entries
from playbook.content.parse_memo import ParseMemo
from playbook.living.git_revisions import GitError, Location, TreeFolder, content_at, git, repository
from playbook.living.strategy_diff import compare

WINDOW_DAYS = 90
"""How far back changes are looked for, counted from the as-of date."""
MAX_COMMITS = 12
"""The most commits read, newest first: the content folder at each of them, and before the oldest,
is checked once (HEAD's not, where it is the folder the build checked)."""
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


@dataclass(frozen=True)
class Commit:
    sha: str
    parent: str | None  # its first parent; None for a root commit
    when: dt.datetime  # its date, with its offset
    tree: str | None  # the content folder's tree at the commit; None where it has none
    parent_tree: str | None


def recent_changes(content: Path, edition: str, as_of: dt.date,
                   current: Result | None = None) -> list[Revision] | None:
    """The revisions of the window with something the edition shows, newest first; None without
    history. `current` is the folder as the caller checked it (in full or as the edition's copy)."""
    if current is not None and current.edition not in (None, edition):
        current = None
    try:
        repo = repository(content)
        if repo.shallow:
            return None
        where = repo.where
        head_tree, commits = _commits(where, as_of, repo.head) if repo.head else (None, ())
        unread = [commit for commit in commits if (where, commit, edition) not in _read]
        found = {}
        if unread:
            tracked = _tracked(where)
            plain = _unfiltered(where, tracked)
            trees = {tree for commit in unread for tree in (commit.tree, commit.parent_tree)}
            reuse = plain and current is not None and head_tree in trees and _unchanged(where, tracked)
            found = _read_changes(where, unread, edition, plain, {head_tree: current} if reuse else {})
    except GitError:
        return None
    changes = [(commit, found[commit] if commit in found else _read.get((where, commit, edition), ())) for commit in commits]
    return [Revision(commit.sha, commit.when, changes) for commit, changes in changes if changes]


@lru_cache(maxsize=4)
def _commits(where: Location, as_of: dt.date, head: str) -> tuple[str | None, tuple[Commit, ...]]:
    """HEAD's content tree, and the window's commits before `head` that changed the content
    folder, newest first (asked again at every rebuild under `serve`: kept while HEAD stays)."""
    since = as_of - dt.timedelta(days=WINDOW_DAYS - 1)
    done = git(where.top, "log", "--first-parent", f"--max-count={MAX_LISTED}", "--format=%H %cI %P",
               f"--since={since.isoformat()}T00:00:00", f"--until={as_of.isoformat()}T23:59:59", head)
    if done.returncode != 0:
        return None, ()
    listed = [(words[0], (words[2:] or [None])[0], _date(words[1]))
              for words in (line.split() for line in done.stdout.splitlines()) if len(words) > 1 and _date(words[1])]
    queries = f"{head}:{where.prefix}\n" + "".join(
        f"{sha}:{where.prefix}\n{parent or sha + '^'}:{where.prefix}\n" for sha, parent, _ in listed)
    head_tree, *trees = map(_tree, git(where.top, "cat-file", "--batch-check", stdin=queries).stdout.splitlines())
    commits = [Commit(sha, parent, when, now, before)
               for (sha, parent, when), now, before in zip(listed, trees[::2], trees[1::2]) if now != before]
    return head_tree, tuple(commits[:MAX_COMMITS])


def _date(text: str) -> dt.datetime | None:
    """A commit's date as git writes it; None for one no calendar holds (a commit made by hand)."""
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def _tree(line: str) -> str | None:
    """The object id in a line of `git cat-file --batch-check`; None for a missing one."""
    return None if line.endswith(" missing") else line.split()[0]


def _tracked(where: Location) -> list[str] | None:
    """`git ls-files -v -s` of the content folder: each file's tag, mode, blob and path; None where
    git cannot list them."""
    done = git(where.top, "--literal-pathspecs", "ls-files", "-v", "-s", "-z", "--", where.prefix or ".")
    return [entry for entry in done.stdout.split("\0") if entry] if done.returncode == 0 else None


def _unchanged(where: Location, tracked: list[str] | None) -> bool:
    """Whether the content folder is what HEAD holds, as a check of it reads it: git finds nothing
    modified, staged, deleted, untracked or ignored in it; no file is marked for git to take as
    unchanged or to leave out (`assume-unchanged`, `skip-worktree`, a sparse checkout); no
    submodule or link is in it (a check reads a submodule's files and follows a link's target
    up and out of its folder, where a tree's reading does not); links are checked out as links."""
    if tracked is None or any(not entry.startswith("H ") or entry[2:8] in ("160000", "120000") for entry in tracked):
        return False
    if git(where.top, "config", "--bool", "core.symlinks").stdout.strip() == "false":
        return False
    done = git(where.top, "--no-optional-locks", "--literal-pathspecs", "status", "--porcelain", "-z",
               "--untracked-files=all", "--ignored=matching", "--", where.prefix or ".")
    return done.returncode == 0 and not done.stdout


FILTERS = ("filter", "working-tree-encoding", "ident")
"""The attributes with which git writes a file other than as it holds it (git-lfs and git-crypt
are filters)."""


def _unfiltered(where: Location, tracked: list[str] | None) -> bool:
    """Whether git writes every file of the content folder as it holds it: then a tree's files are
    read from git as they are; else each tree is read from `git archive`, which applies the filters
    (and `export-ignore`, so the folder as checked is not taken for HEAD's tree there). Files are
    asked about as HEAD has them: a filtered file that HEAD no longer holds is read as stored."""
    if tracked is None:
        return False
    paths = "".join(entry.split("\t", 1)[-1] + "\0" for entry in tracked)
    done = git(where.top, "check-attr", "-z", "--stdin", *FILTERS, stdin=paths)
    values = done.stdout.split("\0")[2::3]
    return done.returncode == 0 and all(value in ("unspecified", "unset") for value in values)


_read: dict[tuple[Location, Commit, str], tuple[Change, ...]] = {}
"""The changes each commit made, as each edition sees them, oldest read first (`KEPT` at most)."""
KEPT = 64


def forget() -> None:
    """Forget every history read, as a new process would."""
    _read.clear()
    _commits.cache_clear()


def _read_changes(where: Location, commits: list[Commit], edition: str, plain: bool,
                  known: dict[str, Result]) -> dict[Commit, tuple[Change, ...]]:
    """The changes of `commits`, newest first, reading each of their content trees once (in one
    folder that moves from tree to tree where the trees' files are `plain`). `known` holds the
    tree the caller checked: what is worked out from it is not kept for the next call, which
    checks the folder anew (git may have moved on since the caller read it)."""
    found = {}
    with tempfile.TemporaryDirectory(prefix="playbook-recent-") as tmp:
        trees = _Trees(where, Path(tmp), plain, edition, known)
        for commit in commits:
            new, old = trees.shown(commit.tree, commit.sha), trees.shown(commit.parent_tree, commit.parent)
            found[commit] = () if new is None or old is None else _changes(old, new, commit.when.date())
            if not known.keys() & {commit.tree, commit.parent_tree}:
                _read[(where, commit, edition)] = found[commit]
            _keep_newest(_read, KEPT)
    return found


def _keep_newest(table: dict, count: int) -> None:
    """Drop the entries first put into `table` until it holds `count`."""
    while len(table) > count:
        del table[next(iter(table))]


def _changes(old: Result, new: Result, day: dt.date) -> tuple[Change, ...]:
    known = new.secrets | old.secrets
    return tuple(_redacted(c, known) for c in followed(replace(old, as_of=day), replace(new, as_of=day)))


def _redacted(change: Change, known: frozenset[str]) -> Change:
    title, text = redact(change.title, known), change.text and redact(change.text, known)
    return change if title == change.title and text == change.text else replace(change, title=title, text=text)


class _Trees:
    """The edition's copy of each content tree, checked once: the two last asked are kept, since a
    commit's parent is the next commit's tree. Successive trees share most files, so what each
    file parsed into, and each entity's copy for the edition, is taken from the tree before
    where it is the same (a `ParseMemo`, `Projections`)."""

    def __init__(self, where: Location, scratch: Path, plain: bool, edition: str, known: dict[str, Result]):
        self.where, self.scratch, self.plain, self.edition = where, scratch, plain, edition
        (scratch / "tree").mkdir()
        self.folder = TreeFolder(where.top, scratch / "tree")
        self.shown_trees: dict[str | None, Result | None] = {tree: project(r, edition) for tree, r in known.items()}
        self.parsed, self.projections = _Parsed(), Projections()

    def shown(self, tree: str | None, sha: str | None) -> Result | None:
        if tree not in self.shown_trees:
            result = self._checked(tree, sha)
            self.shown_trees[tree] = result and project(result, self.edition, self.projections)
            _keep_newest(self.shown_trees, 2)
        return self.shown_trees[tree]

    def _checked(self, tree: str | None, sha: str | None) -> Result | None:
        """The content folder of `tree` (at the commit `sha`) checked; None when it cannot be read or
        its playbook.yml is broken."""
        try:
            return check(self.folder.move_to(tree) if self.plain else self._archived(sha), memo=self.parsed, rules=False)
        except (GitError, ConfigError, OSError):
            return None

    def _archived(self, sha: str | None) -> Path:
        folder = self.scratch / "archive"
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir()
        return content_at(self.where.top / self.where.prefix, sha, folder) if sha else folder


class _Parsed(ParseMemo):
    """A `ParseMemo` for a folder whose files change under the same names and times: each file's
    text is read again every time, and kept only as what its parse is known by."""

    def text(self, path, status, read):
        return read()


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
