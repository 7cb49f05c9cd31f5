"""Git history of content files: one bounded set of git calls, newest first, each path its own,
and nothing at all outside a repository, without git, or in a shallow clone."""
import datetime as dt

import pytest

from playbook.check.checker import check
from playbook.check.site_paths import entity_path
from playbook.living.file_history import Commit, collect_history
from playbook.site.all_pages import SiteOptions, render_site

from .gitrepo import commit_all, git, init_repo, spy_git_calls


def day(n: int) -> str:
    return f"2026-11-{n:02d}T09:00:00+00:00"


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """content/ with 30 goals; three of them changed later by other people, one renamed."""
    repo = init_repo(tmp_path_factory.mktemp("history") / "repo")
    goals = repo / "content" / "goals"
    goals.mkdir(parents=True)
    for i in range(30):
        (goals / f"goal-{i:02d}.yml").write_text(f"title: Goal {i}\n")
    (repo / "README.md").write_text("not content\n")
    commit_all(repo, "Add thirty goals", date=day(1))
    for n in range(2, 9):
        (goals / "goal-00.yml").write_text(f"title: Goal zero, version {n}\n")
        commit_all(repo, f"Goal zero, version {n}", author="Bo Lind", date=day(n))
    (goals / "goal-01.yml").write_text("title: Goal one, reworded\n")
    (goals / "ünïcode name.yml").write_text("title: odd name\n")
    commit_all(repo, "Reword goal one", author="Ana Ruiz", date=day(10))
    git(repo, "mv", "content/goals/goal-02.yml", "content/goals/recruit-talent.yml")
    commit_all(repo, "Rename goal two", author="Chen Wu", date=day(12))
    (repo / "README.md").write_text("still not content\n")
    commit_all(repo, "Touch the README", date=day(14))
    return repo


def test_newest_first_keyed_by_path_inside_the_content_folder(repo):
    history = collect_history(repo, "content")
    assert len(history) == 32 and "README.md" not in history  # goal-02.yml, renamed, keeps its own and "../README.md" not in history
    first = history["goals/goal-01.yml"]
    assert [(c.date, c.author, c.subject) for c in first] == [
        ("2026-11-10", "Ana Ruiz", "Reword goal one"), ("2026-11-01", "Ana Ruiz", "Add thirty goals")]
    assert all(isinstance(c, Commit) and len(c.sha) == 40 for c in first)
    assert history["goals/ünïcode name.yml"][0].subject == "Reword goal one"


def test_limit_keeps_the_latest_commits(repo):
    history = collect_history(repo / "content", limit=3)
    assert [c.subject for c in history["goals/goal-00.yml"]] == [
        "Goal zero, version 8", "Goal zero, version 7", "Goal zero, version 6"]
    assert [c.date for c in collect_history(repo, "content")["goals/goal-00.yml"]] == [
        "2026-11-08", "2026-11-07", "2026-11-06", "2026-11-05", "2026-11-04"]


def test_a_renamed_file_has_the_history_of_its_own_path_only(repo):
    history = collect_history(repo, "content")
    assert [c.subject for c in history["goals/recruit-talent.yml"]] == ["Rename goal two"]
    assert history["goals/recruit-talent.yml"][0].author == "Chen Wu"


def test_the_number_of_git_calls_does_not_grow_with_the_files(repo, monkeypatch):
    calls = spy_git_calls(monkeypatch)
    history = collect_history(repo, "content")
    assert len(history) == 32 and len(calls) <= 3
    assert all(call[0] == "git" for call in calls)


def test_nothing_outside_a_repository(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    (tmp_path / "content" / "goals").mkdir(parents=True)
    (tmp_path / "content" / "goals" / "a.yml").write_text("title: A\n")
    assert collect_history(tmp_path, "content") == {}
    assert collect_history(tmp_path / "missing") == {}


def test_nothing_in_a_shallow_clone(repo, tmp_path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", repo.as_uri(), str(clone))
    assert git(clone, "rev-parse", "--is-shallow-repository").strip() == "true"
    assert collect_history(clone, "content") == {}


def test_nothing_when_git_is_not_installed(repo, monkeypatch):
    monkeypatch.setenv("PATH", "")
    assert collect_history(repo, "content") == {}


def test_entity_pages_end_with_their_history_except_in_the_public_edition(repo):
    result = check(repo / "content", as_of=dt.date(2026, 11, 25))
    edition = {p.path: p.markdown for p in render_site(result, SiteOptions(edition="confidential", as_of=result.as_of))}
    page = edition[entity_path("goal", "goal-01")]
    history = page[page.index('class="pb-history-title"'):]  # in the folded "For editors" block, at the page's end
    assert "Last changed <time datetime=\"2026-11-10\">10 Nov 2026</time> by Ana Ruiz." in history
    assert history.count("<li>") == 2 and '<time datetime="2026-11-10">10 Nov 2026</time> Ana Ruiz: Reword goal one' in history
    internal = {p.path: p.markdown for p in render_site(result, SiteOptions(as_of=result.as_of))}
    history = internal[entity_path("goal", "goal-01")].partition('class="pb-history-title"')[2]
    assert "Reword goal one" in history and "Add thirty goals" not in history  # it touched goal-02.yml, gone
    public = render_site(result, SiteOptions(edition="public", as_of=result.as_of))
    assert not any("pb-history" in p.markdown for p in public)


def test_commit_text_is_escaped_on_the_page(tmp_path):
    repo = init_repo(tmp_path / "repo")
    (repo / "content" / "channels").mkdir(parents=True)
    (repo / "content" / "channels" / "x.yml").write_text("title: X\nplatform: X\n")
    commit_all(repo, "Add <script>alert(1)</script> & more", author="Eve & Co")
    result = check(repo / "content")
    page = next(p for p in render_site(result, SiteOptions()) if p.path == entity_path("channel", "x"))
    assert "<script>" not in page.markdown and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page.markdown
    assert "Last changed <time datetime=\"2026-11-20\">20 Nov 2026</time> by Eve &amp; Co." in page.markdown


def test_a_deleted_confidential_file_never_lends_its_history_to_a_new_one(tmp_path):
    """Git would call this a rename (same content); its commits stay with the old path."""
    repo = init_repo(tmp_path / "repo")
    goals = repo / "content" / "goals"
    goals.mkdir(parents=True)
    body = "title: Plan\nsummary: A long enough text for git to see the two files as one.\n" * 3
    (goals / "takeover.yml").write_text("visibility: confidential\n" + body)
    commit_all(repo, "Takeover of Zetacorp", author="Secret Sam", date=day(2))
    (goals / "takeover.yml").rename(goals / "growth.yml")
    commit_all(repo, "Add growth goal", author="Open Ola", date=day(3))
    history = collect_history(repo, "content")
    assert [(c.author, c.subject) for c in history["goals/growth.yml"]] == [("Open Ola", "Add growth goal")]
    assert [c.author for c in history["goals/takeover.yml"]] == ["Open Ola", "Secret Sam"]


FORGERIES = [
    "Plain\x1e0000000000000000000000000000000000000000\x1f2020-01-01\x1fMallory\x1fForged",
    "Fields\x1fsplit\x1fhere\x1fand here",
    "Start of heading \x01 and \x02 marks",
    "Bell \x07 escape \x1b[31m red",
    "Tab\tand vertical \x0b tab",
    "DEL \x7f and C1 \x85 next line",
]


def test_control_characters_in_commits_forge_nothing(tmp_path):
    repo = init_repo(tmp_path / "repo")
    goals = repo / "content" / "goals"
    goals.mkdir(parents=True)
    (goals / "other.yml").write_text("title: Other\n")
    commit_all(repo, "Add other", date=day(1))
    for n, subject in enumerate(FORGERIES):
        (goals / "target.yml").write_text(f"title: Target {n}\n")
        message = tmp_path / "message"
        message.write_text(subject + "\n\nbody\n")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "--cleanup=verbatim", "-F", str(message), author=f"Eve\x1f{n}\x1eX", date=day(2 + n))
    history = collect_history(repo, "content", limit=10)
    assert set(history) == {"goals/other.yml", "goals/target.yml"}
    assert [c.subject for c in history["goals/other.yml"]] == ["Add other"]
    target = history["goals/target.yml"]
    assert len(target) == len(FORGERIES) and all(len(c.sha) == 40 and c.date.startswith("2026-11-") for c in target)
    for commit in target:
        assert not any(ord(ch) < 32 or 0x7f <= ord(ch) <= 0x9f for ch in commit.subject + commit.author), commit
        assert commit.author.startswith("Eve")
    assert target[-1].subject.startswith("Plain") and "Mallory" in target[-1].subject
