"""Run one job of a GitHub Actions workflow here, the way a runner would, for tests.

Each `run:` step is written to a file and run with `bash -e` in the repository, with the
job's and the step's `env:`, `GITHUB_EVENT_PATH`, `GITHUB_OUTPUT` and `RUNNER_TEMP` set as
on GitHub. Expressions (`${{ ... }}`) are put into the text where they stand, as GitHub
does, so a workflow that put issue text into a script would run that text here too. Only
the expressions and conditions listed below are known; any other fails the test, so a
workflow that changes is run again on purpose. Steps that `uses:` an action, and the
install step (which needs a package index), are skipped: the test's PATH already holds
`playbook`, and a stand-in `gh` that records what it was asked to do.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
FAKE_GH = f"""#!{sys.executable}
import json, os, sys
args = sys.argv[1:]
record = {{"args": args}}
if "--body-file" in args:
    with open(args[args.index("--body-file") + 1], encoding="utf-8") as body:
        record["body"] = body.read()
with open(os.environ["GH_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(record) + "\\n")
if args[:2] == ["pr", "create"]:
    print("https://github.invalid/org/playbook/pull/12")
"""


@dataclass
class Run:
    outcomes: dict[str, str] = field(default_factory=dict)
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    gh: list[dict] = field(default_factory=list)
    logs: list[str] = field(default_factory=list)

    def calls(self, *words) -> list[dict]:
        return [c for c in self.gh if c["args"][:len(words)] == list(words)]


def run_job(workflow: Path, job: str, repo: Path, event: dict, scratch: Path) -> Run:
    spec = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"][job]
    scratch.mkdir(parents=True, exist_ok=True)
    event_path, temp, fake_bin = scratch / "event.json", scratch / "runner-temp", scratch / "bin"
    event_path.write_text(json.dumps(event), encoding="utf-8")
    temp.mkdir(exist_ok=True)
    fake_bin.mkdir(exist_ok=True)
    (fake_bin / "gh").write_text(FAKE_GH, encoding="utf-8")
    (fake_bin / "gh").chmod(0o755)
    run = Run()
    context = {"github.token": "token-for-tests", "github.event.issue.number": str(event["issue"]["number"]),
               "runner.temp": str(temp)}
    if not _condition(spec.get("if"), run, event):
        return run
    failed = False
    for at, step in enumerate(spec["steps"]):
        ident = step.get("id", f"step{at}")
        if "uses" in step or step.get("name") == "Install":
            continue
        if not _condition(step.get("if"), run, event, failed):
            run.outcomes[ident] = "skipped"
            continue
        output = scratch / f"output-{at}"
        output.write_text("", encoding="utf-8")
        env = {k: _substitute(str(v), context, run) for k, v in {**spec.get("env", {}), **step.get("env", {})}.items()}
        env.update(PATH=os.pathsep.join([str(fake_bin), str(Path(sys.executable).parent), os.environ["PATH"]]),
                   HOME=str(scratch), GITHUB_EVENT_PATH=str(event_path), GITHUB_OUTPUT=str(output),
                   RUNNER_TEMP=str(temp), GH_LOG=str(scratch / "gh.log"), GIT_CONFIG_NOSYSTEM="1")
        script = scratch / f"step-{at}.sh"
        script.write_text(_substitute(step["run"], context, run), encoding="utf-8")
        done = subprocess.run(["bash", "--noprofile", "--norc", "-e", str(script)], cwd=repo, env=env,
                              capture_output=True, text=True, timeout=300)
        run.logs.append(f"--- {step.get('name')}: {done.returncode}\n{done.stdout}{done.stderr}")
        run.outcomes[ident] = "success" if done.returncode == 0 else "failure"
        run.outputs[ident] = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if line)
        failed = failed or done.returncode != 0
    log = scratch / "gh.log"
    run.gh = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []
    return run


def _substitute(text: str, context: dict, run: Run) -> str:
    def value(match):
        expr = match.group(1)
        if expr in context:
            return context[expr]
        found = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expr)
        if found:
            return run.outputs.get(found.group(1), {}).get(found.group(2), "")
        raise AssertionError(f"the test runner does not know the expression '{expr}'")
    return EXPRESSION.sub(value, text)


def _condition(text, run: Run, event: dict, failed: bool = False) -> bool:
    if text is None:
        return not failed
    labels = [label["name"] for label in event["issue"].get("labels", [])]
    known = {
        "always()": lambda: True,
        "contains(github.event.issue.labels.*.name, 'playbook-checkin')": lambda: "playbook-checkin" in labels,
        "failure() && steps.checkin.outcome == 'success'": lambda: failed and run.outcomes.get("checkin") == "success",
    }
    if text not in known:
        raise AssertionError(f"the test runner does not know the condition '{text}'")
    return known[text]()
