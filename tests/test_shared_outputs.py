"""Outputs meant for sharing take an edition, and Markdown written for an issue does nothing but show text.

`playbook due` in every format, and the weekly workflow `playbook init` writes, hold only
what the edition shows (internal by default, never confidential in the workflow). Titles,
names and notes from content are made inert in the Markdown a GitHub issue shows: rendered
by GitHub's own renderer (cmarkgfm), they make no link, image or HTML, break no table,
and mention nobody.
"""
from __future__ import annotations

import json
import re

import cmarkgfm
import pytest

from playbook.cli.commands import main
from playbook.living.inert_markdown import ZERO_WIDTH, inert

from .contenttree import copy_minimal, write_tree

HOSTILE = {
    "link": "[click me](https://evil.example/x)",
    "image": "![pixel](https://evil.example/p.png)",
    "html": "<img src=https://evil.example/p.png onerror=alert(1)>",
    "mention": "ping @octocat and @github/security",
    "issue reference": "closes #12 and GH-7",
    "bare address": "see https://evil.example and www.evil.example",
    "autolink": "<https://evil.example>",
    "table break": "a | b | c",
    "line break": "first\nsecond\u2028third",
    "code and emphasis": "`x` **bold** ~~gone~~ $x^2$",
    "reference link": "[x][1]\n\n[1]: https://evil.example",
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_inert_text_renders_as_plain_text_on_github(name):
    text = HOSTILE[name]
    html = cmarkgfm.github_flavored_markdown_to_html(f"| What |\n|---|\n| {inert(text)} |\n")
    assert "<a " not in html and "<img" not in html and "<code" not in html and "<strong" not in html
    assert html.count("<td>") == 1 and "<del" not in html
    body = re.sub(r"<[^>]+>", "", html).replace(ZERO_WIDTH, "")
    assert " ".join(text.split()) in body.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace(
        "&quot;", '"')
    assert not re.search(r"@\w", re.sub(r"<[^>]+>", "", html)), "a mention would notify someone"
    assert not re.search(r"(?<![\w\u200b])#\d", re.sub(r"<[^>]+>", "", html)), "an issue reference would link"


DUE = {
    "people/ada.yml": "title: Ada Park\nvisibility: confidential\n",
    "people/bo.yml": "title: Bo [boss](https://evil.example) @octocat\n",
    "policies/open.yml": "title: Open <img src=x> policy\nvisibility: public\ntype: policy\nstatus: active\n"
                         "owner: ada\nreview_date: '2026-05-15'\n",
    "policies/inner.yml": "title: Inner policy\ntype: policy\nstatus: active\nowner: bo\nreview_date: '2026-05-20'\n",
    "policies/secret.yml": "title: Secret zqsecretx policy\nvisibility: confidential\ntype: policy\nstatus: active\n"
                           "owner: bo\nreview_date: '2026-05-25'\n",
}


@pytest.fixture
def content(tmp_path):
    return write_tree(copy_minimal(tmp_path / "content"), DUE)


def due(capsys, content, *args) -> str:
    code = main(["due", "--content", str(content), "--as-of", "2026-06-01", *args])
    out = capsys.readouterr()
    assert code == 0 and "Traceback" not in out.err
    return out.out


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "ics"])
def test_due_shows_only_what_the_edition_shows(content, capsys, fmt):
    internal = due(capsys, content, "--format", fmt)  # the default edition
    assert internal == due(capsys, content, "--format", fmt, "--edition", "internal")
    assert "zqsecretx" not in internal and "Ada Park" not in internal and "Inner policy" in internal
    public = due(capsys, content, "--format", fmt, "--edition", "public")
    assert "Inner policy" not in public and "Ada Park" not in public and "Bo " not in public
    assert "zqsecretx" in due(capsys, content, "--format", fmt, "--edition", "confidential")


def test_an_owner_the_edition_hides_reads_restricted(content, capsys):
    items = json.loads(due(capsys, content, "--format", "json", "--edition", "public"))
    assert [(i["title"], i["owner"], i["owner_id"]) for i in items if i["kind"] == "policy"] == [
        ("Open <img src=x> policy", "a restricted item", None)]


def test_the_weekly_issue_body_is_inert(content, capsys):
    body = due(capsys, content, "--format", "markdown")
    html = cmarkgfm.github_flavored_markdown_to_html(body)
    assert "<a " not in html and "<img" not in html and not re.search(r"@\w", re.sub(r"<[^>]+>", "", html))
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    assert all(row.count("<td>") == 4 for row in rows[1:]) and len(rows) >= 3


def test_the_weekly_workflow_posts_the_internal_edition(tmp_path):
    assert main(["init", str(tmp_path / "pb")]) == 0
    workflow = (tmp_path / "pb" / ".github" / "workflows" / "due.yml").read_text(encoding="utf-8")
    commands = [line for line in workflow.splitlines() if "run:" in line and "playbook" in line]
    assert commands and all("--edition internal" in c and "confidential" not in c for c in commands)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_exports_take_an_edition(content, capsys, tmp_path, fmt):
    out = tmp_path / f"export.{fmt}"
    for edition, shown in (("public", False), ("internal", False), ("confidential", True)):
        assert main(["export", "--content", str(content), "--format", fmt, "--edition", edition, "--out", str(out)]) == 0
        written = "".join(p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.csv")) if fmt == "csv" \
            else out.read_text(encoding="utf-8")
        assert ("zqsecretx" in written) is shown, edition
        assert ("Ada Park" in written) is shown, edition
