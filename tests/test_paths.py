"""Every path content names stays inside the content folder, and no outside byte reaches the site.

Beside the content folder lie "secret" files holding a unique token, and a sibling
folder whose name starts with the content folder's (`content-evil/`). The content
reaches for them every way it can: KPI data paths and Markdown links and images
with `../`, absolute paths, the sibling folder, and symbolic links (to a file, from
the measurements folder, to a folder). Each is reported with its file and line;
and a site built with those rules switched off still holds no byte of them.
"""
from __future__ import annotations

import gzip

import pytest

from playbook.check.checker import check
from playbook.content.loader import resolve_inside
from tests.contenttree import AS_OF, copy_minimal, write_tree

from .sitebuild import MKDOCS_YML, mkdocs_build

TOKEN = "zqoutsidesecret"
INSIDE = "zqinsidecontrol"
KPI = """title: {title}
measures: win-leads
unit: leads
direction: increase
baseline: {{value: 10, date: "2026-01-01"}}
target: {{value: 300, date: "2027-06-30"}}
source: CRM
cadence: monthly
data: {data}
"""
ESCAPES = f"""---
title: Escapes {INSIDE}
---
Text {INSIDE}.

![up](../../../secret.txt) and [root](/etc/passwd)
[sibling](../../content-evil/m.csv) ![linked](../assets/linked.png)
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    base = tmp_path_factory.mktemp("paths")
    secret_csv = f"date,value,note\n2026-05-01,77,{TOKEN}\n"
    write_tree(base, {
        "secret.txt": f"{TOKEN}\n", "secret.csv": secret_csv, "secret.yml": f"title: {TOKEN}\n",
        "secret.md": f"---\ntitle: {TOKEN}\n---\n{TOKEN}\n", "content-evil/m.csv": secret_csv,
    })
    content = copy_minimal(base / "content")
    write_tree(content, {
        "kpis/from-parent.yml": KPI.format(title="From parent", data="../secret.csv"),
        "kpis/absolute.yml": KPI.format(title="Absolute", data=base / "secret.csv"),
        "kpis/sibling.yml": KPI.format(title="Sibling", data="../content-evil/m.csv"),
        "kpis/linked.yml": KPI.format(title="Linked", data="measurements/linked.csv"),
        "pages/escapes.md": ESCAPES,
    })
    (content / "assets").mkdir()
    links = {"measurements/linked.csv": "../../secret.csv", "assets/linked.png": "../../secret.txt",
             "pages/linked.md": "../../secret.md", "goals/linked.yml": "../../secret.yml", "pages/folder": "../.."}
    for name, target in links.items():
        (content / name).symlink_to(target)
    return base


def test_resolve_inside_compares_components_not_prefixes(project):
    root = project / "content"
    assert resolve_inside(root, "measurements/qualified-leads.csv") == root / "measurements/qualified-leads.csv"
    assert str(project / "content-evil").startswith(str(root))  # a string prefix check would let it in
    for escape in ("../content-evil/m.csv", "../secret.csv", str(project / "secret.csv"), "measurements/linked.csv",
                   "pages/folder/secret.md", "..", "a/../../secret.csv", "measurements\\..\\..\\secret.csv"):
        assert resolve_inside(root, escape) is None, escape


def test_each_escape_is_reported_with_file_and_line(project):
    result = check(project / "content")
    found = {(d.file, d.line, d.column, d.code) for d in result.diagnostics}
    assert {
        ("kpis/from-parent.yml", 9, 7, "PB021"), ("kpis/absolute.yml", 9, 7, "PB021"),
        ("kpis/sibling.yml", 9, 7, "PB021"), ("kpis/linked.yml", 9, 7, "PB021"),
        ("pages/escapes.md", 6, 7, "PB023"), ("pages/escapes.md", 6, 39, "PB023"),
        ("pages/escapes.md", 7, 11, "PB023"), ("pages/escapes.md", 7, 47, "PB023"),
        ("measurements/linked.csv", 1, 1, "PB008"), ("assets/linked.png", 1, 1, "PB008"),
        ("pages/linked.md", 1, 1, "PB008"), ("goals/linked.yml", 1, 1, "PB008"), ("pages/folder", 1, 1, "PB008"),
    } <= found
    messages = {d.message for d in result.diagnostics if d.code in ("PB021", "PB023")}
    assert any("is an absolute path" in m for m in messages)
    assert any("resolves outside the content folder" in m for m in messages)
    assert TOKEN not in " ".join(d.message for d in result.diagnostics)


@pytest.fixture(scope="module")
def site(project):
    """The site built with the escape rules switched off: the renderer must still not reach out."""
    options = f"      as_of: '{AS_OF}'\n      rules: {{PB021: off, PB023: off}}"
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text(MKDOCS_YML.format(options=options), encoding="utf-8")
    proc = mkdocs_build(project)
    assert proc.returncode == 0, proc.stderr
    return project / "site"


def test_no_outside_byte_reaches_the_site(site):
    outputs = {}
    for path in (p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        outputs[path.relative_to(site).as_posix()] = gzip.decompress(data) if path.suffix == ".gz" else data
    assert [name for name, data in outputs.items() if TOKEN.encode() in data] == []
    copied = [n for n in outputs if "secret" in n or n.endswith(("linked.png", ".csv", ".txt", ".md", ".yml"))]
    assert copied == []
    assert INSIDE.encode() in outputs["pages/escapes/index.html"]  # the control: the scan sees content text

