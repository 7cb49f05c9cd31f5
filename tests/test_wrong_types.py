"""Settings that would crash a command are refused by the checker; what it accepts, every command can use.

A small generator takes a playbook that uses every field of accounts, posting plans,
milestones, cadences, review cycles, themes and people, and puts a value of the wrong
type or size in each place in turn: every field, every list item, every container (a
number, 10^15, true, nothing, text, a list, a mapping, a list of mappings). Each
mutation is written to a folder as YAML and checked. The checker must not raise; when
it reports errors, one of them is in the mutated file and names the field; what is
left must still give the due list in every format, the JSON export and the diff from
the unmutated playbook; and when it accepts the content, the site renders in every
edition, with StratML and the briefing book. `playbook.yml`'s
day counts and thresholds get out-of-range and wrongly typed values, which are usage
errors naming file, line and column; the largest accepted values work everywhere. A
sample of the mutations runs through the real command line.
"""
from __future__ import annotations

import copy
import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from playbook.check.checker import check
from playbook.check.config import ConfigError
from playbook.check.form import field_path
from playbook.content.dates import MAX_DAYS
from playbook.living.deadlines import due_items, select
from playbook.living.strategy_diff import compare
from playbook.outputs.briefing_book import report_html
from playbook.outputs.data_export import to_json
from playbook.outputs.due_list import FORMATS
from playbook.outputs.stratml import stratml
from playbook.site.all_pages import SiteOptions, render_site

from .contenttree import GOLDEN, write_tree

AS_OF = dt.date(2026, 6, 1)
BASE = GOLDEN / "clean-operations" / "content"
EXTRA = {
    "policies/posting-policy.yml": {"title": "Posting policy", "type": "policy", "status": "active", "owner": "ben-ortiz",
                                    "approver": "ada-park", "version": "1", "effective": "2026-01-01",
                                    "review_cycle_months": 12, "modes": ["steady"]},
}
CHANGES = {  # fields the golden case leaves out, so that every one of them is mutated
    "channels/linkedin.yml": lambda d: (d["accounts"][0].update(status="active", modes=["steady"]),
                                        d["posting"][0].update(mode="steady", tactic="webinars")),
    "initiatives/launch-webinars.yml": lambda d: d.update(milestones=[
        {"title": "First webinar", "date": "2026-03-01", "done": True},
        {"title": "Tenth webinar", "date": "2026-09-01"}]),
}
MUTATED = ["channels/linkedin.yml", "initiatives/launch-webinars.yml", "kpis/qualified-leads.yml",
           "policies/posting-policy.yml", "themes/customer-stories.yml", "people/ada-park.yml"]
WRONG = [5, 10**15, True, None, "text", [1], {"a": 1}, [{"x": 1}]]


def base_files() -> dict[str, dict]:
    files = {p.relative_to(BASE).as_posix(): yaml.safe_load(p.read_text(encoding="utf-8"))
             for p in BASE.rglob("*.yml") if p.name != "playbook.yml"}
    files.update(copy.deepcopy(EXTRA))
    for name, change in CHANGES.items():
        change(files[name])
    return files


def paths(value, path=()):
    """Every place in a document: each field, list item and container, outermost first."""
    if path:
        yield path
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        yield from paths(item, path + (key,))


def put(data, path, value):
    data = copy.deepcopy(data)
    holder = data
    for part in path[:-1]:
        holder = holder[part]
    holder[path[-1]] = value
    return data


def mutations():
    files = base_files()
    for name in MUTATED:
        for path in paths(files[name]):
            if path == ("title",):
                continue  # a title of any form is shown as text
            for wrong in WRONG:
                yield name, path, wrong, {**files, name: put(files[name], path, wrong)}


def write(folder: Path, files: dict[str, dict]) -> Path:
    root = folder / "content"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(BASE, root)
    write_tree(root, {name: yaml.safe_dump(data, sort_keys=False, allow_unicode=True) for name, data in files.items()})
    return root


def every_command(result, before=None) -> None:
    """What due, diff, export, build and report do with a checked result; raises on any crash."""
    items = select(due_items(result.graph, result.config), result.as_of, 30)
    for render in FORMATS.values():
        render(items, result.as_of)
    to_json(result)
    if before is not None:
        compare(before, result, "content")
    if result.errors:
        return
    for edition in ("public", "internal", "confidential"):
        render_site(result, SiteOptions(edition, result.as_of))
        stratml(result, edition)
    report_html(result, "internal")


CASES = list(mutations())


def test_the_generator_covers_the_new_fields():
    places = {(name, field_path(path)) for name, path, _, _ in CASES}
    for expected in [("channels/linkedin.yml", "accounts"), ("channels/linkedin.yml", "accounts[0].custodian"),
                     ("channels/linkedin.yml", "accounts[0].access_reviewed"), ("channels/linkedin.yml", "accounts[0].modes[0]"),
                     ("channels/linkedin.yml", "posting[0].frequency.per"), ("channels/linkedin.yml", "posting[0].tactic"),
                     ("channels/linkedin.yml", "posting[1].mode"), ("initiatives/launch-webinars.yml", "milestones[1].date"),
                     ("initiatives/launch-webinars.yml", "milestones[0].done"), ("kpis/qualified-leads.yml", "cadence"),
                     ("policies/posting-policy.yml", "review_cycle_months"), ("themes/customer-stories.yml", "months[0]")]:
        assert expected in places
    assert len(CASES) > 500


@pytest.mark.parametrize("start", range(0, len(CASES), 40))
def test_a_wrong_value_is_reported_or_used_never_a_crash(tmp_path, start):
    before = check(write(tmp_path, base_files()), as_of=AS_OF)
    assert before.errors == []
    for name, path, wrong, files in CASES[start:start + 40]:
        result = check(write(tmp_path, files), as_of=AS_OF)
        if result.errors:
            mine = [d for d in result.errors if d.file == name]
            assert mine, (name, path, wrong, result.errors)
            assert any(f"'{field_path(path[:n])}" in d.message or d.code[:3] == "PB1"
                       for d in mine for n in range(1, len(path) + 1)), (name, path, wrong, mine)
        every_command(result, before)


OUT_OF_RANGE = [10**15, MAX_DAYS + 1, -1, "90", [90], {"days": 90}, True, None]
SETTINGS = [(section, name, value) for section, names in (("accounts", ["unused_days", "review_days"]),
                                                         ("status", ["on_track", "at_risk", "stale_periods"]))
            for name in names for value in OUT_OF_RANGE
            if not (name in ("on_track", "at_risk") and value in (10**15, MAX_DAYS + 1))]  # a share counts no days


@pytest.mark.parametrize("section, name, value", SETTINGS)
def test_a_setting_out_of_range_or_of_the_wrong_type_is_refused_where_it_is(tmp_path, section, name, value):
    root = write(tmp_path, base_files())
    (root / "playbook.yml").write_text(f"modes: {{steady: Steady, incident: Incident}}\n{section}:\n  {name}: "
                                       f"{yaml.safe_dump(value, default_flow_style=True).strip().removesuffix('...').strip()}\n",
                                       encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"playbook\.yml:3:3: '{name}' must be a number from 0 to"):
        check(root, as_of=AS_OF)


@pytest.mark.parametrize("setting", ["accounts: {unused_days: %d, review_days: %d}" % (MAX_DAYS, MAX_DAYS),
                                     "status: {stale_periods: %d}" % MAX_DAYS, "accounts: {review_days: 0}",
                                     "status: {on_track: 1000000, at_risk: 1000000}"])
@pytest.mark.parametrize("as_of", [dt.date(1900, 1, 1), AS_OF, dt.date(2199, 12, 31)])
def test_the_largest_accepted_settings_work_everywhere(tmp_path, setting, as_of):
    files = base_files()
    files["channels/linkedin.yml"]["accounts"][0]["access_reviewed"] = "2199-12-31"
    root = write(tmp_path, files)
    (root / "playbook.yml").write_text(f"modes: {{steady: Steady, incident: Incident}}\n{setting}\n", encoding="utf-8")
    every_command(check(root, as_of=as_of))


SAMPLE = [case for i, case in enumerate(CASES) if i % 53 == 0]


@pytest.mark.parametrize("name, path, wrong, files", SAMPLE, ids=[f"{n}:{field_path(p)}={w!r}" for n, p, w, _ in SAMPLE])
def test_the_command_line_reports_and_never_crashes(tmp_path, name, path, wrong, files):
    root = write(tmp_path, files)
    for args in (["validate", str(root)], ["due", "--content", str(root)],
                 ["export", "--format", "stratml", "--content", str(root)],
                 ["measure", "qualified-leads", "7", "--date", "2026-05-20", "--content", str(root)]):
        done = subprocess.run([sys.executable, "-m", "playbook", *args, "--as-of", AS_OF.isoformat()],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode in (0, 1, 2) and "Traceback" not in done.stderr, (args, done.stderr)
        if args[0] == "validate" and done.returncode == 1:
            assert f"{name}:" in done.stdout
