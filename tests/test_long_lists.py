"""A long relation list on an entity page names its first entities and links to the whole list on
the kind's index page; a short one is shown whole. Counted are the entities the edition shows."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from playbook.check.checker import check
from playbook.site.all_pages import SiteOptions, render_site
from playbook.site.render.long_lists import SHOWN

from .contenttree import AS_OF, copy_minimal, write_tree
from .sitebuild import mkdocs_build, write_project

LINK = re.compile(r'<a href="[^"]*goals/(g-\d+)/">')
PAGE_BOUND = 40 * 1024
"""The most HTML an entity page may weigh."""


def goals(count: int, visibility: dict[int, str] | None = None) -> dict[str, str]:
    """Goals g-000 ... each with its own title, some of them at another visibility."""
    visibility = visibility or {}
    return {f"goals/g-{n:03d}.yml": f"title: Goal number {n:03d}\nsupports: grow-online\ndepartment: sales\n"
            f"due: '2027-06-30'\nvisibility: {visibility.get(n, 'internal')}\n" for n in range(count)}


def initiative(name: str, delivers: list[str], visibility: str = "internal") -> dict[str, str]:
    return {f"initiatives/{name}.yml": f"title: Initiative {name}\nphase: One\nstart: '2026-01-01'\nend: '2027-12-31'\n"
            f"visibility: {visibility}\ndelivers: [{', '.join(delivers)}]\n"}


def content(tmp_path, files: dict[str, str]):
    root = copy_minimal(tmp_path / "content")
    write_tree(root, {"playbook.yml": "rules:\n  PB202: off\n", **files})
    return root


def pages(root, edition: str = "internal") -> dict[str, str]:
    result = check(root, as_of=dt.date.fromisoformat(AS_OF))
    return {p.path: p.markdown for p in render_site(result, SiteOptions(edition=edition, as_of=result.as_of))}


def field(page: str, name: str) -> str:
    """The HTML of one field of the page's details."""
    start = page.index(f"<dt>{name}</dt>")
    return page[start:page.index("</dd>", page.index("<dd>", start)) if "<ul>" not in page[start:start + 40]
                else page.index("</ul></dd>", start)]


def whole_list(index: str, anchor: str) -> str:
    start = index.index(f'id="{anchor}"')
    return index[start:index.index("</ul>", start)]


@pytest.mark.parametrize("count", [SHOWN - 1, SHOWN, SHOWN + 1, SHOWN + 5, 3 * SHOWN])
def test_a_reference_field_names_at_most_the_first_entities_then_links_to_the_whole_list(tmp_path, count):
    names = [f"g-{n:03d}" for n in range(count)]
    site = pages(content(tmp_path, {**goals(count), **initiative("wide", names)}))
    delivers = field(site["initiatives/wide.md"], "Delivers")
    index = site["initiatives/index.md"]
    anchor = "all-wide--delivers"
    if count <= SHOWN:
        assert LINK.findall(delivers) == names and "pb-more" not in delivers and anchor not in index
        return
    assert LINK.findall(delivers) == names[:SHOWN]
    more = re.search(r'<a href="([^"]+)" class="pb-more">and (\d+) more</a>', delivers)
    assert more and more[1] == f"../#{anchor}" and int(more[2]) == count - SHOWN
    assert LINK.findall(whole_list(index, anchor)) == names
    assert f"Initiative wide</a>: Delivers ({count})" in index


@pytest.mark.parametrize("count", [SHOWN - 1, SHOWN, SHOWN + 1, SHOWN + 4, 2 * SHOWN])
def test_backlinks_name_at_most_the_first_entities_then_link_to_the_whole_list(tmp_path, count):
    """Initiatives that deliver one goal: its "Delivered by" is cut short like a field."""
    files = {**goals(1)}
    for n in range(count):
        files.update(initiative(f"i-{n:03d}", ["g-000"]))
    site = pages(content(tmp_path, files))
    page = site["goals/g-000.md"]
    listed = re.findall(r'<a href="../../initiatives/(i-\d+)/">', page[page.index("pb-backlinks"):])
    names = [f"i-{n:03d}" for n in range(count)]
    more = re.search(r'<a href="([^"]+)" class="pb-more">and (\d+) more</a>', page)
    if count <= SHOWN:
        assert listed == names and more is None and "all-g-000" not in site["goals/index.md"]
        return
    assert listed == names[:SHOWN] and more[1] == "../#all-g-000--delivered-by" and int(more[2]) == count - SHOWN
    full = whole_list(site["goals/index.md"], "all-g-000--delivered-by")
    assert re.findall(r'<a href="../initiatives/(i-\d+)/">', full) == names


@pytest.mark.parametrize("edition, hidden, expect_more", [
    ("internal", {SHOWN: "confidential"}, 0),
    ("public", {0: "internal"}, 0),
    ("public", {0: "internal", 3: "confidential"}, 0),
    ("internal", {}, 1),
    ("confidential", {SHOWN: "confidential"}, 1),
])
def test_hidden_entities_are_not_counted_in_an_edition_that_hides_them(tmp_path, edition, hidden, expect_more):
    """SHOWN + 1 goals, some hidden from the edition: in a reference field they read "a restricted
    item" and are not counted, and their titles reach no page."""
    count = SHOWN + 1
    vis = {n: "public" for n in range(count)} | hidden
    files = {**goals(count, vis), **initiative("wide", [f"g-{n:03d}" for n in range(count)], visibility="public")}
    site = pages(content(tmp_path, {**files, **_public_chain()}), edition)
    delivers = field(site["initiatives/wide.md"], "Delivers")
    shown = [f"g-{n:03d}" for n in range(count) if _shows(edition, vis[n])]
    more = re.search(r'class="pb-more">and (\d+) more</a>', delivers)
    assert (int(more[1]) if more else 0) == expect_more
    assert LINK.findall(delivers) == shown[:SHOWN]
    everything = "\n".join(site.values())
    for n, level in hidden.items():
        if not _shows(edition, level):
            assert f"Goal number {n:03d}" not in everything and f"g-{n:03d}" not in everything


def _shows(edition: str, level: str) -> bool:
    order = ["public", "internal", "confidential"]
    return order.index(level) <= order.index(edition)


def _public_chain() -> dict[str, str]:
    """The minimal playbook's strategy and department, public, so public goals may support them."""
    return {"strategies/grow-online.yml": "title: Grow online\nvisibility: public\nstatement: Sell more online.\n"
                                          "horizon: {start: '2026-01-01', end: '2027-12-31'}\n",
            "departments/sales.yml": "title: Sales\nvisibility: public\nsupports: grow-online\n"
                                     "social_media: {role: Leads}\n"}


def test_an_entity_page_of_a_relation_of_a_thousand_weighs_under_the_bound(tmp_path):
    """One initiative delivers 600 goals, and 600 initiatives deliver one goal: the built pages stay
    under 40 KB, and every link to a whole list finds its anchor (the build is strict)."""
    folder = tmp_path / "project"
    copy_minimal(folder / "content")
    files = {**goals(600), **initiative("wide", [f"g-{n:03d}" for n in range(600)])}
    for n in range(600):
        files.update(initiative(f"i-{n:03d}", ["g-000"]))
    project = write_project(folder, {"playbook.yml": "rules:\n  PB202: off\n", **files}, options=f"      as_of: '{AS_OF}'")
    done = mkdocs_build(project, "--strict")
    assert done.returncode == 0, done.stderr[-2000:]
    site = project / "site"
    weights = {p.parent.name: p.stat().st_size for p in [site / "initiatives/wide/index.html", site / "goals/g-000/index.html"]}
    assert all(weight <= PAGE_BOUND for weight in weights.values()), weights
    index = (site / "initiatives/index.html").read_text(encoding="utf-8")
    assert index.count('href="../goals/g-') >= 600 and 'id="all-wide--delivers"' in index
    links = [(page, href) for page in site.rglob("*.html")
             for href in re.findall(r'<a href="([^"]*#all-[^"]+)" class="pb-more">', page.read_text(encoding="utf-8"))]
    assert len(links) >= 3  # the initiative's page, the goal's page and the initiatives index's row
    for page, href in links:
        target, anchor = href.split("#")
        html = ((page.parent / target).resolve() / "index.html").read_text(encoding="utf-8")
        assert f'id="{anchor}"' in html, (page, href)


@pytest.mark.parametrize("owned", [SHOWN + 1, 2 * SHOWN])
def test_a_list_the_page_shows_elsewhere_whole_is_not_cut_short(tmp_path, owned):
    """A person's page lists what they own under "What is mine", whole: no backlink to cut short,
    and no whole list on the people index that no page links to."""
    files = {"people/ann.yml": "title: Ann Owner\nposition: Lead\n",
             **{name: text + "owner: ann\n" for name, text in goals(owned).items()}}
    site = pages(content(tmp_path, files))
    person = site["people/ann.md"]
    assert "pb-more" not in person and len(LINK.findall(person)) == owned
    assert "pb-full-lists" not in site["people/index.md"]
