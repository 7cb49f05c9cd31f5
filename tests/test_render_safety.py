"""Editions and sanitising in the rendered pages: nothing hidden leaks, no user text runs.

Uses the tiny playbook of test_render (one confidential goal and KPI whose text
carries the token "zetacanary"), plus a playbook whose every text is an attack.
"""
from __future__ import annotations

import re
import textwrap

import pytest

from playbook.site.all_pages import ASSETS

from .sitebuild import html_pages, mkdocs_build, parse, write_project
from .test_render import (
    TINY,
    Parsed,
    html_of,
    parsed,
    render,
    split,
    target_of,
    write_content,
)

TOKENS = re.compile(r"zetacanary|secret-plan|secret-count", re.I)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return write_content(tmp_path_factory.mktemp("tiny"), TINY)


@pytest.mark.parametrize("edition", ["public", "internal"])
def test_hidden_entities_appear_nowhere(tiny, edition):
    pages = render(tiny, edition=edition)
    assert "goals/secret-plan.md" not in pages and "kpis/secret-count.md" not in pages
    leaks = [path for path, page in pages.items() if TOKENS.search(page.markdown + page.path + page.title)]
    assert leaks == []


def test_the_confidential_edition_shows_them(tiny):
    pages = render(tiny, edition="confidential")
    assert "goals/secret-plan.md" in pages
    assert "Zetacanary takeover plan" in parsed(pages["goals/secret-plan.md"]).text
    assert split(pages["goals/secret-plan.md"])[0]["tags"] == ["zetacanary-tag"]
    assert "kpis/secret-count.md" in [target_of(pages, "alignment.md", h) for h in parsed(pages["alignment.md"]).hrefs()]


def test_reference_to_a_hidden_entity_is_plain_text(tiny):
    pages = render(tiny, edition="internal")
    for path in ("tactics/jobs-tab.md", "goals/recruit-talent.md"):
        page = parsed(pages[path])
        assert "a restricted item" in page.text, path
        assert all(target_of(pages, path, h) in pages or target_of(pages, path, h) is None for h in page.hrefs())


def test_measurements_can_be_withheld_while_the_definition_shows(tmp_path):
    files = dict(TINY)
    files["kpis/job-applications.yml"] = TINY["kpis/job-applications.yml"].replace(
        "cadence: monthly", "cadence: monthly\n        measurements_visibility: internal")
    root = write_content(tmp_path, files)
    public = render(root, edition="public")
    kpi = public["kpis/job-applications.md"]
    text = parsed(kpi).text
    assert "Tab analytics" in text and "not published" in text
    assert "tab redesigned" not in kpi.markdown and "pb-chart" not in kpi.markdown  # no chart; status shapes are drawn
    assert "not published in this edition" in parsed(public["scorecard.md"]).text
    internal = render(root, edition="internal")
    assert "tab redesigned" in internal["kpis/job-applications.md"].markdown


ATTACK = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ATTACKS = {
    "strategies/s.yml": f"""
        title: 'Strategy {ATTACK}'
        statement: '</title><script>alert(2)</script>'
        horizon: {{start: "2026-01-01", end: "2027-01-01"}}
    """,
    "goals/g.md": f"""
        ---
        title: '&lt;/title&gt;&lt;script&gt;alert(3)&lt;/script&gt; {ATTACK}'
        summary: '"><script>alert(4)</script>'
        tags: ['<script>alert(5)</script>']
        supports: s
        department: d
        target: '<iframe src="https://evil.test/"></iframe>'
        ---
        # Body {ATTACK}

        [a](javascript:alert(6)) [b](JaVaScRiPt:alert(7)) [c](jav&#x61;script:alert(8))
        [d](data:text/html;base64,PHNjcmlwdD4=) [e](vbscript:msgbox) [f]( javascript:alert(9))
        <a href="java
        script:alert(10)">g</a> <svg onload=alert(11)><circle r=1 /></svg>
        <p style="background:url(javascript:alert(12))" onclick="alert(13)">p</p>
        <iframe src="https://evil.test/"></iframe><object data="x"></object><form><input></form>
        <img src="https://evil.test/pixel.png"> <img src="//evil.test/p.png">
        [[kpi:k|<script>alert(14)</script>]]
    """,
    "departments/d.yml": f"""
        title: 'Dept {ATTACK}'
        head: '<b onmouseover=alert(15)>x</b>'
        social_media: {{role: '<script>alert(16)</script>'}}
    """,
    "kpis/k.yml": f"""
        title: 'KPI {ATTACK}'
        measures: g
        unit: '<script>alert(17)</script>'
        direction: increase
        baseline: {{value: 1, date: "2026-01-01"}}
        target: {{value: 2, date: "2027-01-01"}}
        source: '<script>alert(18)</script>'
        cadence: monthly
    """,
    "channels/c.yml": f"""
        title: 'Channel {ATTACK}'
        platform: x
        url: 'https://example.test/"onmouseover="alert(19)'
    """,
    "pages/p.md": f"""
        ---
        title: 'Page {ATTACK}'
        ---
        Text {ATTACK} [x](javascript:alert(20))
    """,
}
SAFE_SCHEMES = ("http:", "https:", "mailto:")


def unsafe(elements) -> list:
    """Elements or attributes that could run script or load from elsewhere."""
    found = []
    for tag, attrs in elements:
        if tag in ("script", "iframe", "object", "embed", "form", "input", "style"):
            found.append((tag, attrs))
        for name, value in attrs.items():
            value = value or ""
            if name.startswith("on"):
                found.append((tag, name))
            if name == "style" and not (tag == "svg" and "pb-chart" in attrs.get("class", "")):
                found.append((tag, name))
            if name in ("href", "src", "xlink:href", "action", "formaction", "data"):
                scheme = re.match(r"^\s*([a-z][a-z0-9+.\-]*):", value.replace("\n", ""), re.I)
                if scheme and not value.lower().startswith(SAFE_SCHEMES):
                    found.append((tag, name, value))
                if name == "src" and (scheme or value.startswith("//")):
                    found.append((tag, name, value))
    return found


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    return write_content(tmp_path_factory.mktemp("attacked"), ATTACKS)


def test_no_user_text_becomes_script_or_unsafe_link(attacked):
    pages = render(attacked, edition="confidential")
    assert {"goals/g.md", "pages/p.md", "channels/c.md"} <= set(pages)
    for path, page in pages.items():
        assert unsafe(parsed(page).elements) == [], path


def test_user_text_reads_as_written(attacked):
    page = parsed(render(attacked)["goals/g.md"])
    assert f'&lt;/title&gt;&lt;script&gt;alert(3)&lt;/script&gt; {ATTACK}' in page.text
    meta, _ = split(render(attacked)["goals/g.md"])
    assert "<" not in meta["title"] and "<" not in meta["description"] and "<" not in meta["tags"][0]


def test_a_real_build_of_the_attacked_playbook_runs_no_injected_script(tmp_path):
    project = write_project(tmp_path, {name: textwrap.dedent(text).lstrip("\n") for name, text in ATTACKS.items()})
    proc = mkdocs_build(project)
    assert proc.returncode == 0, proc.stderr
    for page in html_pages(project / "site"):
        html = page.read_text(encoding="utf-8")
        parser = Parsed(html)
        assert "alert(" not in " ".join(
            html.split("<script")[i].split("</script>")[0] for i in range(1, html.count("<script") + 1)), page
        assert not [a for t, a in parser.elements for n in a if n.startswith("on")], page
        assert not [h for h in parse(page).hrefs() if re.match(r"\s*(javascript|vbscript|data):", h, re.I)], page


def test_assets_make_no_request_elsewhere():
    for name, data in ASSETS.items():
        assert not re.search(rb"https?://|//[a-z0-9.-]+\.[a-z]{2,}/|@import", data), name


def test_markdown_of_sanitised_body_stays_one_raw_block(attacked):
    html = html_of(render(attacked)["pages/p.md"])
    assert "Text" in html and "<script" not in html
