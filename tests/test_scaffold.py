"""`playbook init` and `playbook new`: a new repository that checks clean, and entity files that load."""
import datetime as dt
import json
import os
import re

import pytest
import yaml

from playbook.check.checker import check
from playbook.check.rules import RULES
from playbook.cli.commands import main
from playbook.content.model import KINDS
from playbook.content.schemas import kind_schema
from playbook.scaffold.starter import init, new_entity

from .gitrepo import commit_all, git, init_repo
from .sitebuild import REPO, mkdocs_build

TODAY = dt.date.today()


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out, out.err


@pytest.fixture
def fresh(tmp_path):
    """A repository written by `playbook init`."""
    assert main(["init", str(tmp_path / "playbook")]) == 0
    return tmp_path / "playbook"


def test_init_writes_a_repository_that_validates_clean_today(fresh, capsys):
    for name in ("README.md", "mkdocs.yml", "requirements.txt", ".gitignore", ".pre-commit-config.yaml",
                 ".github/workflows/playbook.yml", ".vscode/settings.json", "schemas/goal.schema.json",
                 "content/measurements/online-service-bookings.csv"):
        assert (fresh / name).is_file(), name
    code, out, _ = run(capsys, "validate", str(fresh / "content"), "--strict")
    assert (code, out.strip()) == (0, "No problems found.")
    result = check(fresh / "content")
    counts = {kind: len(result.graph.of_kind(kind)) for kind in KINDS}
    assert counts["strategy"] == 1 and counts["goal"] == 3 and counts["tactic"] == 2 and counts["kpi"] == 2
    assert all(counts[k] >= 1 for k in ("department", "channel", "audience", "policy")) and counts["initiative"] == 2
    assert all(len(result.graph.series[k.id].points) >= 6 for k in result.graph.of_kind("kpi"))


@pytest.mark.parametrize("today", ["2024-02-29", "2026-01-31", "2026-12-01", "2027-07-15"])
def test_example_dates_follow_the_day_of_creation(tmp_path, today):
    day = dt.date.fromisoformat(today)
    init(tmp_path, day)
    assert check(tmp_path / "content", as_of=day).diagnostics == []
    csv = (tmp_path / "content/measurements/newsletter-subscribers.csv").read_text().splitlines()
    assert csv[-1].startswith(day.replace(day=1).isoformat())


def test_template_placeholders_are_all_filled(fresh):
    for path in (fresh / "content").rglob("*"):
        if path.is_file():
            assert "$" not in path.read_text(encoding="utf-8"), path
    assert "0.1.0" in (fresh / ".pre-commit-config.yaml").read_text()


def test_mkdocs_yml_matches_the_project_conventions(fresh):
    ours = yaml.safe_load((fresh / "mkdocs.yml").read_text())
    repo = yaml.safe_load((REPO / "mkdocs.yml").read_text())
    assert ours["theme"]["name"] == "material" and ours["theme"]["font"] is False
    assert [p if isinstance(p, str) else next(iter(p)) for p in ours["plugins"]] == ["search", "tags", "playbook"]
    assert ours["markdown_extensions"] == repo["markdown_extensions"]
    assert ours["exclude_docs"] == repo["exclude_docs"]
    assert (fresh / ours["docs_dir"]).is_dir()


def test_ci_workflow_validates_then_builds(fresh):
    workflow = yaml.safe_load((fresh / ".github/workflows/playbook.yml").read_text())
    runs = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    validate = runs.index("playbook validate content --format github")
    assert any(r.startswith("pip install") for r in runs[:validate])
    assert runs.index("mkdocs build --strict") > validate
    assert any('playbook diff "origin/$GITHUB_BASE_REF" --format markdown' in r for r in runs)


def test_pre_commit_config_uses_the_projects_hook(fresh):
    config = yaml.safe_load((fresh / ".pre-commit-config.yaml").read_text())
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in config["repos"][0]["hooks"]] == [hooks[0]["id"]] == ["playbook-validate"]


def test_editor_settings_map_every_kind_to_an_exported_schema(fresh):
    mapping = json.loads((fresh / ".vscode/settings.json").read_text())["yaml.schemas"]
    assert len(mapping) == len(KINDS)
    for schema, globs in mapping.items():
        kind = schema.removeprefix("schemas/").removesuffix(".schema.json")
        assert (fresh / schema).is_file() and f"content/{KINDS[kind]}/*.yml" in globs


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    code, _, err = run(capsys, "init", str(tmp_path))
    assert code == 2 and "is not an empty folder" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_new_user_flow_init_new_validate_commit_build(tmp_path, capsys, monkeypatch):
    repo = init_repo(tmp_path / "playbook")  # `git init` first, or a fresh clone: only .git inside
    assert run(capsys, "init", str(repo))[0] == 0
    commit_all(repo, "Start the playbook")
    monkeypatch.chdir(repo)
    code, out, _ = run(capsys, "new", "goal", "answer-within-a-day")
    assert code == 0 and "content/goals/answer-within-a-day.yml" in out
    goal = repo / "content/goals/answer-within-a-day.yml"
    text = goal.read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schemas/goal.schema.json\n")
    _, out, _ = run(capsys, "validate", "content")
    assert not re.search(r"answer-within-a-day\.yml:\d+:\d+: error PB0", out)
    assert "\nsupports: win-local-riders\n" in text  # a goal that supports no strategy is an error (PB201)
    (repo / "content/kpis/online-service-bookings.yml").write_text(
        (repo / "content/kpis/online-service-bookings.yml").read_text().replace(
            "  - fill-workshop-bookings\n", "  - fill-workshop-bookings\n  - answer-within-a-day\n"))
    code, out, _ = run(capsys, "validate", "content")
    assert (code, out.strip()) == (0, "No problems found.")
    commit_all(repo, "Add a goal: answer within a day")
    assert git(repo, "status", "--porcelain") == ""
    proc = mkdocs_build(repo, "--strict")
    assert proc.returncode == 0, proc.stderr
    page = (repo / "site/goals/answer-within-a-day/index.html").read_text(encoding="utf-8")
    assert "Last changed " in page and "Add a goal: answer within a day</li>" in page


@pytest.mark.parametrize("kind", list(KINDS))
def test_new_entity_of_every_kind_loads_without_form_errors(fresh, kind):
    path = new_entity(fresh / "content", kind, f"new-{kind}", TODAY)
    assert path == fresh / "content" / KINDS[kind] / f"new-{kind}.yml"
    file = path.relative_to(fresh / "content").as_posix()
    result = check(fresh / "content")
    assert [d for d in result.diagnostics if d.file == file and d.code < "PB100"] == []
    entity = result.graph.get(kind, f"new-{kind}")
    schema = kind_schema(kind)
    by_rule = {name for name, spec in schema["properties"].items()
               if spec.get("x-required-by") and RULES[spec["x-required-by"]].severity == "error"}
    assert set(schema["required"]) | by_rule <= set(entity.data)
    assert [d.code for d in result.diagnostics if d.file == file and d.code in {RULES[c].code for c in
            (schema["properties"][n]["x-required-by"] for n in by_rule)}] == []  # no rule asks for more
    lines = path.read_text().splitlines()
    for field in schema["properties"]:
        line = next(line for line in lines if re.match(rf"^(# )?{field}:", line))
        assert lines[lines.index(line) - 1].startswith("# "), field  # its comment
        assert line.startswith("# ") == (field not in set(schema["required"]) | by_rule), line
    assert {m[1] for m in map(re.compile(r"^(?:# )?(\w+):").match, lines) if m} <= set(schema["properties"])
    modeline = lines[0].split("$schema=")[1]
    assert (path.parent / modeline).resolve() == (fresh / "schemas" / f"{kind}.schema.json").resolve()


def test_new_fills_references_with_existing_ids(fresh):
    text = new_entity(fresh / "content", "goal", "x", TODAY).read_text()
    assert "\ndepartment: marketing\n" in text and "\nsupports: win-local-riders\n" in text  # PB201 asks for it
    evidence = new_entity(fresh / "content", "maturity", "culture", TODAY).read_text()
    assert "\n# evidence: strategy:win-local-riders\n" in evidence


def test_new_in_an_empty_folder_points_at_the_package_schemas(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "playbook" / "content" / "schemas").mkdir(parents=True)
    (tmp_path / "playbook" / "content" / "schemas" / "goal.schema.json").write_text("{}")
    path = new_entity(tmp_path / "content", "goal", "recruit-talent", TODAY)
    assert path.read_text().splitlines()[0] == "# yaml-language-server: $schema=../../playbook/content/schemas/goal.schema.json"
    codes = {d.code for d in check(tmp_path / "content").diagnostics if d.file == "goals/recruit-talent.yml"}
    assert codes and all(code >= "PB100" for code in codes)  # unknown department-id, no KPI: not form errors


@pytest.mark.parametrize("argv, message", [
    (["new", "tactic", "group-ride-signups"], "tactic 'group-ride-signups' already exists"),
    (["new", "goal", "fill-workshop-bookings"], "goal 'fill-workshop-bookings' already exists"),
    (["new", "objective", "grow"], "unknown kind 'objective' (kinds: strategy, department, goal, tactic, kpi"),
    (["new", "goal", "Answer Faster"], "'Answer Faster' is not a valid id"),
    (["new", "goal", "a" * 65], "at most 64 characters"),
])
def test_new_refuses_with_a_clear_message(fresh, capsys, argv, message):
    before = sorted(p.relative_to(fresh) for p in fresh.rglob("*"))
    code, _, err = run(capsys, *argv, "--dir", str(fresh / "content"))
    assert code == 2 and message in err
    assert sorted(p.relative_to(fresh) for p in fresh.rglob("*")) == before


def test_new_suggests_a_slug_for_an_invalid_id(fresh, capsys):
    _, _, err = run(capsys, "new", "goal", "Answer Faster", "--dir", str(fresh / "content"))
    assert "(try 'answer-faster')" in err


def test_new_needs_an_existing_content_folder(tmp_path, capsys):
    code, _, err = run(capsys, "new", "goal", "x", "--dir", str(tmp_path / "nowhere"))
    assert code == 2 and "does not exist" in err
    assert not os.path.exists(tmp_path / "nowhere")


@pytest.mark.parametrize("template", ["business", "public-agency"])
@pytest.mark.parametrize("today", ["2026-01-31", "2027-07-15"])
def test_every_template_validates_clean_on_any_day(tmp_path, template, today):
    day = dt.date.fromisoformat(today)
    init(tmp_path / "p", day, template)
    assert check(tmp_path / "p" / "content", as_of=day).diagnostics == []
    for path in (tmp_path / "p" / "content").rglob("*"):
        if path.is_file():
            assert "$" not in path.read_text(encoding="utf-8"), path


def test_the_public_agency_template_builds_strict_with_its_operations_pages(tmp_path, capsys):
    assert main(["init", str(tmp_path / "agency"), "--template", "public-agency"]) == 0
    proc = mkdocs_build(tmp_path / "agency", "--strict")
    assert proc.returncode == 0, proc.stderr
    site = tmp_path / "agency" / "site"
    for page in ("team", "accounts", "calendar", "modes/incident", "people/ana-lopez", "themes/flood-season"):
        assert (site / page / "index.html").is_file(), page
    incident = (site / "modes" / "incident" / "index.html").read_text(encoding="utf-8")
    assert "During an emergency" in incident and "Ana Lopez" in incident and "Emergency communications procedure" in incident
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Fellside County Emergency Management" in home and "Stakeholders and partners" not in home
    goal = (site / "goals" / "answer-within-the-hour" / "index.html").read_text(encoding="utf-8")
    assert "Stakeholders and partners" in goal


def test_init_refuses_an_unknown_template(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["init", str(tmp_path / "x"), "--template", "charity"])
    assert stop.value.code == 2 and "invalid choice" in capsys.readouterr().err


def test_weekly_due_workflow_runs_playbook_due_and_keeps_one_issue(fresh, capsys):
    workflow = yaml.safe_load((fresh / ".github/workflows/due.yml").read_text())
    assert workflow[True]["schedule"][0]["cron"] == "0 7 * * 1"  # YAML 1.1 reads the key 'on' as true
    assert workflow["permissions"] == {"contents": "read", "issues": "write"}
    runs = [step.get("run", "") for step in workflow["jobs"]["due"]["steps"]]
    assert "playbook due --within 14 --format markdown --edition internal > due.md" in runs
    script = runs[-1]
    assert "gh issue list --label playbook-due" in script and "gh issue edit" in script and "gh issue create" in script
    assert "$$" not in script and "${{ github.token }}" in workflow["jobs"]["due"]["steps"][-1]["env"]["GH_TOKEN"]
    code, out, _ = run(capsys, "due", "--content", str(fresh / "content"), "--within", "14", "--format", "markdown")
    assert code == 0 and out.startswith("## What is due as of ")


@pytest.mark.parametrize("template, cadences", [("business", ["monthly", "quarterly", "weekly"]),
                                                 ("public-agency", ["monthly", "per-event", "quarterly", "weekly"])])
@pytest.mark.parametrize("today", ["2026-01-31", "2026-03-30", "2026-12-31"])
def test_every_template_carries_a_review_rhythm_first_due_after_the_day_of_creation(tmp_path, capsys, template,
                                                                                     cadences, today):
    init(tmp_path / "p", dt.date.fromisoformat(today), template)
    reviews = check(tmp_path / "p" / "content", as_of=dt.date.fromisoformat(today)).graph.of_kind("review")
    assert sorted(r.data["cadence"] for r in reviews) == cadences
    assert main(["due", "--content", str(tmp_path / "p" / "content"), "--format", "json", "--as-of", today]) == 0
    due = {i["id"]: i for i in json.loads(capsys.readouterr().out) if i["kind"] == "review"}
    assert sorted(due) == sorted(r.id for r in reviews if r.data["cadence"] != "per-event")
    assert all(i["date"] > today and not i["overdue"] for i in due.values())


def test_an_exercise_recorded_in_the_agency_template_asks_for_its_review_and_its_numbers(tmp_path, capsys):
    day = dt.date(2026, 9, 14)
    init(tmp_path / "p", day, "public-agency")
    content = tmp_path / "p" / "content"
    (content / "exercises" / "river-flood.yml").write_text(
        "title: River flood activation\ndate: '2026-09-10'\nmodes: [incident]\nparticipants: [ana-lopez]\n", encoding="utf-8")
    assert main(["due", "--content", str(content), "--format", "json", "--as-of", day.isoformat()]) == 0
    after = {(i["id"], i["date"]) for i in json.loads(capsys.readouterr().out) if i["detail"] == "River flood activation"}
    assert after == {("after-action-review", "2026-09-17"), ("first-message-time", "2026-09-17")}
    assert [d.code for d in check(content, as_of=dt.date(2026, 9, 18)).diagnostics] == ["PB244"]


def test_the_templates_show_waivers_drafts_and_corrective_actions(tmp_path):
    """What a new playbook is shown by example: the agency's one known exception waived (PB108 on),
    a goal still a draft in the business template, and a milestone that addresses an objective."""
    today = dt.date.today()
    assert main(["init", str(tmp_path / "agency"), "--template", "public-agency"]) == 0
    assert main(["init", str(tmp_path / "business")]) == 0
    agency, business = check(tmp_path / "agency" / "content", as_of=today), check(tmp_path / "business" / "content", as_of=today)
    assert [(w.diagnostic.code, w.diagnostic.file.rsplit("/", 1)[-1]) for w in agency.waived] == [("PB108", "social-media-use-policy.md")]
    assert agency.diagnostics == [] and business.diagnostics == []
    assert [g.id for g in business.graph.of_kind("goal") if g.data.get("draft")] == ["bring-riders-back"]
    drive = agency.graph.entities[("initiative", "alert-signup-drive")]
    assert any(m.get("addresses") == ["goal:reach-households"] for m in drive.data["milestones"])
