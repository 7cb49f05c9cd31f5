"""How recent changes read the history: each content tree once, in one folder that moves from tree
to tree, and HEAD's not at all where the folder is unchanged since HEAD.

Each case runs on a real repository. The folder a walk leaves is compared, file by file, with
what `git archive` gives for the same commit; the changes read are compared with those read
afresh the slow way (no check of the folder given); and hostile trees, made with git's own
plumbing, are walked to show that nothing is written outside the scratch folder.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
import subprocess
import tempfile
from pathlib import Path

import pytest

from playbook.check.checker import check
from playbook.check.edition import project
from playbook.living import recent_changes as recent
from playbook.living.git_revisions import GitError, TreeFolder, content_at, repository

from .contenttree import copy_minimal, write_tree
from .gitrepo import commit_all, git, git_env, init_repo

AS_OF = dt.date(2026, 6, 1)
KPI = "content/kpis/qualified-leads.yml"
CSV = "content/measurements/qualified-leads.csv"
GOAL = "content/goals/repeat-buyers.yml"
GOAL_TEXT = "title: {title}\nsupports: grow-online\ndepartment: sales\ndue: '2027-06-30'\n"
ROWS = "date,value,note\n2026-01-01,10,\n2026-02-01,25,\n"


def at(day: str) -> dict:
    return {"date": f"2026-{day}T10:00:00+00:00"}


@pytest.fixture()
def repo(tmp_path):
    """Five commits in the window, HEAD the newest: files changed, added and removed, a file that
    becomes a folder and back, a link inside the folder, an executable file, a name in Greek."""
    recent.forget()
    repo = init_repo(tmp_path / "project")
    copy_minimal(repo / "content")
    write_tree(repo, {CSV: ROWS, "content/pages/notes": "a file\n"})
    commit_all(repo, "Start", **at("03-01"))
    write_tree(repo, {CSV: ROWS + "2026-03-01,41,\n", GOAL: GOAL_TEXT.format(title="Win repeat buyers"),
                      "content/pages/notes": None, "content/pages/notes/first.md": "# First\n",
                      "content/pages/σημειώσεις.md": "# Σημειώσεις\n"})
    os.symlink("repeat-buyers.yml", repo / "content/goals/same-buyers.yml")
    commit_all(repo, "A goal, a link to it, notes become a folder", **at("04-10"))
    write_tree(repo, {"content/pages/notes/first.md": None})
    (repo / "content/pages/notes").rmdir()
    write_tree(repo, {CSV: ROWS + "2026-03-01,41,\n2026-04-01,60,\n", GOAL: GOAL_TEXT.format(title="Keep repeat buyers"),
                      "content/pages/notes": "a file again\n", "content/run.sh": "#!/bin/sh\n"})
    (repo / "content/run.sh").chmod(0o755)
    commit_all(repo, "The goal reworded; notes a file again", **at("05-12"))
    write_tree(repo, {GOAL: None, "content/pages/σημειώσεις.md": None})
    (repo / "content/goals/same-buyers.yml").unlink()
    commit_all(repo, "The goal removed", **at("05-20"))
    write_tree(repo, {CSV: ROWS + "2026-03-01,41,\n2026-04-01,60,\n2026-05-25,20,\n"})
    commit_all(repo, "A bad week", **at("05-26"))
    yield repo
    recent.forget()


def commits(repo: Path) -> list[str]:
    return git(repo, "rev-list", "HEAD").split()


def tree_of(repo: Path, sha: str) -> str:
    return git(repo, "rev-parse", f"{sha}:content").strip()


def listing(root: Path) -> dict[str, tuple[str, bytes | str]]:
    """Every file and link under root: its path -> ("file", bytes, executable) or ("link", target)."""
    found = {}
    for folder, folders, names in os.walk(root):
        for name in names + [f for f in folders if os.path.islink(os.path.join(folder, f))]:
            path = Path(folder, name)
            relative = path.relative_to(root).as_posix()
            found[relative] = ("link", os.readlink(path)) if path.is_symlink() else \
                ("file", path.read_bytes(), os.access(path, os.X_OK))
    return found


@pytest.mark.parametrize("order", ["newest first", "oldest first", "shuffled", "to nothing and back"])
def test_the_folder_holds_each_tree_as_git_archive_gives_it(repo, tmp_path, order):
    shas = commits(repo)
    walk = {"newest first": shas, "oldest first": shas[::-1],
            "shuffled": random.Random(7).sample(shas * 2, len(shas) * 2),
            "to nothing and back": [shas[0], None, shas[2], None, shas[-1], shas[1]]}[order]
    folder = TreeFolder(repo, tmp_path / "walk")
    (tmp_path / "walk").mkdir()
    for n, sha in enumerate(walk):
        root = folder.move_to(tree_of(repo, sha) if sha else None)
        expected = listing(content_at(repo / "content", sha, tmp_path / "archive" / str(n))) if sha else {}
        assert listing(root) == expected, sha


def test_a_link_or_a_file_that_gives_way_to_a_folder_is_removed_first(repo, tmp_path):
    folder = TreeFolder(repo, tmp_path / "walk")
    (tmp_path / "walk").mkdir()
    second, third = commits(repo)[3], commits(repo)[2]
    root = folder.move_to(tree_of(repo, second))
    assert (root / "pages/notes").is_dir() and (root / "goals/same-buyers.yml").is_symlink()
    folder.move_to(tree_of(repo, third))
    assert (root / "pages/notes").read_text() == "a file again\n"
    folder.move_to(tree_of(repo, second))
    assert (root / "pages/notes/first.md").read_text() == "# First\n"


def _values(revisions) -> list:
    return [(r.sha, r.when, [dataclasses.astuple(c) for c in r.changes]) for r in revisions]


def _counting_checks(monkeypatch) -> list[Path]:
    checked, real = [], recent.check

    def counted(root, *args, **kwargs):
        checked.append(Path(root))
        return real(root, *args, **kwargs)

    monkeypatch.setattr(recent, "check", counted)
    return checked


def test_each_tree_is_checked_once_and_head_not_at_all_when_the_folder_is_unchanged(repo, monkeypatch):
    content = repo / "content"
    slow = _values(recent.recent_changes(content, "internal", AS_OF))
    recent.forget()
    checked = _counting_checks(monkeypatch)
    current = check(content, as_of=AS_OF)
    checked.clear()
    found = recent.recent_changes(content, "internal", AS_OF, current)
    assert _values(found) == slow and len(found) == 4  # the first commit is before the window
    assert len(checked) == 4  # five trees (four commits and the parent of the first), HEAD's not read
    assert "Keep repeat buyers" in str(slow) and "Goal removed" not in str(slow)


def test_the_edition_copy_of_the_folder_stands_for_head_too(repo, monkeypatch):
    content = repo / "content"
    slow = {edition: _values(recent.recent_changes(content, edition, AS_OF)) for edition in ("internal", "public")}
    recent.forget()
    checked = _counting_checks(monkeypatch)
    shown = project(check(content, as_of=AS_OF), "internal")
    checked.clear()
    assert _values(recent.recent_changes(content, "internal", AS_OF, shown)) == slow["internal"] and len(checked) == 4
    checked.clear()
    assert _values(recent.recent_changes(content, "public", AS_OF, shown)) == slow["public"]
    assert len(checked) == 5  # the internal edition's copy is not taken for the public one's


def _edit_a_tracked_file(repo):
    write_tree(repo, {CSV: ROWS + "2026-05-30,99,\n"})


def _stage_an_edit(repo):
    _edit_a_tracked_file(repo)
    git(repo, "add", CSV)


def _add_an_untracked_file(repo):
    write_tree(repo, {"content/goals/draft.yml": GOAL_TEXT.format(title="An untracked goal")})


def _add_an_ignored_file(repo):
    write_tree(repo, {".gitignore": "*.local.yml\n", "content/goals/mine.local.yml": GOAL_TEXT.format(title="Ignored")})
    git(repo, "add", ".gitignore")
    git(repo, "commit", "-q", "-m", "Ignore local files", "--date", "2026-05-27T10:00:00+00:00")


def _delete_a_tracked_file(repo):
    (repo / KPI).unlink()


def _swap_a_file_for_a_link(repo):
    os.symlink("../../README", repo / (CSV + ".tmp"))
    os.replace(repo / (CSV + ".tmp"), repo / CSV)


def test_a_change_outside_the_content_folder_does_not_matter(repo, monkeypatch):
    write_tree(repo, {"README": "notes, not committed\n", "mkdocs.yml": "site_name: x\n"})
    checked = _counting_checks(monkeypatch)
    current = check(repo / "content", as_of=AS_OF)
    checked.clear()
    recent.recent_changes(repo / "content", "internal", AS_OF, current)
    assert len(checked) == 4


def test_what_was_read_is_kept_and_a_new_commit_costs_its_parent_alone(repo, monkeypatch):
    content = repo / "content"
    checked = _counting_checks(monkeypatch)
    first = recent.recent_changes(content, "internal", AS_OF, check(content, as_of=AS_OF))
    checked.clear()
    assert recent.recent_changes(content, "internal", AS_OF, check(content, as_of=AS_OF)) == first
    assert len(checked) == 1  # HEAD's parent: what came of the caller's check is not kept
    write_tree(repo, {GOAL: GOAL_TEXT.format(title="Win back buyers")})
    commit_all(repo, "The goal again", **at("05-28"))
    checked.clear()
    again = recent.recent_changes(content, "internal", AS_OF, check(content, as_of=AS_OF))
    assert len(checked) == 2 and len(again) == 5  # the parents of the new commit and of the last HEAD
    assert "Win back buyers" in str(again[0].changes)
    recent.forget()
    assert _values(recent.recent_changes(content, "internal", AS_OF)) == _values(again)


def test_a_check_made_before_git_moved_on_is_not_kept(repo):
    """A pull between a build's check and its reading of the history: the next build reads it right."""
    content = repo / "content"
    before_the_pull = check(content, as_of=AS_OF)
    write_tree(repo, {GOAL: GOAL_TEXT.format(title="Pulled in")})
    commit_all(repo, "Pulled", **at("05-29"))
    recent.recent_changes(content, "internal", AS_OF, before_the_pull)
    after = _values(recent.recent_changes(content, "internal", AS_OF, check(content, as_of=AS_OF)))
    recent.forget()
    assert after == _values(recent.recent_changes(content, "internal", AS_OF)) and "Pulled in" in str(after)


def _plumb(repo: Path, data: str, *args: str) -> str:
    """The object git's plumbing command `args` makes of `data`."""
    done = subprocess.run(["git", *args], cwd=repo, input=data, capture_output=True, text=True, env=git_env())
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _tree(repo: Path, entries: str) -> str:
    return _plumb(repo, entries, "mktree")


def _file(repo: Path, data: str = "title: Out\n") -> str:
    return _plumb(repo, data, "hash-object", "-w", "--stdin")


def _entry(mode: str, kind: str, object_id: str, name: str) -> str:
    return f"{mode} {kind} {object_id}\t{name}\n"


def _holding_evil(repo) -> str:
    return _tree(repo, _entry("100644", "blob", _file(repo), "evil.yml"))


def _up_and_out(repo):
    return [_tree(repo, _entry("040000", "tree", _holding_evil(repo), ".."))]


def _a_dot_folder(repo):
    return [_tree(repo, _entry("040000", "tree", _holding_evil(repo), "."))]


def _through_a_link(repo):
    link, inner = _file(repo, "../../outside"), _tree(repo, _entry("100644", "blob", _file(repo), "x.yml"))
    return [_tree(repo, _entry("120000", "blob", link, "evil")), _tree(repo, _entry("040000", "tree", inner, "evil"))]


def _a_link_and_a_folder_of_one_name(repo):
    link, inner = _file(repo, "../../outside"), _tree(repo, _entry("100644", "blob", _file(repo), "x.yml"))
    return [_tree(repo, _entry("120000", "blob", link, "evil") + _entry("040000", "tree", inner, "evil"))]


def _removing_through_a_link(repo):
    link, inner = _file(repo, "../../outside"), _tree(repo, _entry("100644", "blob", _file(repo), "x.yml"))
    both = _tree(repo, _entry("120000", "blob", link, "evil") + _entry("040000", "tree", inner, "evil"))
    return [both, _tree(repo, _entry("120000", "blob", link, "evil"))]  # the second removes evil/x.yml alone


def _one_name_twice(repo):
    return [_tree(repo, _entry("100644", "blob", _file(repo), "x.yml") + _entry("100644", "blob", _file(repo, "b"), "x.yml")),
            _tree(repo, _entry("100644", "blob", _file(repo), "x.yml") + _entry("120000", "blob", _file(repo, "y"), "x.yml"))]


def _everything_but(root: Path, walk: Path) -> list[str]:
    return sorted(str(p) for p in root.rglob("*") if p != walk and walk not in p.parents)


@pytest.mark.parametrize("trees", [_up_and_out, _a_dot_folder, _through_a_link, _a_link_and_a_folder_of_one_name,
                                   _removing_through_a_link, _one_name_twice])
def test_a_hostile_tree_writes_nothing_outside_the_folder(repo, tmp_path, trees):
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "x.yml").write_text("a file of someone else's\n")
    walk = tmp_path / "scratch" / "walk"
    walk.mkdir(parents=True)
    folder = TreeFolder(repo, walk)
    folder.move_to(tree_of(repo, "HEAD"))
    hostile = trees(repo)
    before = _everything_but(tmp_path, walk)
    for tree in hostile:
        root = folder.move_to(tree)
        assert _everything_but(tmp_path, walk) == before
        assert all(root in (root / path).parent.resolve().parents or (root / path).parent.resolve() == root.resolve()
                   for path, (kind, *_) in listing(root).items() if kind == "file")
    folder.move_to(None)
    assert os.listdir(walk) == [] and _everything_but(tmp_path, walk) == before


def _links_that_leave(repo):
    entries = "".join(_entry("120000", "blob", _file(repo, target), name) for name, target in
                      (("absolute.yml", "/etc/hostname"), ("up.yml", "../../outside/x.yml"), ("nul.yml", "a\0b"),
                       ("down-then-up.yml", "goals/../../outside/x.yml")))
    return [_tree(repo, entries + _entry("120000", "blob", _file(repo, "goals/win-leads.yml"), "fine.yml"))]


def _a_long_chain_of_links(repo):
    """Links through folders with names near the longest a system allows, whose paths resolved
    outgrow what a path may hold: the shape some Python versions' tar filter lets through."""
    long, steps = "0" * 245, "abcdefghijklmnop"
    inner = _tree(repo, _entry("100644", "blob", _file(repo, "x"), "x"))
    for step in reversed(steps[1:]):
        inner = _tree(repo, _entry("040000", "tree", inner, long) + _entry("120000", "blob", _file(repo, long), step))
    via = _tree(repo, _entry("120000", "blob", _file(repo, "/".join([".."] * 16)), "l" * 254))
    for step in reversed(steps[1:]):
        via = _tree(repo, _entry("040000", "tree", via, step))
    payload = _tree(repo, _entry("100644", "blob", _file(repo, "written from a commit\n"), "pwned.txt"))
    escape = "/".join(steps) + "/" + "l" * 254 + "/../../.."
    listed = git(repo, "ls-tree", "HEAD:content") + _entry("040000", "tree", inner, long) + \
        _entry("120000", "blob", _file(repo, long), "a") + _entry("040000", "tree", via, "a") + \
        _entry("120000", "blob", _file(repo, escape), "escape") + _entry("040000", "tree", payload, "escape")
    return [_tree(repo, listed)]


HOSTILE = [_up_and_out, _through_a_link, _a_link_and_a_folder_of_one_name, _removing_through_a_link, _one_name_twice,
           _links_that_leave, _a_long_chain_of_links]


def _through_a_filter(repo):
    """A filter on the measurements: each tree is then read from `git archive`."""
    git(repo, "config", "filter.same.clean", "cat")
    git(repo, "config", "filter.same.smudge", "cat")
    write_tree(repo, {".gitattributes": "*.csv filter=same\n"})
    commit_all(repo, "A filter", **at("05-27"))


def _planted(tmp_path: Path) -> Path:
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "x.yml").write_text("a file of someone else's\n")
    return tmp_path / "outside"


def _untouched(tmp_path: Path, outside: Path, inside: str = "revision-") -> None:
    """Nothing changed outside the folders a revision was written into (whose names hold `inside`)."""
    assert os.listdir(outside) == ["x.yml"] and (outside / "x.yml").read_text() == "a file of someone else's\n"
    written = [*tmp_path.rglob("pwned.txt"), *tmp_path.rglob("evil.yml")]
    assert all(inside in str(path.relative_to(tmp_path)).split("/")[0] for path in written), written
    assert not any(Path(folder, "pwned.txt").exists() for folder in ("/", "/tmp", *map(str, tmp_path.parents)))


@pytest.mark.parametrize("reading", ["file by file", "from git archive"])
@pytest.mark.parametrize("trees", HOSTILE)
def test_a_hostile_commit_in_the_window_is_read_without_harm(repo, tmp_path, monkeypatch, trees, reading):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "scratch"))
    (tmp_path / "scratch").mkdir()
    outside = _planted(tmp_path)
    if reading == "from git archive":
        _through_a_filter(repo)
    assert recent._unfiltered(repository(repo / "content").where, recent._tracked(repository(repo / "content").where)) \
        == (reading == "file by file")
    for n, content in enumerate(trees(repo)):
        _commit_on_head(repo, content, f"hostile {n}", date=f"2026-05-{28 + n}T10:00:00+00:00")
    found = recent.recent_changes(repo / "content", "internal", AS_OF, check(repo / "content", as_of=AS_OF))
    assert found is not None and len(found) >= 4
    assert os.listdir(tmp_path / "scratch") == []
    _untouched(tmp_path, outside)


@pytest.mark.parametrize("trees", HOSTILE)
def test_a_hostile_revision_is_extracted_without_harm(repo, tmp_path, trees):
    """`content_at`, which `playbook diff` and the briefing book read revisions with."""
    outside = _planted(tmp_path)
    for n, content in enumerate(trees(repo)):
        _commit_on_head(repo, content, f"hostile {n}")
        try:
            root = content_at(repo / "content", "HEAD", tmp_path / f"revision-{n}")
        except GitError:  # git refuses to write such a tree out; its readers take that as no revision
            continue
        assert all(kind == "file" or ".." not in target.split("/") for kind, target, *_ in listing(root).values())
    _untouched(tmp_path, outside)


def test_rules_false_checks_the_graph_and_not_the_rules(tmp_path):
    content = copy_minimal(tmp_path / "content")
    write_tree(content, {"goals/orphan.yml": "title: Nobody measures me\nsupports: grow-online\ndepartment: sales\n"})
    full, light = check(content, as_of=AS_OF), check(content, as_of=AS_OF, rules=False)
    assert {k: e.data for k, e in full.graph.entities.items()} == {k: e.data for k, e in light.graph.entities.items()}
    assert full.graph.series.keys() == light.graph.series.keys() and full.secrets == light.secrets
    assert {d.code for d in full.diagnostics} - {d.code for d in light.diagnostics}  # a rule found something
    write_tree(content, {"goals/broken.yml": "title: [unclosed\n"})
    assert "PB001" in {d.code for d in check(content, as_of=AS_OF, rules=False).diagnostics}


def test_only_the_check_looks_for_close_ids_of_an_unknown_one(tmp_path, monkeypatch):
    """A revision with a broken file leaves references that name nothing; the check suggests close
    ids in its findings, while copies for an edition, which say nothing, do not search for them."""
    from playbook.check import graph

    searched, real = [], graph.get_close_matches
    monkeypatch.setattr(graph, "get_close_matches", lambda *a, **k: searched.append(a[0]) or real(*a, **k))
    content = copy_minimal(tmp_path / "content")
    write_tree(content, {"goals/more-leads.yml": "title: More leads\nsupports: grow-onlin\ndepartment: sales\n"})
    result = check(content, as_of=AS_OF, rules=False)
    assert set(searched) == {"grow-onlin"} and "did you mean 'grow-online'" in str([d.message for d in result.diagnostics])
    by_the_check = len(searched)
    for edition in ("public", "internal", "confidential"):
        project(result, edition)
    assert len(searched) == by_the_check


def test_only_links_that_lead_down_are_written(repo, tmp_path):
    walk = tmp_path / "walk"
    walk.mkdir()
    root = TreeFolder(repo, walk).move_to(_links_that_leave(repo)[0])
    assert listing(root) == {"fine.yml": ("link", "goals/win-leads.yml")}


def _deep(repo):
    tree = _tree(repo, _entry("100644", "blob", _file(repo), "leaf.md"))
    for _ in range(1100):
        tree = _tree(repo, _entry("040000", "tree", tree, "d"))
    return [tree]


def _commit_on_head(repo: Path, content_tree: str, subject: str, date: str = "2026-05-29T10:00:00+00:00") -> str:
    top = _tree(repo, _entry("040000", "tree", content_tree, "content"))
    sha = git(repo, "commit-tree", top, "-p", "HEAD", "-m", subject, date=date).strip()
    git(repo, "update-ref", "HEAD", sha)
    return sha


def _corrupt_object(repo):
    goal = _file(repo, "title: A goal written once\nsupports: grow-online\ndepartment: sales\n")
    content = git(repo, "rev-parse", "HEAD:content").strip()
    listed = git(repo, "ls-tree", content) + _entry("100644", "blob", goal, "stray.yml")
    _commit_on_head(repo, _tree(repo, listed), "a file whose object is then damaged")
    loose = repo / ".git" / "objects" / goal[:2] / goal[2:]
    loose.chmod(0o644)
    loose.write_bytes(loose.read_bytes()[:10])


def _a_date_no_calendar_holds(repo):
    top = git(repo, "rev-parse", "HEAD^{tree}").strip()
    raw = f"tree {top}\nparent {git(repo, 'rev-parse', 'HEAD').strip()}\nauthor A <a@b> 1780000000 +9959\n" \
          f"committer A <a@b> 1780000000 +9959\n\nodd\n"
    git(repo, "update-ref", "HEAD", _plumb(repo, raw, "hash-object", "-t", "commit", "-w", "--stdin", "--literally"))


@pytest.mark.parametrize("damage", [_links_that_leave, _deep, _corrupt_object, _a_date_no_calendar_holds])
def test_a_damaged_or_crafted_history_is_read_without_a_traceback(repo, tmp_path, monkeypatch, damage):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "scratch"))
    (tmp_path / "scratch").mkdir()
    made = damage(repo)
    for tree in made or ():
        _commit_on_head(repo, tree, "crafted")
    found = recent.recent_changes(repo / "content", "internal", AS_OF, check(repo / "content", as_of=AS_OF))
    assert found is not None and len(found) >= 4  # the commits before are read as before
    assert os.listdir(tmp_path / "scratch") == []


def _assume_unchanged(repo):
    _edit_a_tracked_file(repo)
    git(repo, "update-index", "--assume-unchanged", CSV)


def _skip_worktree(repo):
    git(repo, "update-index", "--skip-worktree", KPI)
    (repo / KPI).unlink()


def _sparse_checkout(repo):
    git(repo, "sparse-checkout", "set", "--no-cone", "/*", "!/content/initiatives/")


def _links_as_files(repo):
    os.symlink("win-leads.yml", repo / "content/goals/same-leads.yml")
    commit_all(repo, "A link", **at("05-27"))
    git(repo, "config", "core.symlinks", "false")
    (repo / "content/goals/same-leads.yml").unlink()
    git(repo, "checkout", "--", "content/goals/same-leads.yml")  # now a file holding the link's target
    assert not (repo / "content/goals/same-leads.yml").is_symlink()


def _a_submodule(repo):
    inner = init_repo(repo.parent / "goals-repo")
    for goal in (repo / "content/goals").iterdir():
        write_tree(inner, {goal.name: goal.read_text(encoding="utf-8")})
    write_tree(inner, {"elsewhere.yml": GOAL_TEXT.format(title="A goal from elsewhere")})
    commit_all(inner, "The goals")
    git(repo, "rm", "-q", "-r", "content/goals")
    git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner), "content/goals")
    git(repo, "commit", "-q", "-m", "Goals from elsewhere", date="2026-05-28T10:00:00+00:00")
    assert "A goal from elsewhere" in str([e.title for e in check(repo / "content", as_of=AS_OF).graph.entities.values()])


@pytest.mark.parametrize("change", [_edit_a_tracked_file, _stage_an_edit, _add_an_untracked_file, _add_an_ignored_file,
                                    _delete_a_tracked_file, _swap_a_file_for_a_link,  # what git's status reports
                                    _assume_unchanged, _skip_worktree, _sparse_checkout, _links_as_files, _a_submodule])
def test_a_folder_that_is_not_heads_tree_is_not_taken_for_it(repo, monkeypatch, change):
    """The working folder, taken for HEAD's tree, would credit HEAD's commit with what no commit holds."""
    content = repo / "content"
    change(repo)
    checked = _counting_checks(monkeypatch)
    slow = _values(recent.recent_changes(content, "internal", AS_OF))
    every_tree = len(checked)
    recent.forget()
    current = check(content, as_of=AS_OF)
    checked.clear()
    assert _values(recent.recent_changes(content, "internal", AS_OF, current)) == slow
    assert len(checked) == every_tree  # HEAD's tree read as well
    assert "99 leads" not in str(slow) and "An untracked goal" not in str(slow) and "Ignored" not in str(slow)


def test_files_git_writes_through_a_filter_are_read_as_it_writes_them(repo):
    """git-lfs and git-crypt are filters: a tree's files are read through them, as `git archive` reads them."""
    git(repo, "config", "filter.mark.smudge", "sed s/MARKER/Smudged/")
    git(repo, "config", "filter.mark.clean", "sed s/Smudged/MARKER/")
    write_tree(repo, {".gitattributes": "content/goals/*.yml filter=mark\n",
                      GOAL: GOAL_TEXT.format(title="Win Smudged buyers")})
    commit_all(repo, "A goal through a filter", **at("05-28"))
    assert "MARKER" in git(repo, "show", f"HEAD:{GOAL}")
    for current in (None, check(repo / "content", as_of=AS_OF)):
        recent.forget()
        found = str(_values(recent.recent_changes(repo / "content", "internal", AS_OF, current)))
        assert "Win Smudged buyers" in found and "MARKER" not in found


@pytest.mark.parametrize("name", [":(icase)content", ":(attr:nothing)content", ":!content", "*"])
def test_a_folder_name_git_would_read_as_a_pattern_is_taken_as_written(tmp_path, monkeypatch, name):
    repo = init_repo(tmp_path / "project")
    content = copy_minimal(repo / name)
    write_tree(content, {"measurements/qualified-leads.csv": ROWS})
    commit_all(repo, "Start", **at("03-01"))
    write_tree(content, {"measurements/qualified-leads.csv": ROWS + "2026-03-01,41,\n"})
    commit_all(repo, "A reading", **at("05-20"))
    write_tree(content, {"measurements/qualified-leads.csv": ROWS + "2026-03-01,41,\n2026-05-30,99,\n"})
    recent.forget()
    found = _values(recent.recent_changes(content, "internal", AS_OF, check(content, as_of=AS_OF)))
    recent.forget()
    values = [change[6] for _, _, changes in found for change in changes]
    assert found == _values(recent.recent_changes(content, "internal", AS_OF)) and values == [41.0]  # not the 99 saved since
