"""A reader's path through the site, by clicking: home, goal, KPI and back; the alignment map; a department.

Each step clicks a link the way a reader would and checks that the page it
lands on is the one the link named (its heading is the link's text). On the
department page the first link of each group is clicked and the others are
fetched, which checks the same thing faster.
"""
from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlparse

from playbook.check.alignment import goal_kpis

ENTITY = r"^/{folder}/[a-z0-9-]+/$"


def link_to(page, pattern: str):
    """The first link in the page's article whose target path matches the pattern."""
    links = page.locator("article a[href]")
    for i, href in enumerate(links.evaluate_all("links => links.map(a => a.href)")):
        if re.search(pattern, urlparse(href).path):
            return links.nth(i)
    raise AssertionError(f"no link to {pattern} on {page.url}")


def heading(html: str) -> str:
    """The text of the page's first <h1>."""
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    return unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip() if match else ""


def follow(page, link) -> str:
    """Click the link; the page it opens is titled with the link's text. Returns the new path."""
    text = link.inner_text().strip()
    link.click()
    page.wait_for_load_state()
    assert page.locator("article h1").inner_text().strip() == text, page.url
    return urlparse(page.url).path


def test_home_to_goal_to_kpi_and_back_through_the_backlink(page):
    page.goto("/")
    goal = follow(page, link_to(page, ENTITY.format(folder="goals")))
    kpi = follow(page, link_to(page, ENTITY.format(folder="kpis")))
    assert kpi != goal
    back = follow(page, link_to(page, f"^{re.escape(goal)}$"))
    assert back == goal


def test_alignment_map_nodes_open_their_pages(page):
    page.goto("/alignment/")
    nodes = page.locator("svg.pb-alignment-map a.pb-node")
    assert nodes.count() >= 10
    for kind in ("goal", "kpi"):
        node = page.locator(f"svg.pb-alignment-map a.pb-node-{kind}").first
        tooltip = node.locator("title").first.text_content()
        target = node.evaluate("a => new URL(a.getAttribute('href'), document.baseURI).pathname")
        node.click()
        page.wait_for_url(re.compile(re.escape(target) + "$"))
        title = page.locator("article h1").inner_text().strip()
        assert title and title in tooltip
        page.go_back()


def test_department_lists_what_applies_to_it_and_every_link_works(page, site):
    graph = site.result.graph

    def applies(dept):
        goals = graph.related(dept, "goals", "goal")
        return {
            "Goals": goals,
            "Tactics": [t for g in goals for t in graph.related(g, "tactics", "tactic")],
            "KPIs": [k for g in goals for k in goal_kpis(graph, g)],
            "Policies": graph.related(dept, "policies", "policy"),
        }

    dept = max(site.entities("department"), key=lambda d: min(len(v) for v in applies(d).values()))
    published = {site.path_of(e) for kind in ("goal", "tactic", "kpi", "policy") for e in site.entities(kind)}
    expected = {group: {site.path_of(e) for e in members} & published for group, members in applies(dept).items()}
    assert all(expected.values()), f"no department with goals, tactics, KPIs and policies: {expected}"
    page.goto(site.path_of(dept))
    for group, paths in expected.items():
        card = page.locator(".pb-card", has=page.locator(".pb-card-title", has_text=group))
        links = card.locator("a[href]")
        listed = links.evaluate_all("links => links.map(a => new URL(a.href).pathname)")
        assert set(listed) == paths, group
        assert follow(page, links.first) == listed[0]
        page.go_back()
        for path, text in zip(listed[1:], links.all_inner_texts()[1:]):
            response = page.request.get(path)
            assert response.ok and heading(response.text()) == text.strip(), path
