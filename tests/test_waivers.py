"""Waivers: a known finding acknowledged for one entity and one rule, until a date.

Each test copies the minimal playbook, adds a goal that no KPI measures (PB202, an error)
or person fields written as text (PB108), writes waivers beside the entity or in
playbook.yml, and runs the real `playbook validate` or renders the real site pages.
"""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from playbook.check.checker import check
from playbook.cli.commands import main
from playbook.site.all_pages import SiteOptions, render_site

from .contenttree import AS_OF, MINIMAL, copy_minimal, write_tree

DAY = dt.date.fromisoformat(AS_OF)
UNMEASURED = ("title: Grow reach\ndepartment: sales\nsupports: grow-online\nperspective: customer\n"
              "due: '2027-06-30'\n")
"""A goal no KPI measures: PB202, an error."""


def waiver(rule="PB202", expires="2026-12-31", **more) -> str:
    fields = {"rule": rule, "reason": "Measured once the survey runs.", "owner": "Ada Park", "expires": expires, **more}
    return "  - {" + ", ".join(f"{k}: '{v}'" for k, v in fields.items()) + "}\n"


def playbook(tmp_path, files: dict[str, str]):
    root = copy_minimal(tmp_path / "content")
    return write_tree(root, {"goals/grow-reach.yml": UNMEASURED, **files})


def validate(root, capsys, *args: str, as_of: str = AS_OF) -> tuple[int, str, str]:
    code = main(["validate", str(root), "--as-of", as_of, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def codes(result) -> list[str]:
    return [d.code for d in result.diagnostics]


# -- a waiver covers its entity, its rule and its value, and nothing else --------------------------

def test_a_waiver_beside_the_entity_takes_its_finding_out_of_the_report(tmp_path, capsys):
    root = playbook(tmp_path, {"goals/grow-reach.yml": UNMEASURED + "waivers:\n" + waiver()})
    code, out, _ = validate(root, capsys, "--strict")
    assert code == 0
    assert out.strip() == "No problems found (1 waived)."


def test_a_waiver_in_playbook_yml_names_its_entity(tmp_path, capsys):
    root = playbook(tmp_path, {"playbook.yml": "waivers:\n" + waiver(entity="goal:grow-reach")})
    code, out, _ = validate(root, capsys, "--strict")
    assert (code, out.strip()) == (0, "No problems found (1 waived).")


def test_a_waiver_of_another_entity_leaves_the_finding(tmp_path):
    root = playbook(tmp_path, {"playbook.yml": "waivers:\n" + waiver(entity="goal:win-leads")})
    result = check(root, as_of=DAY)
    assert sorted(codes(result)) == ["PB025", "PB202"]
    assert result.waived == []


def test_a_waiver_of_another_rule_leaves_the_finding(tmp_path):
    root = playbook(tmp_path, {"goals/grow-reach.yml": UNMEASURED + "waivers:\n" + waiver(rule="PB201")})
    result = check(root, as_of=DAY)
    assert sorted(codes(result)) == ["PB025", "PB202"]


def test_a_rule_code_in_lower_case_is_the_same_rule(tmp_path):
    root = playbook(tmp_path, {"goals/grow-reach.yml": UNMEASURED + "waivers:\n" + waiver(rule="pb202")})
    result = check(root, as_of=DAY)
    assert codes(result) == [] and [w.diagnostic.code for w in result.waived] == ["PB202"]


PEOPLE = {"people/ada-park.yml": "title: Ada Park\nposition: Head of Sales\n",
          "playbook.yml": "rules: {PB108: warning}\n",
          "initiatives/launch-webinars.yml": "title: Launch the webinar series\nphase: Foundation\n"
                                             "start: '2026-01-01'\nend: '2027-12-31'\nowner: County Attorney\n"}


@pytest.mark.parametrize("value, left, waived", [
    ("County Attorney", ["Ada Park"], ["County Attorney"]),  # the named value only: the head stays reported
    ("Ada Park", ["County Attorney"], ["Ada Park"]),
    ("county attorney", ["Ada Park", "County Attorney"], []),  # a value is matched as written
])
def test_pb108_is_waived_per_field_value(tmp_path, value, left, waived):
    owner_file = "initiatives/launch-webinars.yml" if value.casefold() == "county attorney" else "departments/sales.yml"
    files = dict(PEOPLE, **{"goals/grow-reach.yml": None})
    root = write_tree(copy_minimal(tmp_path / "content"), files)
    entity = "initiative:launch-webinars" if owner_file.startswith("initiatives") else "department:sales"
    write_tree(root, {"playbook.yml": PEOPLE["playbook.yml"] + "waivers:\n" + waiver("PB108", entity=entity, value=value)})
    result = check(root, as_of=DAY)
    reported = sorted(d.subject for d in result.diagnostics if d.code == "PB108")
    assert reported == left
    assert [w.diagnostic.subject for w in result.waived] == waived


def test_a_waiver_without_a_value_covers_every_finding_of_its_rule_on_the_entity(tmp_path):
    root = write_tree(copy_minimal(tmp_path / "content"), {
        **PEOPLE, "initiatives/launch-webinars.yml": PEOPLE["initiatives/launch-webinars.yml"]
        + "waivers:\n" + waiver("PB108") + "milestones: [{title: Go, date: '2026-07-01', owner: Bo}]\n"})
    result = check(root, as_of=DAY)
    assert [d.subject for d in result.diagnostics if d.code == "PB108"] == ["Ada Park"]  # another entity's
    assert len(result.waived) >= 1 and all(w.diagnostic.file == "initiatives/launch-webinars.yml" for w in result.waived)


# -- expiry: on its last day a waiver holds; the day after, the finding returns -------------------

def test_a_waiver_holds_on_its_last_day(tmp_path, capsys):
    root = playbook(tmp_path, {"goals/grow-reach.yml": UNMEASURED + "waivers:\n" + waiver(expires=AS_OF)})
    assert validate(root, capsys, "--strict")[0] == 0


@pytest.mark.parametrize("where", ["entity", "playbook.yml"])
def test_the_day_after_its_expiry_the_finding_returns_and_the_waiver_is_reported(tmp_path, capsys, where):
    files = ({"goals/grow-reach.yml": UNMEASURED + "waivers:\n" + waiver(expires="2026-05-31")} if where == "entity"
             else {"playbook.yml": "waivers:\n" + waiver(entity="goal:grow-reach", expires="2026-05-31")})
    root = playbook(tmp_path, files)
    code, out, _ = validate(root, capsys)
    assert code == 1
    assert "error PB202 goal 'grow-reach'" in out or "error PB202" in out
    expected_file = "goals/grow-reach.yml:7:5" if where == "entity" else "playbook.yml:2:5"
    assert f"{expected_file}: warning PB026 waiver of PB202 on goal 'grow-reach' expired on 2026-05-31" in out
    assert out.strip().endswith("1 error, 1 warning.")  # nothing counted as waived


def test_an_expired_waiver_fails_a_strict_run_even_when_its_finding_is_fixed(tmp_path, capsys):
    root = playbook(tmp_path, {"goals/grow-reach.yml": None,
                               "goals/win-leads.yml": _minimal("goals/win-leads.yml") + "waivers:\n" + waiver(expires="2026-01-31")})
    code, out, _ = validate(root, capsys, "--strict")
    assert code == 1
    assert "warning PB026 waiver of PB202 on goal 'win-leads' expired on 2026-01-31" in out


def test_a_waiver_that_covers_nothing_fails_a_strict_run(tmp_path, capsys):
    root = playbook(tmp_path, {"goals/grow-reach.yml": None,
                               "goals/win-leads.yml": _minimal("goals/win-leads.yml") + "waivers:\n" + waiver()})
    code, out, _ = validate(root, capsys, "--strict")
    assert code == 1
    assert "warning PB025 waiver of PB202 on goal 'win-leads' matches no finding; remove it" in out


# -- listing: the summary counts what is waived; --waived lists it in every format ------------------

def test_waived_findings_are_listed_with_their_waiver_in_text(tmp_path, capsys):
    root = playbook(tmp_path, {"goals/grow-reach.yml": UNMEASURED + "waivers:\n" + waiver()})
    _, out, _ = validate(root, capsys, "--waived")
    line = next(line for line in out.splitlines() if " waived PB202 " in line)
    assert line.split(": waived")[0].endswith("goals/grow-reach.yml:1:1")
    assert "(waived until 2026-12-31, owner Ada Park: Measured once the survey runs.)" in line
    assert out.strip().endswith("No problems found (1 waived).")


def test_waived_findings_are_left_out_of_json_unless_asked_for(tmp_path, capsys):
    root = playbook(tmp_path, {"goals/grow-reach.yml": UNMEASURED + "waivers:\n" + waiver()})
    _, out, _ = validate(root, capsys, "--format", "json")
    assert json.loads(out) == []
    _, out, _ = validate(root, capsys, "--format", "json", "--waived")
    found = json.loads(out)
    assert [(d["code"], d["severity"]) for d in found] == [("PB202", "waived")]
    assert set(found[0]) == {"file", "line", "column", "severity", "code", "message"}


def test_waived_findings_are_notices_in_github_annotations(tmp_path, capsys):
    root = playbook(tmp_path, {"goals/grow-reach.yml": UNMEASURED + "waivers:\n" + waiver()})
    _, out, _ = validate(root, capsys, "--format", "github", "--waived")
    assert out.splitlines()[0].startswith("::notice file=") and "title=PB202::" in out
    _, out, _ = validate(root, capsys, "--format", "github")
    assert out.strip() == "No problems found (1 waived)."


# -- a waiver in playbook.yml of the wrong form is a usage problem: exit 2, file, line and column ----

@pytest.mark.parametrize("text, message", [
    ("waivers: {goal: x}\n", "playbook.yml:1:1: 'waivers' must be a list"),
    ("waivers:\n  - PB202\n", "playbook.yml:2:5: a waiver is a mapping"),
    ("waivers:\n" + waiver(entity="goal:grow-reach", until="2026-12-31"), "unknown waiver field 'until'"),
    ("waivers:\n  - {entity: 'goal:grow-reach', rule: PB202, owner: Ada, expires: '2026-12-31'}\n",
     "playbook.yml:2:5: a waiver's 'reason' must be text and is required"),
    ("waivers:\n" + waiver(entity="grow-reach"), "a waiver's entity is written kind:id"),
    ("waivers:\n" + waiver(entity="goal:grow-reach", rule="202"), "a waiver's rule is a rule code such as PB108"),
    ("waivers:\n" + waiver(entity="goal:grow-reach", expires="2026-02-30"), "a waiver's expires: '2026-02-30' is not a date"),
])
def test_a_malformed_waiver_in_playbook_yml_is_a_usage_problem(tmp_path, capsys, text, message):
    root = playbook(tmp_path, {"playbook.yml": text})
    code, out, err = validate(root, capsys)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err
    assert f"{root / 'playbook.yml'}:" in err


# -- a waiver beside an entity is checked by the kind's schema, and a malformed one waives nothing ---

@pytest.mark.parametrize("item, code", [
    ("  - {rule: PB202, reason: Later., expires: '2026-12-31'}\n", "PB011"),  # no owner
    (waiver(rule="XX202"), "PB015"),
    (waiver(expires="2026-13-01"), "PB014"),
    (waiver(until="2027-01-01"), "PB012"),
    ("  - PB202\n", "PB010"),
])
def test_a_malformed_waiver_beside_an_entity_is_reported_and_waives_nothing(tmp_path, item, code):
    root = playbook(tmp_path, {"goals/grow-reach.yml": UNMEASURED + "waivers:\n" + item})
    result = check(root, as_of=DAY)
    assert code in codes(result) and "PB202" in codes(result)
    assert result.waived == []


# -- editions: waivers are for editors; the public edition has none, others only what they show -----

def pages(root, edition: str) -> dict[str, str]:
    result = check(root, as_of=DAY)
    return {p.path: p.markdown for p in render_site(result, SiteOptions(edition=edition, as_of=DAY))}


HIDDEN = {"people/cora-hale.yml": "title: Cora Hale\nposition: Auditor\nvisibility: confidential\n",
          "goals/secret-goal.yml": UNMEASURED.replace("Grow reach", "Secret goal") + "visibility: confidential\n"
          + "waivers:\n" + waiver(reason="zqsecretreason")}


def test_the_internal_edition_lists_waivers_for_editors(tmp_path):
    root = playbook(tmp_path, {"goals/grow-reach.yml": UNMEASURED + "waivers:\n" + waiver()})
    site = pages(root, "internal")
    assert "Measured once the survey runs." in site["waivers.md"]
    assert "Active, covers 1" in site["waivers.md"]
    assert 'href="waivers/"' in site["index.md"]  # linked from the home page's operations list


def test_the_public_edition_shows_no_waiver_anywhere(tmp_path):
    root = playbook(tmp_path, {"goals/grow-reach.yml": UNMEASURED + "visibility: public\nwaivers:\n" + waiver(),
                               "strategies/grow-online.yml": _minimal("strategies/grow-online.yml") + "visibility: public\n"})
    site = pages(root, "public")
    assert "waivers.md" not in site
    assert "goals/grow-reach.md" in site
    assert not [path for path, text in site.items() if "Measured once the survey runs" in text]


def test_a_hidden_entitys_waiver_stays_out_of_the_internal_edition(tmp_path):
    root = playbook(tmp_path, {**HIDDEN, "goals/grow-reach.yml": UNMEASURED + "waivers:\n" + waiver()})
    internal = pages(root, "internal")
    assert not [path for path, text in internal.items() if "zqsecretreason" in text]
    assert "zqsecretreason" in pages(root, "confidential")["waivers.md"]


def test_a_playbook_yml_waiver_of_a_hidden_entity_stays_out_of_the_internal_edition(tmp_path):
    root = playbook(tmp_path, {**HIDDEN, "goals/secret-goal.yml": HIDDEN["goals/secret-goal.yml"].split("waivers:")[0],
                               "playbook.yml": "waivers:\n" + waiver(entity="goal:secret-goal", reason="zqsecretreason")})
    assert not [path for path, text in pages(root, "internal").items() if "zqsecretreason" in text]


def test_a_waivers_owner_and_reason_never_name_a_hidden_person(tmp_path):
    root = playbook(tmp_path, {**HIDDEN, "goals/grow-reach.yml": UNMEASURED + "waivers:\n"
                               + waiver(owner="cora-hale", reason="Cora Hale signs this off.")})
    internal = pages(root, "internal")
    assert not [path for path, text in internal.items() if "Cora Hale" in text or "cora-hale" in text]
    assert "a restricted item" in internal["waivers.md"]


def _minimal(name: str) -> str:
    return (MINIMAL / name).read_text(encoding="utf-8")


# -- the guide's examples are checked as written ------------------------------------------------

GUIDE = MINIMAL.parents[3] / "guide" / "docs" / "how-to" / "waive-a-finding.md"


def test_the_guides_examples_validate_as_the_guide_says(tmp_path, capsys):
    blocks = re.findall(r"^```yaml\n# content/(\S+)\n(.*?)^```", GUIDE.read_text(encoding="utf-8"), re.M | re.S)
    assert [name for name, _ in blocks] == ["goals/grow-reach.yml", "playbook.yml"]
    root = copy_minimal(tmp_path / "content")
    write_tree(root, {**dict(blocks), "people/ada-park.yml": "title: Ada Park\nposition: Head of Sales\n",
                      "departments/sales.yml": _minimal("departments/sales.yml").replace("Ada Park", "ada-park"),
                      "initiatives/launch-webinars.yml": _minimal("initiatives/launch-webinars.yml")
                      + "owner: County Attorney\n"})
    code, out, _ = validate(root, capsys, "--strict", "--waived")
    assert code == 0
    assert out.splitlines()[-1] == "No problems found (2 waived)."
    assert "waived PB202 goal 'grow-reach'" in out and "waived PB108 initiative field 'owner'" in out
