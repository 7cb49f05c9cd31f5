"""The engine's pages, read back as a browser would: Markdown -> HTML -> parsed elements.

A tiny playbook is written to a temporary folder, checked, rendered with
`render_site`, and each page converted with python-markdown using the site's
extensions, so links, text and structure are asserted on real HTML.
"""
from __future__ import annotations

import datetime as dt
import re
import textwrap
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import markdown
import pytest
import yaml

from playbook.check.checker import check
from playbook.check.site_paths import page_url, url
from playbook.content.model import KINDS, VISIBILITY_LEVELS
from playbook.site.all_pages import (
    ASSETS,
    SiteOptions,
    build_site,
    nav_order,
    render_site,
)

AS_OF = dt.date(2026, 7, 1)
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details"]

TINY = {
    "strategies/grow.yml": """
        title: Grow the business
        visibility: public
        statement: Double revenue by 2028.
        horizon: {start: "2026-01-01", end: "2028-12-31"}
    """,
    "departments/hr.yml": """
        title: Human Resources
        visibility: public
        head: Pat Lee
        supports: grow
        social_media: {role: Reach candidates where they already are.}
    """,
    "goals/recruit-talent.md": """
        ---
        title: Recruit talent
        visibility: public
        owner: Pat Lee
        tags: [hiring]
        supports: grow
        department: hr
        due: "2027-06-30"
        ---
        Progress is tracked by [[kpi:job-applications]]; see also [[tactic:jobs-tab|the tab]]
        and [[goal:secret-plan]].
    """,
    "tactics/jobs-tab.yml": """
        title: Facebook jobs tab
        visibility: public
        serves: [recruit-talent, secret-plan]
        channels: facebook
        call_to_action: Apply on the jobs tab.
    """,
    "channels/facebook.yml": """
        title: Facebook page
        visibility: public
        platform: Facebook
        url: https://www.facebook.com/example
    """,
    "kpis/job-applications.yml": """
        title: Job applications through the tab
        visibility: public
        measures: recruit-talent
        unit: applications
        direction: increase
        baseline: {value: 40, date: "2026-01-01"}
        target: {value: 120, date: "2027-06-30"}
        source: Tab analytics
        cadence: monthly
    """,
    "measurements/job-applications.csv": """
        date,value,note
        2026-01-01,40,
        2026-03-01,52,
        2026-06-01,75,tab redesigned
    """,
    "goals/secret-plan.md": """
        ---
        title: Zetacanary takeover plan
        visibility: confidential
        summary: Zetacanary summary.
        tags: [zetacanary-tag]
        supports: grow
        department: hr
        ---
        Zetacanary body.
    """,
    "kpis/secret-count.yml": """
        title: Zetacanary count
        visibility: confidential
        measures: secret-plan
        unit: deals
        direction: increase
        baseline: {value: 1, date: "2026-01-01"}
        target: {value: 5, date: "2027-01-01"}
        source: Zetacanary ledger
        cadence: monthly
    """,
}


def write_content(root, files: dict[str, str]):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def render(root, **options) -> dict[str, object]:
    result = check(root, as_of=AS_OF)
    return {p.path: p for p in render_site(result, SiteOptions(as_of=AS_OF, **options))}


def split(page) -> tuple[dict, str]:
    """(front matter, Markdown body) of a page."""
    _, front, body = page.markdown.split("---\n", 2)
    return yaml.safe_load(front), body


class Parsed(HTMLParser):
    """Every element with its attributes, plus the text of the page."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.chunks: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.chunks.append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.chunks).split())

    def hrefs(self) -> list[str]:
        return [a["href"] for tag, a in self.elements if tag == "a" and "href" in a]


def html_of(page) -> str:
    return markdown.markdown(split(page)[1], extensions=EXTENSIONS)


def parsed(page) -> Parsed:
    return Parsed(html_of(page))


def target_of(pages: dict, from_path: str, href: str, directory_urls: bool = True) -> str | None:
    """The page path a relative link lands on (None for links leaving the site)."""
    if "://" in href or href.startswith(("mailto:", "tel:", "//")):
        return None
    base = "http://site.test/" + page_url(from_path, directory_urls)
    landed = urljoin(base, href).split("#")[0].removeprefix("http://site.test/")
    for path in pages:
        if page_url(path, directory_urls) == landed:
            return path
    return "missing:" + landed


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return write_content(tmp_path_factory.mktemp("tiny"), TINY)


@pytest.fixture(scope="module")
def internal(tiny):
    return render(tiny)


def test_goal_page_links_to_each_kpi_and_the_kpi_page_links_back(internal):
    goal, kpi = "goals/recruit-talent.md", "kpis/job-applications.md"
    assert kpi in [target_of(internal, goal, h) for h in parsed(internal[goal]).hrefs()]
    assert goal in [target_of(internal, kpi, h) for h in parsed(internal[kpi]).hrefs()]


def test_every_internal_link_lands_on_a_page_in_both_url_modes(tiny):
    for directory_urls in (True, False):
        pages = render(tiny, directory_urls=directory_urls)
        for path, page in pages.items():
            for href in parsed(page).hrefs():
                landed = target_of(pages, path, href, directory_urls)
                assert landed is None or landed in pages, (path, href)


def test_alignment_statement_is_written_from_the_data(internal):
    statement = next(p for p in parsed_blocks(internal["goals/recruit-talent.md"]) if "pursues" in p)
    assert statement == (
        "The Human Resources department pursues the goal Recruit talent in support of the strategy "
        "Grow the business. It works toward it through the tactic Facebook jobs tab, whose call to action "
        "is \u201cApply on the jobs tab\u201d, and measures progress by Job applications through the tab "
        "(applications; 40 \u2192 120 by 30 Jun 2027).")


def parsed_blocks(page) -> list[str]:
    """The text of each <p class="pb-statement">."""
    html = html_of(page)
    out = []
    for chunk in html.split('<p class="pb-statement">')[1:]:
        out.append(Parsed(chunk.split("</p>")[0]).text)
    return out


def test_alignment_statement_says_what_is_missing(tmp_path):
    root = write_content(tmp_path, {"goals/lonely.yml": "title: Lonely goal\ndepartment: nobody\n"})
    pages = render(root)
    assert parsed_blocks(pages["goals/lonely.md"]) == [
        "The Lonely goal supports no strategy yet, and no department owns it. "
        "No tactic works toward it and nothing measures its progress yet."]


def test_several_tactics_and_kpis_are_listed(tmp_path):
    files = dict(TINY)
    files["tactics/open-day.yml"] = "title: Open day posts\nvisibility: public\nserves: recruit-talent\ncall_to_action: Book a visit.\n"
    files["kpis/visits.yml"] = ("title: Open day visits\nvisibility: public\nmeasures: open-day\nunit: visits\n"
                                "target: {value: 30, date: \"2027-01-31\"}\n")
    text = parsed_blocks(render(write_content(tmp_path, files))["goals/recruit-talent.md"])[0]
    assert ("through the tactics Facebook jobs tab (\u201cApply on the jobs tab\u201d) and "
            "Open day posts (\u201cBook a visit\u201d)") in text
    assert "Job applications through the tab (applications; 40 \u2192 120 by 30 Jun 2027) and " \
           "Open day visits (visits; target 30 by 31 Jan 2027)" in text


def test_inline_references_become_links_carrying_the_title_or_label(internal):
    page = parsed(internal["goals/recruit-talent.md"])
    links = {text: href for text, href in anchors(html_of(internal["goals/recruit-talent.md"]))}
    assert target_of(internal, "goals/recruit-talent.md", links["Job applications through the tab"]) == "kpis/job-applications.md"
    assert target_of(internal, "goals/recruit-talent.md", links["the tab"]) == "tactics/jobs-tab.md"
    assert "[[" not in page.text


def anchors(html: str) -> list[tuple[str, str]]:
    """(text, href) of every link."""
    out = []
    for chunk in html.split("<a ")[1:]:
        tag, _, rest = chunk.partition(">")
        href = Parsed(f"<a {tag}>").elements[0][1].get("href", "")
        out.append((Parsed(rest.split("</a>")[0]).text, href))
    return out


def test_unknown_inline_reference_is_plain_text(tmp_path):
    root = write_content(tmp_path, {"goals/g.md": "---\ntitle: G\n---\nSee [[kpi:nowhere]] and [[kpi:gone|the old one]].\n"})
    page = parsed(render(root)["goals/g.md"])
    assert "See kpi:nowhere and the old one." in page.text
    assert not [h for h in page.hrefs() if "nowhere" in h or "gone" in h]


def test_relative_links_to_content_files_point_at_their_pages(tmp_path):
    root = write_content(tmp_path, {
        "goals/g.md": "---\ntitle: G\n---\nSee [h](h.yml#why), [guide](../pages/team/guide.md) and [s](../goals/secret.yml).\n",
        "goals/h.yml": "title: H\n",
        "goals/secret.yml": "title: S\nvisibility: confidential\n",
        "pages/team/guide.md": "---\ntitle: Guide\n---\nBack to [G](../../goals/g.md) or [elsewhere](https://example.org/x.md).\n",
    })
    pages = render(root)
    goal = dict(anchors(html_of(pages["goals/g.md"])))
    assert goal["h"] == "../h/#why"
    assert target_of(pages, "goals/g.md", goal["guide"]) == "pages/team/guide.md"
    assert goal["s"] == ""  # a hidden entity's file keeps its words but loses its target
    guide = dict(anchors(html_of(pages["pages/team/guide.md"])))
    assert target_of(pages, "pages/team/guide.md", guide["G"]) == "goals/g.md"
    assert guide["elsewhere"] == "https://example.org/x.md"


@pytest.mark.parametrize("from_path, to_path, with_dirs, without_dirs", [
    ("goals/a.md", "kpis/b.md", "../../kpis/b/", "../kpis/b.html"),
    ("goals/a.md", "goals/a.md", "./", "a.html"),
    ("goals/a.md", "index.md", "../../", "../index.html"),
    ("index.md", "goals/index.md", "goals/", "goals/index.html"),
    ("goals/index.md", "goals/a.md", "a/", "a.html"),
    ("scorecard.md", "kpis/index.md", "../kpis/", "kpis/index.html"),
    ("pages/team/onboarding.md", "index.md", "../../../", "../../index.html"),
])
def test_url_is_relative_to_the_page_in_both_modes(from_path, to_path, with_dirs, without_dirs):
    assert url(from_path, to_path, True) == with_dirs
    assert url(from_path, to_path, False) == without_dirs
    assert url(from_path, to_path, True, "x") == with_dirs + "#x"


def test_status_is_shown_in_words(internal):
    for path in ("kpis/job-applications.md", "scorecard.md", "goals/recruit-talent.md", "index.md"):
        badges = [c for t, a in parsed(internal[path]).elements for c in [a.get("class", "")] if "pb-badge--" in c]
        assert badges, path
    kpi = parsed(internal["kpis/job-applications.md"]).text
    assert "Status on track" in kpi or "Status at risk" in kpi or "Status off track" in kpi
    assert "Latest 75 applications on 1 Jun 2026" in kpi


def test_status_depends_on_the_as_of_date(tiny):
    early = check(tiny, as_of=dt.date(2026, 3, 15))
    late = check(tiny, as_of=dt.date(2026, 12, 31))
    texts = [Parsed(markdown.markdown(split(next(p for p in render_site(r, SiteOptions(as_of=r.as_of))
                                                 if p.path == "kpis/job-applications.md"))[1], extensions=EXTENSIONS)).text
             for r in (early, late)]
    assert "Latest 52 applications on 1 Mar 2026" in texts[0]
    assert "Status stale" in texts[1] and "Stale data" in texts[1] and "stale" not in texts[0]
    assert "on its own it would read" in texts[1]


def test_pages_have_front_matter_with_title_description_and_tags(internal):
    meta, _ = split(internal["goals/recruit-talent.md"])
    assert meta["title"] == "Recruit talent"
    assert meta["tags"] == ["hiring"]
    assert meta["search"] == {"boost": 2}
    assert not internal["goals/recruit-talent.md"].in_nav
    assert internal["goals/index.md"].in_nav and internal["goals/index.md"].section == "Goals"
    assert "goal:recruit-talent" in parsed(internal["goals/recruit-talent.md"]).text


def test_pages_come_in_sidebar_order(internal):
    sections = list(dict.fromkeys(p.section for p in internal.values() if p.in_nav))
    order = nav_order()
    assert sections == sorted(sections, key=order.index)
    assert list(internal)[0] == "index.md"


def test_every_page_the_brief_lists_is_there(internal):
    for path in ("index.md", "alignment.md", "scorecard.md", "roadmap.md", "policies/index.md",
                 "maturity/index.md", "goals/index.md", "kpis/index.md", "departments/hr.md", "channels/facebook.md"):
        assert path in internal
    assert {"assets/playbook.css", "assets/playbook.js"} <= set(ASSETS)


def test_department_and_channel_pages_list_what_applies_there(internal):
    for path in ("departments/hr.md", "channels/facebook.md"):
        landed = {target_of(internal, path, h) for h in parsed(internal[path]).hrefs()}
        assert {"goals/recruit-talent.md", "kpis/job-applications.md", "tactics/jobs-tab.md"} <= landed, path


def test_rendering_twice_gives_identical_pages(tiny):
    assert render(tiny) == render(tiny)


def test_alignment_map_marks_orphans_and_links_every_node(tmp_path):
    files = dict(TINY)
    files["tactics/stray.yml"] = "title: Stray tactic\nvisibility: public\ncall_to_action: Click.\n"
    pages = render(write_content(tmp_path, files))
    page = parsed(pages["alignment.md"])
    assert "Tactic Stray tactic: serves no goal" in page.text
    svg_links = [a.get("href") for t, a in page.elements if t == "a"]
    assert target_of(pages, "alignment.md", "../tactics/stray/") == "tactics/stray.md"
    assert "../tactics/stray/" in svg_links


SAMPLE = Path(__file__).resolve().parents[1] / "content"


@pytest.fixture(scope="module")
def sample():
    result = check(SAMPLE, as_of=AS_OF)
    assert result.errors == []
    return result


@pytest.mark.parametrize("edition", ["public", "internal", "confidential"])
@pytest.mark.parametrize("directory_urls", [True, False])
def test_sample_playbook_renders_with_every_link_landing(sample, edition, directory_urls):
    site = build_site(sample, SiteOptions(edition, AS_OF, directory_urls))
    pages = {p.path: p for p in site.pages}
    shown = [e for e in sample.graph.entities.values() if VISIBILITY_LEVELS[e.visibility] <= VISIBILITY_LEVELS[edition]]
    assert {f"{KINDS[e.kind]}/{e.id}.md" for e in shown} <= set(pages)
    for path, page in pages.items():
        html = html_of(page)
        for href in Parsed(html).hrefs():
            landed = target_of(pages, path, href, directory_urls)
            assert landed is None or landed in pages or landed.removeprefix("missing:") in site.files, (path, href)
        for svg in re.findall(r"<svg\b.*?</svg>", page.markdown, re.S):
            ET.fromstring(svg)


def test_sample_playbook_renders_the_same_twice(sample):
    first = render_site(sample, SiteOptions(as_of=AS_OF))
    assert first == render_site(sample, SiteOptions(as_of=AS_OF))
