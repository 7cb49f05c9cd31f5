"""The weekly issue mentions each owner with overdue items by the GitHub login in their
contact, and only where the edition shows that contact."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest

from playbook.cli.commands import main
from playbook.scaffold.starter import init

TODAY = dt.date.today()
LATER = (TODAY + dt.timedelta(days=3 * 365)).isoformat()
"""Far enough ahead that every item of the example is overdue."""


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    folder = tmp_path_factory.mktemp("due") / "playbook"
    init(folder, TODAY, "public-agency")
    return folder


@pytest.fixture
def content(example, tmp_path):
    return shutil.copytree(example, tmp_path / "playbook") / "content"


def weekly(capsys, content, edition="internal", as_of=LATER):
    assert main(["due", "--format", "markdown", "--edition", edition, "--as-of", as_of, "--content", str(content)]) == 0
    return capsys.readouterr().out


def mention_line(text):
    return [line for line in text.splitlines() if line.startswith("Overdue items wait for")]


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_each_owner_with_overdue_items_is_mentioned_once(content, capsys):
    assert mention_line(weekly(capsys, content)) == ["Overdue items wait for @lee-chan-fellside, @priya-das-fellside, @sam-okafor-fellside."]


def test_nobody_is_mentioned_when_nothing_is_overdue(content, capsys):
    assert mention_line(weekly(capsys, content, as_of=(TODAY - dt.timedelta(days=400)).isoformat())) == []


def test_the_public_edition_mentions_nobody(content, capsys):
    assert mention_line(weekly(capsys, content, "public")) == []


@pytest.mark.parametrize("old, new", [
    ("contact:\n", "contact:\n  visibility: confidential\n"),                # the contact hidden from the edition
    ("visibility: public\n", "visibility: confidential\n"),                   # the person hidden
    ("handle: sam-okafor-fellside", "handle: \"sam okafor; @all\""),           # not a GitHub login
    ("platform: github", "platform: mastodon"),                                # not a GitHub handle
])
def test_an_owner_whose_login_the_edition_may_not_show_is_not_mentioned(content, capsys, old, new):
    edit(content / "people" / "sam-okafor.yml", old, new)
    out = weekly(capsys, content)
    assert mention_line(out) == ["Overdue items wait for @lee-chan-fellside, @priya-das-fellside."]
    assert "sam-okafor-fellside" not in out and "@all" not in out


def test_an_owner_given_as_text_is_not_mentioned(content, capsys):
    for path in content.rglob("*.*"):
        text = path.read_text(encoding="utf-8")
        text = text.replace("owner: sam-okafor\n", "owner: Sam Okafor\n")
        path.write_text(text.replace("authors: [sam-okafor,", "authors: [Sam Okafor,"), encoding="utf-8")
    assert "@sam-okafor-fellside" not in weekly(capsys, content)
