"""Malformed input: each case breaks one thing in the minimal valid playbook.

Every case must end with exit code 1, a diagnostic at the exact file, line (and column
where it is given) with the expected code, and no traceback. Most cases run through the
command line entry point in this process; a few run `python -m playbook` as a real
process to show that nothing escapes as a traceback there either.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc
from dataclasses import dataclass

import pytest

from playbook.check.checker import check
from playbook.cli.commands import main
from tests.contenttree import AS_OF, copy_minimal, write_tree

GOAL = "title: Collect 300 qualified leads\ndepartment: sales\nsupports: grow-online\n"
GOAL_MD = "---\n" + GOAL + "---\nThe leads sales accepts.\n"
CHANNEL = "title: LinkedIn\nplatform: LinkedIn\n"
INITIATIVE = 'title: {t}\nphase: Foundation\nstart: "2026-01-01"\nend: "2026-06-30"\n'
MATURITY = ("title: Culture\ndimension: culture\nstages:\n  - {name: Ad hoc, criteria: A few post.}\n"
            "  - {name: Owned, criteria: A team owns it.}\ncurrent: 1\ntarget: 2\n")
POLICY = 'title: Policy\ntype: policy\nstatus: active\nowner: Head of Communications\nreview_date: "2027-01-01"\n'
KPI = ('title: Qualified leads from social\nmeasures: win-leads\nunit: leads\ndirection: increase\n'
       'baseline:\n  value: 10\n  date: "2026-01-01"\ntarget:\n  value: 300\n  date: "2027-06-30"\n'
       'source: CRM report\ncadence: monthly\n')
CSV = "measurements/qualified-leads.csv"


def laughs(levels: int, width: int = 9) -> str:
    """The billion laughs: each level is a list of `width` aliases of the level before."""
    lines = ["a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Case:
    name: str
    category: str
    files: dict
    where: str  # file:line:column or file:line
    code: str
    says: str = ""  # a fragment the message must contain


C = Case
CASES = [
    # YAML syntax
    C("unclosed-flow-list", "yaml-syntax", {"goals/win-leads.yml": "title: X\ndepartment: [sales\nsupports: grow-online\n"},
      "goals/win-leads.yml:3:9", "PB001"),
    C("mapping-in-scalar", "yaml-syntax", {"goals/win-leads.yml": "title: X\ndepartment: sales: north\n"},
      "goals/win-leads.yml:2:18", "PB001"),
    C("unclosed-quote", "yaml-syntax", {"channels/linkedin.yml": 'title: "LinkedIn\nplatform: LinkedIn\n'},
      "channels/linkedin.yml:3:1", "PB001"),
    C("two-documents", "yaml-syntax", {"channels/linkedin.yml": CHANNEL + "---\ntitle: Again\n"},
      "channels/linkedin.yml:3:1", "PB001", "another document"),
    C("merge-key", "yaml-syntax", {"channels/linkedin.yml": "base: &b {title: LinkedIn}\n<<: *b\nplatform: LinkedIn\n"},
      "channels/linkedin.yml:2:1", "PB001", "merge keys"),
    C("list-as-key", "yaml-syntax", {"channels/linkedin.yml": "? [title, name]\n: LinkedIn\nplatform: LinkedIn\n"},
      "channels/linkedin.yml:1:3", "PB001", "plain text"),
    C("bad-indentation", "yaml-syntax", {"departments/sales.yml": "title: Sales\nhead: Ada\n social_media:\n  role: x\n"},
      "departments/sales.yml:3:14", "PB001", "not allowed"),
    # tab indentation
    C("tab-top-level", "tab-indentation", {"goals/win-leads.yml": "title: X\n\tdepartment: sales\n"},
      "goals/win-leads.yml:2:1", "PB001", "tab character"),
    C("tab-nested", "tab-indentation", {"departments/sales.yml": "title: Sales\nhead: Ada\nsocial_media:\n\trole: x\n"},
      "departments/sales.yml:4:1", "PB001", "tab character"),
    C("tab-list-item", "tab-indentation", {"tactics/webinars.yml": "title: W\nserves:\n\t- win-leads\ncall_to_action: Go\n"},
      "tactics/webinars.yml:3:1", "PB001", "tab character"),
    C("tab-in-front-matter", "tab-indentation", {"goals/win-leads.yml": None, "goals/win-leads.md": "---\ntitle: X\nsupports:\n\t- grow-online\n---\nText.\n"},
      "goals/win-leads.md:4:1", "PB001", "tab character"),
    # duplicate keys: both lines are named
    C("duplicate-top-level", "duplicate-key", {"goals/win-leads.yml": GOAL + "title: Again\n"},
      "goals/win-leads.yml:4:1", "PB004", "'title' (first defined on line 1)"),
    C("duplicate-nested", "duplicate-key", {"kpis/qualified-leads.yml": KPI.replace("  value: 300\n", "  value: 300\n  value: 400\n")},
      "kpis/qualified-leads.yml:10:3", "PB004", "'value' (first defined on line 9)"),
    C("duplicate-in-front-matter", "duplicate-key", {"goals/win-leads.yml": None, "goals/win-leads.md": "---\n" + GOAL + "department: sales\n---\nText.\n"},
      "goals/win-leads.md:5:1", "PB004", "'department' (first defined on line 3)"),
    C("duplicate-in-list-item", "duplicate-key",
      {"initiatives/launch-webinars.yml": INITIATIVE.format(t="Launch") + 'milestones:\n  - title: One\n    date: "2026-02-01"\n    title: Two\n'},
      "initiatives/launch-webinars.yml:8:5", "PB004", "'title' (first defined on line 6)"),
    # alias bombs and recursive aliases
    C("billion-laughs", "alias-bomb", {"channels/bomb.yml": laughs(9)}, "channels/bomb.yml:5:5", "PB005", "more than 20000 values"),
    C("wide-bomb", "alias-bomb", {"channels/bomb.yml": "a: &a [" + ", ".join(["x"] * 200) + "]\nb: [" + ", ".join(["*a"] * 200) + "]\n"},
      "channels/bomb.yml:2:4", "PB005"),
    C("bomb-in-front-matter", "alias-bomb", {"goals/win-leads.yml": None, "goals/win-leads.md": "---\n" + laughs(7) + "---\nText.\n"},
      "goals/win-leads.md:6:5", "PB005"),
    C("self-list", "recursive-alias", {"channels/loop.yml": "title: LinkedIn\nplatform: &p [*p]\n"},
      "channels/loop.yml:2:11", "PB005", "nest more than 64"),
    C("self-mapping", "recursive-alias", {"channels/loop.yml": "title: LinkedIn\nplatform: &m {inner: *m}\n"},
      "channels/loop.yml:2:11", "PB005", "nest more than 64"),
    C("deep-brackets", "recursive-alias", {"channels/deep.yml": "title: " + "[" * 2000 + "]" * 2000 + "\n"},
      "channels/deep.yml:1", "PB005"),
    # oversize files
    C("oversize-yaml", "oversize", {"channels/huge.yml": CHANNEL + "#" * 1_048_576 + "\n"}, "channels/huge.yml:1:1", "PB003", "limit is 1,048,576"),
    C("oversize-csv", "oversize", {CSV: "date,value\n" + "2026-01-01,1\n" * 90_000}, f"{CSV}:1:1", "PB003"),
    C("oversize-page", "oversize", {"pages/long.md": "# Long\n\n" + "All work and no play.\n" * 50_000}, "pages/long.md:1:1", "PB003"),
    # encodings
    C("latin1-byte", "invalid-utf8", {"goals/win-leads.yml": "title: Caf\xe9 leads\ndepartment: sales\n".encode("latin-1")},
      "goals/win-leads.yml:1:11", "PB002", "byte offset 10"),
    C("truncated-sequence", "invalid-utf8", {"channels/linkedin.yml": CHANNEL.encode() + b"summary: caf\xc3\n"},
      "channels/linkedin.yml:3:13", "PB002", "byte offset 47"),
    C("invalid-in-csv", "invalid-utf8", {CSV: b"date,value,note\n2026-01-01,10,caf\xe9\n"}, f"{CSV}:2:18", "PB002", "byte offset 33"),
    C("invalid-in-body", "invalid-utf8", {"pages/about.md": b"---\ntitle: About\n---\nSee \xff here.\n"},
      "pages/about.md:4:5", "PB002", "byte offset 25"),
    C("utf16-le", "utf16", {"channels/linkedin.yml": b"\xff\xfe" + CHANNEL.encode("utf-16-le")},
      "channels/linkedin.yml:1:1", "PB002", "UTF-16"),
    C("utf16-be", "utf16", {"channels/linkedin.yml": b"\xfe\xff" + CHANNEL.encode("utf-16-be")},
      "channels/linkedin.yml:1:1", "PB002", "UTF-16"),
    C("utf16-without-bom", "utf16", {"channels/linkedin.yml": CHANNEL.encode("utf-16-le")},
      "channels/linkedin.yml:1:2", "PB002", "NUL"),
    # a byte-order mark is accepted: only the unrelated problem is reported, at its true place
    C("bom-yaml", "byte-order-mark", {"goals/win-leads.yml": b"\xef\xbb\xbf" + GOAL.replace("sales", "sale").encode()},
      "goals/win-leads.yml:2:13", "PB102", "did you mean 'sales'"),
    C("bom-front-matter", "byte-order-mark", {"goals/win-leads.yml": None, "goals/win-leads.md": b"\xef\xbb\xbf" + GOAL_MD.replace("grow-online", "grow").encode()},
      "goals/win-leads.md:4:11", "PB102"),
    C("bom-csv", "byte-order-mark", {CSV: b"\xef\xbb\xbfdate,value\n2026-01-01,10\n2026-02-01,x\n"}, f"{CSV}:3:12", "PB020"),
    # control characters
    C("bell", "control-characters", {"channels/linkedin.yml": "title: Linked\x07In\nplatform: LinkedIn\n"},
      "channels/linkedin.yml:1:14", "PB001", "#x0007"),
    C("escape", "control-characters", {"channels/linkedin.yml": "title: LinkedIn\nplatform: \x1b[31mLinkedIn\n"},
      "channels/linkedin.yml:2:11", "PB001", "#x001b"),
    C("nul", "control-characters", {"channels/linkedin.yml": "title: LinkedIn\nplatform: Linked\x00In\n"},
      "channels/linkedin.yml:2:17", "PB002", "NUL"),
    C("control-in-front-matter", "control-characters", {"goals/win-leads.yml": None, "goals/win-leads.md": GOAL_MD.replace("Collect", "Coll\x08ect")},
      "goals/win-leads.md:2:12", "PB001"),
    # wrong types
    C("title-list", "wrong-type", {"channels/linkedin.yml": "title: [Linked, In]\nplatform: LinkedIn\n"},
      "channels/linkedin.yml:1:8", "PB010", "expected text, found a list"),
    C("number-as-text", "wrong-type", {"kpis/qualified-leads.yml": KPI.replace("value: 10", 'value: "10"')},
      "kpis/qualified-leads.yml:6:10", "PB010", "expected a number, found text '10'"),
    C("count-as-text", "wrong-type", {"departments/sales.yml": "title: Sales\nhead: Ada\nsocial_media: {role: Leads}\nresources:\n  people: twelve\n"},
      "departments/sales.yml:5:11", "PB010", "expected a whole number"),
    C("done-as-text", "wrong-type",
      {"initiatives/launch-webinars.yml": INITIATIVE.format(t="Launch") + 'milestones:\n  - title: One\n    date: "2026-02-01"\n    done: yes\n'},
      "initiatives/launch-webinars.yml:8:11", "PB010", "expected true or false, found text 'yes'"),
    C("milestones-mapping", "wrong-type", {"initiatives/launch-webinars.yml": INITIATIVE.format(t="Launch") + "milestones:\n  first: soon\n"},
      "initiatives/launch-webinars.yml:6:3", "PB010", "expected a list"),
    C("top-level-list", "wrong-type", {"channels/linkedin.yml": "- title: LinkedIn\n"}, "channels/linkedin.yml:1:1", "PB010", "mapping"),
    # unknown fields
    C("misspelt-field", "unknown-field", {"goals/win-leads.yml": GOAL.replace("supports:", "suports:")},
      "goals/win-leads.yml:3:1", "PB012", "did you mean 'supports'"),
    C("unknown-nested", "unknown-field", {"kpis/qualified-leads.yml": KPI.replace("  value: 10", "  vaule: 10")},
      "kpis/qualified-leads.yml:6:3", "PB012", "'baseline.vaule'"),
    C("unknown-in-list-item", "unknown-field",
      {"initiatives/launch-webinars.yml": INITIATIVE.format(t="Launch") + 'milestones:\n  - title: One\n    date: "2026-02-01"\n    owner: Ada\n'},
      "initiatives/launch-webinars.yml:8:5", "PB012", "'milestones[0].owner'"),
    # missing required fields
    C("goal-without-department", "missing-required", {"goals/win-leads.yml": "title: Collect leads\nsupports: grow-online\n"},
      "goals/win-leads.yml:1:1", "PB011", "'department'"),
    C("initiative-without-start", "missing-required", {"initiatives/launch-webinars.yml": "title: Launch\nphase: One\nend: \"2027-12-31\"\n"},
      "initiatives/launch-webinars.yml:1:1", "PB011", "'start'"),
    C("target-without-date", "missing-required", {"kpis/qualified-leads.yml": KPI.replace('  date: "2027-06-30"\n', "")},
      "kpis/qualified-leads.yml:9:3", "PB011", "'target.date'"),
    C("milestone-without-date", "missing-required", {"initiatives/launch-webinars.yml": INITIATIVE.format(t="Launch") + "milestones:\n  - title: One\n"},
      "initiatives/launch-webinars.yml:6:5", "PB011", "'milestones[0].date'"),
    C("empty-file", "missing-required", {"channels/linkedin.yml": ""}, "channels/linkedin.yml:1:1", "PB011"),
    # bad dates
    C("february-30", "bad-date", {"goals/win-leads.yml": GOAL + "due: 2027-02-30\n"}, "goals/win-leads.yml:4:6", "PB014"),
    C("month-13", "bad-date", {"initiatives/launch-webinars.yml": INITIATIVE.format(t="L").replace("2026-06-30", "2026-13-01")},
      "initiatives/launch-webinars.yml:4:6", "PB014"),
    C("words", "bad-date", {"goals/win-leads.yml": GOAL + "due: next spring\n"}, "goals/win-leads.yml:4:6", "PB014"),
    C("datetime", "bad-date", {"goals/win-leads.yml": GOAL + "due: 2027-06-30T12:00:00\n"}, "goals/win-leads.yml:4:6", "PB014"),
    C("short-year", "bad-date", {"kpis/qualified-leads.yml": KPI.replace('date: "2026-01-01"', "date: 26-01-01")},
      "kpis/qualified-leads.yml:7:9", "PB014"),
    # dangling references
    C("unknown-department", "dangling-reference", {"goals/win-leads.yml": GOAL.replace("department: sales", "department: marketing")},
      "goals/win-leads.yml:2:13", "PB102", "unknown department 'marketing'"),
    C("misspelt-goal", "dangling-reference", {"tactics/webinars.yml": "title: W\nserves: win-lead\ncall_to_action: Go\n"},
      "tactics/webinars.yml:2:9", "PB102", "did you mean 'win-leads'"),
    C("unknown-in-list", "dangling-reference", {"tactics/webinars.yml": "title: W\nserves: [win-leads, keep-customers]\ncall_to_action: Go\n"},
      "tactics/webinars.yml:2:21", "PB102"),
    C("unknown-dependency", "dangling-reference", {"initiatives/launch-webinars.yml": INITIATIVE.format(t="L") + "depends_on: hire-team\n"},
      "initiatives/launch-webinars.yml:5:13", "PB102"),
    C("unknown-inline", "dangling-reference", {"pages/about.md": "---\ntitle: About\n---\nRead [[goal:win-lead]].\n"},
      "pages/about.md:4:6", "PB105", "did you mean 'win-leads'"),
    # references to the wrong kind
    C("tactic-serves-department", "wrong-kind", {"tactics/webinars.yml": "title: W\nserves: sales\ncall_to_action: Go\n"},
      "tactics/webinars.yml:2:9", "PB101", "'sales' is a department"),
    C("prefixed-wrong-kind", "wrong-kind", {"goals/win-leads.yml": GOAL.replace("supports: grow-online", "supports: goal:win-leads")},
      "goals/win-leads.yml:3:11", "PB101", "accepts strategy"),
    C("ambiguous", "wrong-kind", {"tactics/win-leads.yml": "title: T\nserves: goal:win-leads\ncall_to_action: Go\n"},
      "kpis/qualified-leads.yml:2:11", "PB101", "ambiguous"),
    C("not-an-id", "wrong-kind", {"tactics/webinars.yml": "title: W\nserves: Win Leads\ncall_to_action: Go\n"},
      "tactics/webinars.yml:2:9", "PB106"),
    # duplicate ids
    C("yml-and-md", "duplicate-id", {"goals/win-leads.md": GOAL_MD}, "goals/win-leads.yml:1:1", "PB007", "already defined by goals/win-leads.md"),
    C("yml-and-yaml", "duplicate-id", {"channels/linkedin.yaml": CHANNEL}, "channels/linkedin.yml:1:1", "PB007", "channels/linkedin.yaml"),
    C("md-and-yaml", "duplicate-id", {"tactics/webinars.md": "---\ntitle: W\nserves: win-leads\ncall_to_action: Go\n---\nBody.\n"},
      "tactics/webinars.yml:1:1", "PB007"),
    # ids that clash by letter case
    C("capitalised", "case-clash", {"goals/Win-Leads.md": GOAL_MD}, "goals/win-leads.yml:1:1", "PB007", "letter case"),
    C("shouting", "case-clash", {"channels/LINKEDIN.yaml": CHANNEL}, "channels/linkedin.yml:1:1", "PB007", "letter case"),
    # dependency cycles
    C("two-cycle", "dependency-cycle", {"initiatives/launch-webinars.yml": INITIATIVE.format(t="L") + "depends_on: hire\n",
                                        "initiatives/hire.yml": INITIATIVE.format(t="H") + "depends_on: launch-webinars\n"},
      "initiatives/launch-webinars.yml:5:13", "PB103", "hire -> launch-webinars -> hire"),
    C("self-cycle", "dependency-cycle", {"initiatives/launch-webinars.yml": INITIATIVE.format(t="L") + "depends_on: [launch-webinars]\n"},
      "initiatives/launch-webinars.yml:5:13", "PB103"),
    C("three-cycle", "dependency-cycle", {"initiatives/a.yml": INITIATIVE.format(t="A") + "depends_on: b\n",
                                          "initiatives/b.yml": INITIATIVE.format(t="B") + "depends_on: c\n",
                                          "initiatives/c.yml": INITIATIVE.format(t="C") + "depends_on: a\n"},
      "initiatives/c.yml:5:13", "PB103", "a -> b -> c -> a"),
    C("supersedes-cycle", "dependency-cycle", {"policies/one.yml": POLICY + "supersedes: two\n", "policies/two.yml": POLICY + "supersedes: one\n"},
      "policies/two.yml:6:13", "PB103"),
    # front matter
    C("never-closed", "front-matter", {"goals/win-leads.yml": None, "goals/win-leads.md": "---\n" + GOAL + "Text.\n"},
      "goals/win-leads.md:1:1", "PB001", "never closed"),
    C("front-matter-list", "front-matter", {"goals/win-leads.yml": None, "goals/win-leads.md": "---\n- a\n- b\n---\nText.\n"},
      "goals/win-leads.md:2:1", "PB010"),
    C("front-matter-syntax", "front-matter", {"pages/about.md": "---\ntitle: About\nsummary: [open\n---\nText.\n"},
      "pages/about.md:4:1", "PB001"),
    C("page-duplicate-key", "front-matter", {"pages/about.md": "---\ntitle: About\ntitle: Again\n---\nText.\n"},
      "pages/about.md:3:1", "PB004"),
    # measurement CSV rows
    C("csv-bad-date", "csv-rows", {CSV: "date,value\n2026-01-01,10\n2026-02-30,25\n"}, f"{CSV}:3:1", "PB020"),
    C("csv-bad-number", "csv-rows", {CSV: "date,value\n2026-01-01,10\n2026-02-01,lots\n"}, f"{CSV}:3:12", "PB020", "'lots'"),
    C("csv-out-of-order", "csv-rows", {CSV: "date,value\n2026-02-01,10\n2026-01-01,25\n"}, f"{CSV}:3:1", "PB020", "date order"),
    C("csv-extra-columns", "csv-rows", {CSV: "date,value,note\n2026-01-01,10,a,b\n"}, f"{CSV}:2:1", "PB020", "found 4"),
    C("csv-header", "csv-rows", {CSV: "value,date\n10,2026-01-01\n"}, f"{CSV}:1:1", "PB020", "header"),
    C("csv-unclosed-quote", "csv-rows", {CSV: 'date,value,note\n2026-01-01,10,"open\n2026-02-01,25,\n'}, f"{CSV}:2:1", "PB020", "not closed"),
    C("csv-random-bytes", "csv-rows", {CSV: b"date,value\n2026-01-01,\x01\x02\x7f\n"}, f"{CSV}:2:12", "PB020"),
    # ids and file names
    C("uppercase-id", "bad-id", {"channels/LinkedIn.yml": None, "channels/Facebook.yml": "title: Facebook\nplatform: Facebook\n"},
      "channels/Facebook.yml:1:1", "PB006", "rename the file to 'facebook'"),
    C("underscore-id", "bad-id", {"channels/you_tube.yml": "title: YouTube\nplatform: YouTube\n"}, "channels/you_tube.yml:1:1", "PB006", "'you-tube'"),
    C("long-id", "bad-id", {"channels/" + "x" * 65 + ".yml": CHANNEL}, "channels/" + "x" * 65 + ".yml:1:1", "PB006", "at most 64"),
    C("leading-hyphen", "bad-id", {"channels/-linkedin.yml": CHANNEL}, "channels/-linkedin.yml:1:1", "PB006"),
]
BY_NAME = {c.name: c for c in CASES}


def test_suite_is_broad():
    assert len(CASES) >= 60
    assert len({c.category for c in CASES}) >= 12
    assert len(BY_NAME) == len(CASES)


def expected(case: Case) -> dict:
    """The JSON fields the case's diagnostic must have."""
    file, line, *column = case.where.split(":")
    want = {"file": file, "line": int(line), "code": case.code}
    if column:
        want["column"] = int(column[0])
    return want


def build(case: Case, tmp_path):
    return write_tree(copy_minimal(tmp_path / "content"), case.files)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.category}/{c.name}" for c in CASES])
def test_malformed_case(case, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(build(case, tmp_path))
    code = main(["validate", ".", "--as-of", AS_OF, "--format", "json"])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    diags = json.loads(out.out)
    want = expected(case)
    hits = [d for d in diags if all(d[k] == v for k, v in want.items())]
    assert hits, f"no {want} among:\n" + "\n".join(f"{d['file']}:{d['line']}:{d['column']} {d['code']} {d['message']}" for d in diags)
    assert case.says in hits[0]["message"]
    assert code == 1


@pytest.mark.parametrize("name", ["billion-laughs", "latin1-byte", "tab-nested", "oversize-csv", "csv-unclosed-quote", "three-cycle"])
def test_real_process_prints_no_traceback(name, tmp_path):
    case = BY_NAME[name]
    root = build(case, tmp_path)
    proc = subprocess.run([sys.executable, "-m", "playbook", "validate", ".", "--as-of", AS_OF],
                          cwd=root, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    want = expected(case)
    prefix = f"{want['file']}:{want['line']}:" + (f"{want['column']}:" if "column" in want else "")
    assert any(line.startswith(prefix) and f" {case.code} " in line for line in proc.stdout.splitlines())


def test_alias_bomb_is_bounded_in_memory(tmp_path):
    """A billion laughs of ten levels (10**10 values) must stop at the value budget."""
    root = write_tree(tmp_path / "content", {"channels/bomb.yml": laughs(10, width=10)})
    tracemalloc.start()
    try:
        result = check(root)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [d.code for d in result.diagnostics] == ["PB005"]
    assert peak < 100 * 1024 * 1024
