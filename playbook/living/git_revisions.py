"""Run git, and read a content folder as it was at a revision.

`content_at(content, rev, into)` extracts the folder from one `git archive` of the
revision (three git calls in all, whatever the number of files), so the checker can
read it like any other folder. Every failure becomes a `GitError` with git's own
explanation, never a traceback.
"""
from __future__ import annotations

import datetime as dt
import io
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path


class GitError(Exception):
    """Git is missing, the folder is not in a repository, or a revision is unknown."""


def git(cwd: Path, *args: str, text: bool = True, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run `git args` in cwd (given `stdin` as its input) and capture its output; raises GitError
    if git is not installed."""
    try:
        return subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=cwd, capture_output=True,
                              text=text, encoding="utf-8" if text else None, errors="replace" if text else None,
                              input=stdin, stdin=None if stdin is not None else subprocess.DEVNULL)
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise GitError(f"cannot run git in '{cwd}': {exc.strerror}") from None


@dataclass(frozen=True)
class Location:
    top: Path  # the repository's working tree
    prefix: str  # the content folder inside it, '' or ending with '/'


@dataclass(frozen=True)
class Repository:
    where: Location
    shallow: bool  # a shallow clone, whose history would be wrong
    head: str | None  # the commit HEAD names; None before the first commit


def repository(content: Path) -> Repository:
    """Where the content folder sits in its git repository, whether the clone is shallow, and
    HEAD's commit, from one call to git; what is read of the history at HEAD can be kept
    while HEAD stays the same commit."""
    done = git(content, "rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository", "HEAD")
    lines = done.stdout.splitlines()
    if len(lines) < 3 or lines[2] not in ("true", "false"):
        raise GitError(f"'{content}' is not inside a git repository ({_first_line(done.stderr)})")
    head = lines[3] if done.returncode == 0 and len(lines) > 3 else None
    return Repository(Location(Path(lines[0]), lines[1]), lines[2] == "true", head)


def locate(content: Path) -> Location:
    """Where the content folder sits in its git repository."""
    done = git(content, "rev-parse", "--show-toplevel", "--show-prefix")
    if done.returncode != 0:
        raise GitError(f"'{content}' is not inside a git repository ({_first_line(done.stderr)})")
    top, prefix = (done.stdout.splitlines() + ["", ""])[:2]
    return Location(Path(top), prefix)


def commit_of(where: Location, rev: str) -> str:
    """The full commit id a revision names."""
    done = git(where.top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    if done.returncode != 0 or not done.stdout.strip():
        raise GitError(f"'{rev}' is not a commit in the repository at '{where.top}'")
    return done.stdout.strip()


def commit_day(content: Path, rev: str) -> dt.date:
    """The day a revision was committed."""
    where = locate(content)
    done = git(where.top, "log", "-1", "--format=%cs", commit_of(where, rev))
    return dt.date.fromisoformat(done.stdout.strip())


GIT_DATES = (dt.date(1970, 1, 1), dt.date(2099, 12, 31))
"""The days git's `--before` reads; no commit is dated outside them (a later day would be
read as no date at all, and find nothing)."""


def last_commit_on(content: Path, day: dt.date) -> str | None:
    """The latest commit of HEAD made on or before `day`, or None when there is none."""
    if day < GIT_DATES[0]:
        return None
    before = min(day, GIT_DATES[1]).isoformat()
    return git(locate(content).top, "rev-list", "-1", f"--before={before}T23:59:59", "HEAD").stdout.strip() or None


def content_at(content: Path, rev: str, into: Path) -> Path:
    """Extract the content folder as it was at `rev` under `into`; returns its root there.

    A revision from before the folder existed gives an empty folder.
    """
    where = locate(content)
    sha = commit_of(where, rev)
    root = into / where.prefix if where.prefix else into
    root.mkdir(parents=True, exist_ok=True)
    done = git(where.top, "archive", "--format=tar", sha, "--", where.prefix or ".", text=False)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace")
        if "did not match any files" in message:
            return root
        raise GitError(f"git archive {rev} failed: {_first_line(message)}")
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
        archive.extractall(into, filter=_inside_only)
    return root


def _inside_only(member: tarfile.TarInfo, dest: str) -> tarfile.TarInfo | None:
    """tar's "data" filter, skipping (not failing on) members that would leave the folder."""
    try:
        return tarfile.data_filter(member, dest)
    except tarfile.FilterError:
        return None


def _first_line(text: str) -> str:
    return (text.strip().splitlines() or ["no message"])[0]
