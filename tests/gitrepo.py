"""Real git repositories in temporary folders: run git with a fixed identity and dates."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path


def git_env(author: str = "Ana Ruiz", date: str = "2026-11-20T10:00:00+00:00") -> dict:
    """The environment for one git command: who commits, when, and no user or system config."""
    email = author.lower().replace(" ", ".") + "@example.org"
    return {**os.environ, "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": email, "GIT_COMMITTER_DATE": date,
            "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str, author: str = "Ana Ruiz", date: str = "2026-11-20T10:00:00+00:00") -> str:
    done = subprocess.run(["git", *args], cwd=repo, env=git_env(author, date), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def init_repo(repo: Path) -> Path:
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    return repo


def commit_all(repo: Path, subject: str, **who) -> str:
    """Commit every change in the working tree; returns the commit id."""
    git(repo, "add", "-A", **who)
    git(repo, "commit", "-q", "-m", subject, **who)
    return git(repo, "rev-parse", "HEAD").strip()


def spy_git_calls(monkeypatch) -> list[list[str]]:
    """Every command `playbook.living.git_revisions` runs from now on, as it runs it."""
    from playbook.living import git_revisions

    calls, real = [], subprocess.run

    def spy(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(git_revisions.subprocess, "run", spy)
    return calls
