"""The same playbook on MkDocs, ProperDocs and Zensical.

The sample is built with `playbook build --builder X` for each builder (ProperDocs runs
the plugin unchanged; Zensical builds what `playbook render` writes). The sites must
hold the same pages, no broken internal link, every goal <-> KPI link both ways, the same
search index under MkDocs and ProperDocs (Zensical keeps its own); the
canary playbook's three editions built with Zensical hide what they must; the XSS
corpus stays inert under Zensical; and `playbook render` refuses to write over sources.
"""
from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from playbook.check.checker import check
from playbook.site.render.view import View

from .sitebuild import broken_links, copy_sample, html_pages, write_project
from .test_site import links_to, page_of

BUILDERS = ("mkdocs", "properdocs", "zensical")
pytestmark = pytest.mark.skipif(not all(importlib.util.find_spec(b) for b in BUILDERS),
                                reason="the builders group is not installed (pip install -e '.[builders]')")


def build(project, builder: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "playbook", "build", "--builder", builder, "--site-dir",
                           f"site-{builder}", *args], cwd=project, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    folder = copy_sample(tmp_path_factory.mktemp("builders"))
    for builder in BUILDERS:
        done = build(folder, builder, "--strict")
        assert done.returncode == 0, (builder, done.stderr[-3000:])
    result = check(folder / "content")
    return {b: folder / f"site-{b}" for b in BUILDERS}, View(result, "internal", result.as_of)


def pages(site) -> set[str]:
    return {p.relative_to(site).as_posix() for p in html_pages(site) if p.name == "index.html"}


def test_the_three_builders_make_the_same_pages(sites):
    built, _ = sites
    mkdocs = pages(built["mkdocs"])
    assert len(mkdocs) > 120
    assert pages(built["properdocs"]) == mkdocs and pages(built["zensical"]) == mkdocs


def test_mkdocs_and_properdocs_write_the_same_search_index_and_zensical_its_own(sites):
    built, _ = sites
    shards = {b: {p.relative_to(built[b]).as_posix() for p in (built[b] / "pagefind").rglob("*.pf_*")}
              for b in ("mkdocs", "properdocs")}
    assert len(shards["mkdocs"]) > 120 and shards["properdocs"] == shards["mkdocs"]  # named by their content
    assert not (built["zensical"] / "pagefind").exists() and (built["zensical"] / "search.json").is_file()


@pytest.mark.parametrize("builder", BUILDERS)
def test_no_internal_link_is_broken(sites, builder):
    checked, broken = broken_links(sites[0][builder])
    assert checked > 500 and broken == []


@pytest.mark.parametrize("builder", ["properdocs", "zensical"])
def test_every_goal_links_to_its_kpis_and_back(sites, builder):
    site, view = sites[0][builder], sites[1]
    for goal in view.of_kind("goal"):
        for kpi in view.goal_kpis(goal):
            assert links_to(site, page_of(site, goal), page_of(site, kpi)), (goal.id, kpi.id)
        for kpi in view.related(goal, "measured_by", "kpi"):
            assert links_to(site, page_of(site, kpi), page_of(site, goal)), (kpi.id, goal.id)


@pytest.mark.parametrize("builder", ["properdocs", "zensical"])
def test_the_canary_editions_hide_what_they_must(tmp_path, builder):
    from .sitebuild import MKDOCS_YML
    from .test_editions import (
        EDITIONS,
        PUBLIC,
        TOKENS,
        found,
        hidden_entities,
        output_bytes,
    )
    project = write_project(tmp_path, {**PUBLIC, **hidden_entities("internal"), **hidden_entities("confidential")},
                            mkdocs_yml=MKDOCS_YML.format(options=""))
    outputs = {}
    for edition in EDITIONS:
        done = subprocess.run([sys.executable, "-m", "playbook", "build", "--builder", builder, "--edition", edition,
                               "--as-of", "2026-06-01", "--site-dir", f"site-{edition}"], cwd=project,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
        outputs[edition] = output_bytes(project / f"site-{edition}")
    assert found(outputs["public"], TOKENS["confidential"] + TOKENS["internal"]) == {}
    assert found(outputs["internal"], TOKENS["confidential"]) == {}
    assert set(found(outputs["internal"], TOKENS["internal"])) == set(TOKENS["internal"])
    assert set(found(outputs["confidential"], TOKENS["confidential"])) == set(TOKENS["confidential"])


def zensical_scans(folder, items):
    from .sitebuild import MKDOCS_YML
    from .test_xss import Scan, playbook
    project = write_project(folder, playbook(items), mkdocs_yml=MKDOCS_YML.format(options="      as_of: '2026-06-01'"))
    done = build(project, "zensical")
    assert done.returncode == 0, done.stderr[-3000:]
    site = project / "site-zensical"
    return {p.relative_to(site).as_posix(): Scan(p.read_text(encoding="utf-8")) for p in site.rglob("*.html")}


def test_the_xss_corpus_stays_inert_under_zensical(tmp_path):
    from .test_xss import payloads
    items = payloads()
    xss = zensical_scans(tmp_path / "xss", items)
    clean = zensical_scans(tmp_path / "clean", [f"Plain words number {i}" for i in range(len(items))])
    assert set(xss) == set(clean) and sum(p.startswith("channels/c") for p in xss) == len(items)
    assert {page: scan.handlers() for page, scan in xss.items() if scan.handlers()} == {}
    assert {page: scan.unsafe_urls() for page, scan in xss.items() if scan.unsafe_urls()} == {}
    extra = {page: set(scan.scripts) - set(clean[page].scripts) for page, scan in xss.items()}
    assert {page: s for page, s in extra.items() if s} == {}


@pytest.mark.parametrize("out", ["content", "content/x", "docs", ".", ".."])
def test_render_refuses_to_write_over_the_sources(tmp_path, out):
    folder = copy_sample(tmp_path / "p")
    done = subprocess.run([sys.executable, "-m", "playbook", "render", out], cwd=folder, capture_output=True, text=True)
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_render_writes_nothing_when_the_content_has_errors(tmp_path):
    folder = copy_sample(tmp_path / "p")
    (folder / "content" / "goals" / "broken.yml").write_text("title: Broken\nsupports: nowhere\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "playbook", "render", "out"], cwd=folder, capture_output=True, text=True)
    assert done.returncode == 1 and "PB102" in done.stderr and not (folder / "out").exists()


@pytest.mark.parametrize("edition", ["../../../evil", "5", "[internal]", "{a: b}", "Internal"])
@pytest.mark.parametrize(("command", "code"), [(["render", "out"], 2), (["build", "--builder", "zensical"], 1)])
def test_an_edition_mkdocs_yml_names_wrongly_is_said_in_one_line(tmp_path, edition, command, code):
    """A usage problem; `build` says 1 for any failed build, as MkDocs does for its configuration."""
    folder = copy_sample(tmp_path / "p")
    config = (folder / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      edition: internal\n" in config
    (folder / "mkdocs.yml").write_text(config.replace("      edition: internal\n", f"      edition: {edition}\n"),
                                       encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "playbook", *command], cwd=folder, capture_output=True, text=True)
    assert done.returncode == code and "Traceback" not in done.stderr
    assert "the playbook plugin's edition" in done.stderr and "is not one of public, internal, confidential" in done.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["content", "docs", "mkdocs.yml"]
