"""What is read of the git history is kept while HEAD names the same commit, and read again
the moment it names another: a commit, an amended commit, a reset, a checkout of another
branch. A rebuild under `serve` asks at every save; it then costs one call to git, not six.

Each case runs on a real repository, and compares what is kept with what a fresh read finds.
"""
from __future__ import annotations

import datetime as dt

import pytest

from playbook.living import file_history
from playbook.living import recent_changes as recent
from playbook.living.file_history import collect_history
from playbook.living.git_revisions import GitError, repository

from .gitrepo import commit_all, git, init_repo, spy_git_calls

AS_OF = dt.date(2026, 11, 30)
GOAL = "title: {title}\nsupports: [strategy:grow]\n"


def day(n: int) -> str:
    return f"2026-11-{n:02d}T09:00:00+00:00"


def _forget() -> None:
    file_history._log.cache_clear()
    recent.forget()


@pytest.fixture()
def project(tmp_path):
    _forget()
    repo = init_repo(tmp_path / "repo")
    content = repo / "content"
    (content / "goals").mkdir(parents=True)
    (content / "strategies").mkdir()
    (content / "strategies" / "grow.yml").write_text("title: Grow\nstatement: Grow.\n")
    (content / "goals" / "reach.yml").write_text(GOAL.format(title="Reach more people"))
    commit_all(repo, "First goal", date=day(1))
    (content / "goals" / "reach.yml").write_text(GOAL.format(title="Reach many more people"))
    commit_all(repo, "Reword the goal", author="Bo Lind", date=day(5))
    yield repo, content
    _forget()


def _read(content):
    """(history of the goal's file, subjects of its commits; the recent revisions' shas)."""
    history = collect_history(content)
    found = recent.recent_changes(content, "internal", AS_OF) or []
    return [(c.sha, c.subject) for c in history.get("goals/reach.yml", [])], [r.sha for r in found]


def _fresh(content):
    _forget()
    return _read(content)


def _commit(repo, content):
    (content / "goals" / "reach.yml").write_text(GOAL.format(title="Reach everyone"))
    commit_all(repo, "Reach everyone", author="Chen Wu", date=day(9))


def _amend(repo, content):
    git(repo, "commit", "-q", "--amend", "-m", "Reword the goal, amended", date=day(6))


def _reset(repo, content):
    git(repo, "reset", "-q", "--hard", "HEAD~1")


def _branch(repo, content):
    git(repo, "checkout", "-q", "-b", "other", "HEAD~1")
    (content / "goals" / "reach.yml").write_text(GOAL.format(title="Reach the north"))
    commit_all(repo, "Reach the north", date=day(7))


@pytest.mark.parametrize("change", [_commit, _amend, _reset, _branch])
def test_a_new_head_is_read_again(project, change):
    repo, content = project
    before = _read(content)
    assert before == _read(content) and len(before[0]) == 2 and before[1]
    change(repo, content)
    after = _read(content)
    assert after != before, f"{change.__name__}: the history kept from before was given"
    assert after == _fresh(content)


def test_the_same_head_costs_one_call_to_git(project, monkeypatch):
    repo, content = project
    first = _read(content)
    calls = spy_git_calls(monkeypatch)
    assert _read(content) == first
    assert len(calls) == 2 and all(call[:5] == ["git", "-c", "core.quotepath=off", "rev-parse", "--show-toplevel"]
                                   for call in calls)  # one for each: history and recent changes


def test_an_edit_not_yet_committed_keeps_the_history(project):
    repo, content = project
    before = _read(content)
    (content / "goals" / "reach.yml").write_text(GOAL.format(title="Saved, not committed"))
    assert _read(content) == before == _fresh(content)


def test_where_the_folder_sits_in_its_repository(project, tmp_path, monkeypatch):
    repo, content = project
    found = repository(content)
    assert (found.where.top, found.where.prefix) == (repo, "content/") and not found.shallow
    assert found.head == git(repo, "rev-parse", "HEAD").strip()
    assert repository(repo).where.prefix == ""
    empty = init_repo(tmp_path / "empty")
    assert repository(empty).head is None and collect_history(empty) == {}
    assert recent.recent_changes(empty, "internal", AS_OF) == []
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    (tmp_path / "outside").mkdir()
    with pytest.raises(GitError):
        repository(tmp_path / "outside")
