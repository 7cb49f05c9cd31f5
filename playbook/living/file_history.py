"""The git history of each content file: when it last changed, by whom, and the latest commits.

Everything comes from one `git log` over the content folder (plus one call to find
the repository), however many files there are. Each file's history is the commits of
its own path only: renames are not followed, because git guesses them from similar
content, and could call a deleted confidential file the "rename" of a new internal
one, bringing its commits onto the internal page. Commit records are split on a
marker made anew for every run, so no author name or subject can forge an entry or
move a commit to another file; control characters in them become spaces. Outside a
git repository, without git, or in a shallow clone (where the history would be
wrong), there is no history and `collect_history` returns {} without a word.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

from playbook.living.git_revisions import GitError, git, repository

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str  # author date, YYYY-MM-DD
    author: str
    subject: str


def collect_history(where: str | Path, paths_prefix: str = ".", limit: int = 5,
                    shown: Callable[[str], bool] | None = None) -> dict[str, list[Commit]]:
    """File path relative to the content folder `where/paths_prefix` -> its latest
    `limit` commits, newest first (the first is the last change). With `shown`, only
    the commits whose every file it accepts are listed: a commit that also touched a
    file an edition hides (or one no longer there) may describe it in its subject."""
    content = Path(where) / paths_prefix
    try:
        repo = repository(content)
        if repo.shallow or repo.head is None:
            return {}
        logged = _log(content, repo.head)
    except GitError:
        return {}
    return parse_log(logged[1], logged[0], limit, shown) if logged else {}


@lru_cache(maxsize=4)
def _log(content: Path, head: str) -> tuple[str, str] | None:
    """(marker, output) of the log of the folder's files at the commit `head` (a rebuild under
    `serve` asks again at every save, and the log only changes with HEAD); None if git fails."""
    marker = secrets.token_hex(16)
    log = git(content, "log", "-z", "--no-renames", "--name-only", "--relative",
              f"--format=%x01{marker}%H %as%x02{marker}%an%x02{marker}%s%x01{marker}end", head, "--", ".")
    return (marker, log.stdout) if log.returncode == 0 else None


def parse_log(output: str, marker: str, limit: int,
              shown: Callable[[str], bool] | None = None) -> dict[str, list[Commit]]:
    """Parse `git log -z --name-only` output written with `marker`, newest commit first."""
    history: dict[str, list[Commit]] = {}
    for record in output.split(f"\x01{marker}")[1:]:
        if not record.startswith("end"):
            head, author, subject = (record.split(f"\x02{marker}") + ["", ""])[:3]
            sha, _, date = head.partition(" ")
            commit = Commit(sha, date, _plain(author), _plain(subject))
            continue
        paths = [p for p in (p.strip("\n") for p in record[3:].split("\0")) if p]
        if shown is not None and not all(map(shown, paths)):
            continue
        for path in paths:
            commits = history.setdefault(path, [])
            if len(commits) < limit and (not commits or commits[-1].sha != commit.sha):
                commits.append(commit)
    return history


def _plain(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", text).split())
