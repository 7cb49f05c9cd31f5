"""`playbook diff`: two revisions of a real git repository compared in strategy terms."""
import datetime as dt
import json
import shutil

import pytest

from playbook.cli.commands import main
from playbook.content.schemas import reference_fields
from playbook.living.strategy_diff import (
    SECTIONS,
    Item,
    Report,
    format_markdown,
    relation_text,
)
from playbook.scaffold.starter import init, new_entity

from .gitrepo import commit_all, git, init_repo

DAY = dt.date(2026, 11, 25)
AS_OF = ["--as-of", DAY.isoformat()]


def edit(path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """Two commits: a fresh playbook with a stray file, then a change touching every section."""
    repo = init_repo(tmp_path_factory.mktemp("diff") / "repo")
    init(repo, DAY)
    (repo / "content" / "notes.yml").write_text("title: stray\n")
    first = commit_all(repo, "Start the playbook")
    content = repo / "content"
    new_entity(content, "goal", "answer-within-a-day", DAY)
    edit(content / "goals/answer-within-a-day.yml", "\nsupports: ", "\n# supports: ")  # a goal of no strategy yet
    edit(content / "kpis/online-service-bookings.yml", "  value: 40\n", "  value: 50\n")
    edit(content / "kpis/newsletter-subscribers.yml", "  - group-ride-signups\n", "")
    with (content / "measurements/online-service-bookings.csv").open("a") as csv:
        csv.write("2026-11-20,5,the booking page was down\n")
    (content / "notes.yml").unlink()
    second = commit_all(repo, "Answer within a day; raise the bookings target")
    return repo, first, second


def run(capsys, monkeypatch, repo, *argv):
    monkeypatch.chdir(repo)
    code = main(["diff", *AS_OF, *argv])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out, out.err


def test_text_reports_every_kind_of_change(history, capsys, monkeypatch):
    repo, first, second = history
    code, out, _ = run(capsys, monkeypatch, repo, first, second)
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == f"Playbook changes from {first} to {second} (KPI status as of 2026-11-25)"
    assert lines[1] == ("1 entity added, 1 field change, 1 relation gained, 1 relation lost, "
                        "3 diagnostics introduced, 1 diagnostic cleared, 1 KPI status change.")
    assert "  + goal answer-within-a-day: Answer within a day" in lines
    assert "  ~ kpi online-service-bookings: target 40 → 50 (2028-05-01)" in lines
    assert "  - kpi newsletter-subscribers no longer measures tactic group-ride-signups" in lines
    assert "  + goal answer-within-a-day now lists department marketing under department" in lines
    assert any(line.startswith("  + content/goals/answer-within-a-day.yml:") and "error PB202" in line
               for line in lines)
    assert any(line.startswith("  - content/notes.yml:1:1: warning PB008") for line in lines)
    assert "  ~ kpi online-service-bookings: on track → off track" in lines
    assert "Entities removed:" not in lines  # empty sections are left out


def test_markdown_for_a_pull_request_comment(history, capsys, monkeypatch):
    repo, first, second = history
    _, out, _ = run(capsys, monkeypatch, repo, first, second, "--format", "markdown")
    lines = out.splitlines()
    assert lines[0] == f"### Playbook changes: `{first}` → `{second}`"
    assert lines[2].startswith("**1 entity added, ") and "KPI status as of 2026-11-25" in lines[2]
    for heading in ("Entities added", "Field changes", "Relations", "Diagnostics introduced",
                    "Diagnostics cleared", "KPI status"):
        assert f"#### {heading}" in lines
    assert "- kpi online-service-bookings: target 40 → 50 (2028-05-01)" in lines
    assert any("supports no strategy (add 'supports: \\<strategy id\\>')" in line for line in lines)


def test_json_carries_structured_changes(history, capsys, monkeypatch):
    repo, first, second = history
    _, out, _ = run(capsys, monkeypatch, repo, first, second, "--format", "json")
    data = json.loads(out)
    assert (data["from"], data["to"], data["as_of"]) == (first, second, "2026-11-25")
    changes = data["changes"]
    assert [(a["kind"], a["id"]) for a in changes["added"]] == [("goal", "answer-within-a-day")]
    (target,) = changes["fields"]
    assert target["field"] == "target" and target["before"]["value"] == 40 and target["after"]["value"] == 50
    lost = [r for r in changes["relations"] if r["change"] == "lost"]
    assert lost == [{"change": "lost", "source": {"kind": "kpi", "id": "newsletter-subscribers"}, "field": "measures",
                     "target": {"kind": "tactic", "id": "group-ride-signups"},
                     "text": "kpi newsletter-subscribers no longer measures tactic group-ride-signups"}]
    assert {d["code"] for d in changes["introduced"]} == {"PB201", "PB202", "PB221"}  # the KPI fell off track with no commentary
    assert changes["status"][0] == {"kpi": "online-service-bookings", "before": "on track", "after": "off track",
                                    "text": "kpi online-service-bookings: on track → off track"}


def test_against_the_working_tree(history, capsys, monkeypatch):
    repo, first, _ = history
    goal = repo / "content/goals/grow-newsletter-list.yml"
    saved = goal.read_text()
    try:
        edit(goal, "perspective: customer\n", "perspective: financial\n")
        (repo / "content/channels/tiktok.yml").write_text("title: TikTok\nplatform: TikTok\n")  # untracked
        _, out, _ = run(capsys, monkeypatch, repo, "HEAD")
        assert "Playbook changes from HEAD to working tree" in out.splitlines()[0]
        assert "  ~ goal grow-newsletter-list: perspective customer → financial" in out.splitlines()
        assert "  + channel tiktok: TikTok" in out.splitlines()
        assert "target 40 → 50" not in out
        _, out, _ = run(capsys, monkeypatch, repo, first)
        assert "target 40 → 50" in out and "perspective customer → financial" in out
    finally:
        goal.write_text(saved)
        (repo / "content/channels/tiktok.yml").unlink()


def test_moved_lines_and_renames_are_not_reported_as_new_problems(tmp_path, capsys, monkeypatch):
    repo = init_repo(tmp_path / "repo")
    init(repo, DAY)
    new_entity(repo / "content", "goal", "answer-within-a-day", DAY)
    edit(repo / "content/goals/answer-within-a-day.yml", "\nsupports: ", "\n# supports: ")
    first = commit_all(repo, "Start")
    goal = repo / "content/goals/answer-within-a-day.yml"
    goal.write_text("# Drafted in the November review.\n\n" + goal.read_text())
    git(repo, "mv", "content/channels/instagram.yml", "content/channels/insta.yml")
    for path in (repo / "content").rglob("*.*"):
        if path.suffix in (".yml", ".md"):
            path.write_text(path.read_text().replace("channels: instagram", "channels: insta")
                            .replace("  - instagram\n", "  - insta\n").replace(" instagram]", " insta]")
                            .replace("[instagram]", "[insta]"))
    second = commit_all(repo, "Shorter channel id")
    _, out, _ = run(capsys, monkeypatch, repo, first, second)
    assert out.splitlines()[1] == "1 entity renamed."
    assert "  ~ channel instagram renamed to insta" in out.splitlines()


def test_a_revision_from_before_the_content_folder(tmp_path, capsys, monkeypatch):
    repo = init_repo(tmp_path / "repo")
    (repo / "README.md").write_text("soon\n")
    first = commit_all(repo, "Empty")
    init(repo / "next", DAY)
    shutil.copytree(repo / "next" / "content", repo / "content")
    shutil.rmtree(repo / "next")
    second = commit_all(repo, "Content")
    code, out, _ = run(capsys, monkeypatch, repo, first, second)
    assert code == 0 and "  + strategy win-local-riders: Win the riders of our town" in out.splitlines()


@pytest.mark.parametrize("argv, message", [
    (["no-such-branch"], "'no-such-branch' is not a commit"),
    (["HEAD", "HEAD~99"], "'HEAD~99' is not a commit"),
    (["--", "-x"], "'-x' is not a commit"),
])
def test_a_bad_revision_exits_two(history, capsys, monkeypatch, argv, message):
    code, out, err = run(capsys, monkeypatch, history[0], *argv)
    assert (code, out) == (2, "") and message in err


def test_outside_a_repository_exits_two(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    init(tmp_path / "pb", DAY)
    code, _, err = run(capsys, monkeypatch, tmp_path / "pb", "HEAD")
    assert code == 2 and "is not inside a git repository" in err


@pytest.mark.parametrize("field", reference_fields(), ids=lambda f: f"{f.kind}.{f.name}")
def test_every_reference_field_reads_as_a_sentence(field):
    source, target = (field.kind, "a"), (field.targets[0], "b")
    gained, lost = relation_text(source, field.name, target, True), relation_text(source, field.name, target, False)
    assert gained.startswith(f"{field.kind} a now ") and lost.startswith(f"{field.kind} a no longer ")
    assert gained.endswith(f"{target[0]} b") or gained.endswith(field.name.replace("_", " ").replace(".", " "))
    verbs = {"serves": "serves", "measures": "measures", "supports": "supports", "depends_on": "depends on"}
    if field.name in verbs:
        assert gained == f"{field.kind} a now {verbs[field.name]} {target[0]} b"


def test_long_markdown_sections_fold_into_details():
    sections = {name: [] for name in SECTIONS}
    sections["added"] = [Item(f"goal g{i}: Goal {i}", {}) for i in range(11)]
    sections["removed"] = [Item("goal old: <b>Old</b> | *gone*", {})]
    lines = format_markdown(Report("main", "working tree", DAY, sections)).splitlines()
    assert lines[0] == "### Playbook changes: `main` → working tree"
    start = lines.index("<details><summary>11 changes</summary>")
    assert lines[start - 2] == "#### Entities added" and lines[start + 2] == "- goal g0: Goal 0"
    assert lines[start + 12:start + 15] == ["- goal g10: Goal 10", "", "</details>"]
    assert "- goal old: \\<b\\>Old\\</b\\> \\| \\*gone\\*" in lines and "<b>" not in "".join(lines)
