"""The git history of each content file: when it last changed, by whom, and the latest commits.

Everything comes from one `git log` over the content folder (plus one call to find
the repository), however many files there are. Renames are followed: the commits
before a rename count for the file's current name. Outside a git repository, without
git, or in a shallow clone (where the history would be wrong), there is no history
and `collect_history` returns {} without a word.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .gitrev import GitError, git

_RECORD, _FIELD = "\x1e", "\x1f"
_FORMAT = f"{_RECORD}%H{_FIELD}%as{_FIELD}%an{_FIELD}%s"


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str  # author date, YYYY-MM-DD
    author: str
    subject: str


def collect_history(where: str | Path, paths_prefix: str = ".", limit: int = 5) -> dict[str, list[Commit]]:
    """File path relative to the content folder `where/paths_prefix` -> its latest
    `limit` commits, newest first (the first is the last change)."""
    content = Path(where) / paths_prefix
    try:
        shallow = git(content, "rev-parse", "--is-shallow-repository")
        if shallow.returncode != 0 or shallow.stdout.strip() != "false":
            return {}
        log = git(content, "log", "-z", "-M", "--name-status", "--relative", f"--format={_FORMAT}", "--", ".")
    except GitError:
        return {}
    return parse_log(log.stdout, limit) if log.returncode == 0 else {}


def parse_log(output: str, limit: int) -> dict[str, list[Commit]]:
    """Parse `git log -z --name-status` output, newest commit first."""
    history: dict[str, list[Commit]] = {}
    renamed: dict[str, str] = {}  # an older name -> the name it has now
    for record in output.split(_RECORD)[1:]:
        header, _, rest = record.partition("\0")
        commit = Commit(*header.split(_FIELD, 3))
        tokens = (t.lstrip("\n") for t in rest.split("\0"))
        for status in tokens:
            if status.startswith("R"):  # R<score>, old name, new name
                old, new = next(tokens, ""), next(tokens, "")
                path = renamed[old] = renamed.get(new, new)
            else:
                old = next(tokens, "")
                path = renamed.get(old, old)
            if not path:
                break
            commits = history.setdefault(path, [])
            if len(commits) < limit and (not commits or commits[-1].sha != commit.sha):
                commits.append(commit)
    return history
