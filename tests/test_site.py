"""Build the sample playbook with the real MkDocs and check the site a reader gets."""
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

import pytest

from playbook.check.checker import check
from playbook.content.model import KINDS
from playbook.site.render.view import View

from .sitebuild import (
    REPO,
    broken_links,
    copy_sample,
    html_pages,
    mkdocs_build,
    parse,
    resolve,
    search_records,
    write_project,
)


@pytest.fixture(scope="session")
def sample(tmp_path_factory):
    folder = copy_sample(tmp_path_factory.mktemp("sample"))
    proc = mkdocs_build(folder, "--strict")
    assert proc.returncode == 0, proc.stderr
    result = check(folder / "content")
    return folder / "site", View(result, "internal", result.as_of)  # the repository builds the internal edition


def page_of(site, entity):
    return site / KINDS[entity.kind] / entity.id / "index.html"


def links_to(site, page, target) -> bool:
    return any(resolve(site, page, href) == target for href in parse(page).hrefs())


def test_every_goal_links_to_its_kpis_and_back(sample):
    site, view = sample
    goals = view.of_kind("goal")
    assert len(goals) >= 8
    for goal in goals:
        kpis = view.goal_kpis(goal)
        assert kpis, goal.id
        for kpi in kpis:
            assert links_to(site, page_of(site, goal), page_of(site, kpi)), (goal.id, kpi.id)
        for kpi in view.related(goal, "measured_by", "kpi"):
            assert links_to(site, page_of(site, kpi), page_of(site, goal)), (kpi.id, goal.id)


def test_every_entity_has_a_page(sample):
    site, view = sample
    visible = [e for kind in KINDS for e in view.of_kind(kind)]
    assert len(visible) > 80
    missing = [e.key for e in visible if not page_of(site, e).is_file()]
    assert missing == []


def test_every_internal_link_resolves(sample):
    site, _ = sample
    checked, broken = broken_links(site)
    assert checked > 500
    assert broken == []


def test_every_svg_is_well_formed(sample):
    site, _ = sample
    count = 0
    for page in html_pages(site):
        for svg in re.findall(r"<svg\b.*?</svg>", page.read_text(encoding="utf-8"), flags=re.S):
            if 'xmlns="http://www.w3.org/2000/svg"' in svg:
                ET.fromstring(svg)
                count += 1
    assert count >= 20


def test_nothing_loads_from_another_host(sample):
    site, _ = sample
    foreign = []
    for page in html_pages(site):
        for url in parse(page).loads():
            parts = urlparse(url)
            if parts.scheme or parts.netloc or url.startswith("//"):
                foreign.append((page.name, url))
    assert foreign == []
    css = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*.css"))
    assert not re.search(r"@import\s+url\(\s*['\"]?(https?:)?//", css)
    assert "fonts.googleapis" not in css


def test_raw_sources_are_not_copied(sample):
    site, _ = sample
    leaked = [p.name for p in site.rglob("*") if p.suffix in (".yml", ".yaml", ".csv")]
    assert leaked == []


def test_search_finds_every_entity_by_title_and_id(sample):
    site, view = sample
    text = " ".join(record["meta"]["title"] + " " + record["content"] for record in search_records(site))
    for entity in (e for kind in KINDS for e in view.of_kind(kind)):
        assert entity.title.split()[0] in text, entity.key
        assert f"{entity.kind}:{entity.id}" in text, entity.key


def test_sidebar_has_kind_sections_but_no_entity_pages(sample):
    site, view = sample
    html = (site / "index.html").read_text(encoding="utf-8")
    sidebar = html[html.index("md-sidebar--primary"):html.index("md-sidebar--secondary")]
    for kind in ("goals", "kpis", "tactics", "policies"):
        assert f'href="{kind}/"' in sidebar
    for entity in view.graph.entities.values():
        assert f'href="{KINDS[entity.kind]}/{entity.id}/"' not in sidebar


GOAL = "title: Recruit talent\ndepartment: people\nsupports: growth\n"


def test_strict_build_with_dangling_reference_fails_before_writing(tmp_path):
    project = write_project(tmp_path, {
        "strategies/growth.yml": "title: Growth\nstatement: Grow.\nhorizon: {start: 2026-01-01, end: 2028-12-31}\n",
        "departments/people.yml": "title: People\nhead: Ana\nsocial_media: {role: Hiring}\n",
        "goals/recruit-talent.yml": GOAL,
        "kpis/applications.yml": "title: Applications\nmeasures: recruit-talnet\n",
    })
    (project / "site").mkdir()
    (project / "site" / "keep.html").write_text("previous site")
    proc = mkdocs_build(project, "--strict")
    assert proc.returncode != 0
    assert "kpis/applications.yml:2:11: PB102" in proc.stderr
    assert "did you mean 'recruit-talent'" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert [p.name for p in (project / "site").iterdir()] == ["keep.html"]


def test_content_warning_fails_strict_build_only(tmp_path):
    project = write_project(tmp_path, {"channels/linkedin.yml": "title: LinkedIn\nplatform: LinkedIn\n",
                                       "stray.yml": "title: stray\n"})
    assert mkdocs_build(project).returncode == 0
    strict = mkdocs_build(project, "--strict")
    assert strict.returncode != 0 and "stray.yml:1:1: PB008" in strict.stderr


def test_repository_mkdocs_yml_uses_the_plugin():
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "- playbook" in text and "font: false" in text


def test_plugin_as_of_accepts_an_unquoted_date(tmp_path):
    project = write_project(tmp_path, {"channels/linkedin.yml": "title: LinkedIn\nplatform: LinkedIn\n"},
                            options="      as_of: 2026-06-01")
    proc = mkdocs_build(project, "--strict")
    assert proc.returncode == 0, proc.stderr
    assert 'datetime="2026-06-01"' in (project / "site" / "scorecard" / "index.html").read_text(encoding="utf-8")


def test_tags_link_to_a_listing_of_their_pages(sample):
    site, view = sample
    goal = next(g for g in view.of_kind("goal") if g.data.get("tags"))
    page = page_of(site, goal)
    tag_links = [h for t, a in parse(page).elements if t == "a" and "md-tag" in a.get("class", "") for h in [a["href"]]]
    assert len(tag_links) == len(goal.data["tags"])
    listing = resolve(site, page, tag_links[0])
    assert listing == site / "tags" / "index.html"
    assert links_to(site, listing, page)
