"""`playbook codeowners` writes .github/CODEOWNERS from the owners and deputies in the
content, and PB120 reports every way the file can fall behind the content."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest

from playbook.check.checker import check
from playbook.cli.commands import main
from tests.contenttree import GOLDEN

AS_OF = dt.date(2026, 6, 1)


@pytest.fixture
def repo(tmp_path):
    repo = shutil.copytree(GOLDEN / "pb120-codeowners-current", tmp_path / "repo")
    (repo / "expected.txt").unlink()
    return repo


def pb120(repo):
    return [d for d in check(repo / "content", as_of=AS_OF).diagnostics if d.code == "PB120"]


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_file_lists_each_owned_file_for_the_owner_and_deputy(repo, capsys):
    (repo / ".github" / "CODEOWNERS").unlink()
    assert main(["codeowners", "--content", str(repo / "content")]) == 0
    lines = (repo / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# Written by playbook")
    assert lines[2:] == ["/content/kpis/qualified-leads.yml @dana-reyes @lee-park",
                         "/content/measurements/qualified-leads.csv @dana-reyes @lee-park"]
    assert pb120(repo) == []


CHANGES = {
    "a new owner": ("content/kpis/qualified-leads.yml", "owner: dana-reyes", "owner: lee-park"),
    "a deputy removed": ("content/people/dana-reyes.yml", "deputy: lee-park\n", ""),
    "a handle changed": ("content/people/dana-reyes.yml", "handle: dana-reyes", "handle: dana-r"),
    "a handle on another platform": ("content/people/lee-park.yml", "platform: github", "platform: x"),
    "an owner given as text": ("content/kpis/qualified-leads.yml", "owner: dana-reyes", "owner: Dana Reyes"),
    "a newly owned channel": ("content/channels/linkedin.yml", "title:", "owner: lee-park\ntitle:"),
    "a line edited by hand": (".github/CODEOWNERS", "@dana-reyes @lee-park\n/content/m", "@dana-reyes\n/content/m"),
    "a line added by hand": (".github/CODEOWNERS", "/content/kpis", "/content/goals/win-leads.yml @x\n/content/kpis"),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_every_way_of_falling_behind_is_reported_and_the_command_catches_up(repo, capsys, change):
    file, old, new = CHANGES[change]
    edit(repo / file, old, new)
    [found] = pb120(repo)
    assert found.file == "../.github/CODEOWNERS" and found.severity == "warning"
    assert "run `playbook codeowners`" in found.message
    assert main(["codeowners", "--content", str(repo / "content")]) == 0
    assert pb120(repo) == []


def test_a_handle_github_would_not_accept_is_left_out(repo, capsys):
    edit(repo / "content/people/lee-park.yml", '"@Lee-Park"', '"lee park; rm -rf /"')
    assert main(["codeowners", "--content", str(repo / "content")]) == 0
    text = (repo / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert "/content/kpis/qualified-leads.yml @dana-reyes\n" in text and "rm" not in text


@pytest.mark.parametrize("text", ["/content/ @sales-team\n", "", "# Written by hand\n", "\ufeff# Written by playbook\n",
                                  "* @everyone\n# Written by playbook\n"])
def test_a_codeowners_playbook_did_not_write_is_neither_replaced_nor_judged(repo, capsys, text):
    (repo / ".github" / "CODEOWNERS").write_text(text, encoding="utf-8")
    edit(repo / "content/kpis/qualified-leads.yml", "owner: dana-reyes", "owner: lee-park")
    assert pb120(repo) == []
    assert main(["codeowners", "--content", str(repo / "content")]) == 2
    assert "was not written by playbook" in capsys.readouterr().err
    assert (repo / ".github" / "CODEOWNERS").read_text(encoding="utf-8") == text
