"""Every link in every page resolves, or the checker says so (PB109, PB105).

Dead relative links of every sort are reported with file, line and column and never
reach the site as a link; generated pages are linked by name (`[[page:team]]`,
`[[mode:incident]]`) or by their path (`../team.md`), and a page the edition does not
render leaves plain words. Real sites are built with MkDocs and every href of every page
is checked against the files in the output folder.
"""
from __future__ import annotations

import re
import shutil

import pytest

from playbook.check.checker import check
from playbook.check.page_links import MAX_HINTS
from playbook.cli.commands import main
from playbook.site.all_pages import SiteOptions, render_site

from .contenttree import AS_OF, GOLDEN, copy_minimal, write_tree
from .sitebuild import broken_links, mkdocs_build, parse, write_project
from .test_render import Parsed, html_of, target_of

DEAD = {  # name: (line of a free page at pages/team/guide.md, the target as written)
    "relative up-levels": ("See [the goal](../../goals/../kpis/../goals/nope.yml) now.", "../../goals/../kpis/../goals/nope.yml"),
    "missing .yml": ("See [missing goal](../../goals/nope.yml).", "../../goals/nope.yml"),
    "missing .md": ("See [missing page](nope.md).", "nope.md"),
    "wrong kind folder": ("See [the goal](../../goal/win-leads.yml).", "../../goal/win-leads.yml"),
    "anchor on a missing page": ("See [its part](../onboardin.md#first-day).", "../onboardin.md#first-day"),
    "trailing slash": ("See [the scorecard](../../scorecard/).", "../../scorecard/"),
    "a folder": ("See [all goals](../../goals/).", "../../goals/"),
    "URL-encoded name": ("See [the page](n%6Fpe.md).", "n%6Fpe.md"),
    "letter case": ("See [the goal](../../goals/Win-Leads.yml).", "../../goals/Win-Leads.yml"),
    "a file published as no page": ("See [the data](../../measurements/qualified-leads.csv).",
                                    "../../measurements/qualified-leads.csv"),
    "raw HTML": ('See <a href="../../kpis/nope.yml">the KPI</a>.', "../../kpis/nope.yml"),
    "reference link": ("See [the plan][plan].\n\n[plan]: ../../initiatives/nope.yml", "../../initiatives/nope.yml"),
}


def where(text: str, target: str, first_line: int) -> tuple[int, int]:
    """Line and column of the target as written (a reference link's, at its definition)."""
    before = text[:text.index(target)]
    return first_line + before.count("\n"), len(before) - (before.rfind("\n") + 1) + 1


def guide(line: str) -> str:
    return f"---\ntitle: Team guide\n---\nIntro.\n\n{line}\n"


@pytest.mark.parametrize("name", list(DEAD))
def test_a_dead_link_is_reported_where_it_is_written_and_never_published(tmp_path, name):
    line, target = DEAD[name]
    root = write_tree(copy_minimal(tmp_path / "content"), {
        "pages/team/guide.md": guide(line), "pages/onboarding.md": "---\ntitle: Onboarding\n---\nHello.\n"})
    result = check(root, as_of=None)
    found = [(d.file, d.line, d.column) for d in result.errors if d.code == "PB109"]
    assert found == [("pages/team/guide.md", *where(line, target, 6))], result.diagnostics
    assert [d for d in result.errors if d.code != "PB109"] == []
    pages = {p.path: p for p in render_site(result, SiteOptions(as_of=result.as_of))}
    html = html_of(pages["pages/team/guide.md"])
    for href in Parsed(html).hrefs():
        assert not (target_of(pages, "pages/team/guide.md", href) or "").startswith("missing:"), href
    words = re.search(r"\[([^\]]+)\]|>([^<]+)</a>", line).groups()
    assert (words[0] or words[1]) in Parsed(html).text


def test_links_in_entity_bodies_and_markdown_fields_are_checked(tmp_path):
    root = write_tree(copy_minimal(tmp_path / "content"), {
        "goals/win-leads.yml": None,
        "goals/win-leads.md": "---\ntitle: Collect 300 qualified leads\ndepartment: sales\nsupports: grow-online\n"
                              "perspective: customer\n---\nRun by [the team](../team/), see [[page:team]].\n",
        "tactics/webinars.yml": "title: Monthly product webinars\nserves: win-leads\nchannels: linkedin\n"
                                "call_to_action: Register\nbody: |\n  Leads land in [the report](report.md).\n",
    })
    found = sorted((d.file, d.line, d.column, d.code) for d in check(root, as_of=None).errors)
    assert found == [("goals/win-leads.md", 7, 19, "PB109"), ("tactics/webinars.yml", 5, 7, "PB109")]


@pytest.mark.parametrize("reference, words", [
    ("[[page:scorecrd]]", "did you mean 'scorecard'?"),
    ("[[page:registry]]", "pages: accounts, alignment"),
    ("[[page:goal]]", "did you mean 'goals'?"),
    ("[[mode:incidnet]]", "did you mean 'incident'?"),
    ("[[mode:steady]]", "the default mode"),
])
def test_an_unknown_generated_page_is_reported_with_what_would_fit(tmp_path, reference, words):
    root = write_tree(copy_minimal(tmp_path / "content"), {"pages/guide.md": guide(f"Go to {reference} now.")})
    found = [d for d in check(root, as_of=None).errors if d.code == "PB105"]
    assert [(d.file, d.line, d.column) for d in found] == [("pages/guide.md", 6, 7)]
    assert words in found[0].message


def test_validate_strict_reports_the_examples_with_file_line_and_column(tmp_path, capsys, monkeypatch):
    root = write_tree(copy_minimal(tmp_path / "content"), {"pages/guide.md": guide(
        "[Team](../team.md), [missing goal](../goals/nope.yml) and [missing page](nope.md).")})
    monkeypatch.chdir(root)
    assert main(["validate", ".", "--strict", "--as-of", AS_OF]) == 1
    out = capsys.readouterr().out
    assert "pages/guide.md:6:36: error PB109 link '../goals/nope.yml' leads to no page" in out
    assert "pages/guide.md:6:74: error PB109 link 'nope.md' leads to no page" in out
    assert "team.md" not in out  # the Team page's path is a page: without people, its words stay plain


# Real sites: the operations playbook (people, accounts, an incident mode) with every dead link
# in a public free page, built in the internal and the public edition.

LINKS = "\n\n".join(line for line, __ in DEAD.values()) + """

Generated pages: [[page:team]], [[page:accounts|the registry]], [[mode:incident]], [[page:due]], [[page:calendar]],
[[page:scorecard]], [[page:goals]], [[page:policies]], [Team by its path](../../team.md), [the map](../../alignment.md).
"""
SHOWN_INTERNALLY = {"Team": "team", "the registry": "accounts", "In an incident": "modes/incident",
                    "What's due": "due", "Content calendar": "calendar", "Team by its path": "team"}
ALWAYS = {"Scorecard": "scorecard", "Goals": "goals", "Policy register": "policies", "the map": "alignment"}


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    built = {}
    for edition in ("internal", "public"):
        folder = tmp_path_factory.mktemp(edition)
        project = write_project(folder, {}, options=f"      edition: {edition}\n      as_of: '{AS_OF}'")
        shutil.rmtree(project / "content", ignore_errors=True)
        shutil.copytree(GOLDEN / "clean-operations" / "content", project / "content")
        write_tree(project / "content", {
            "pages/team/guide.md": f"---\ntitle: Team guide\nvisibility: public\n---\n{LINKS}",
            "pages/onboarding.md": "---\ntitle: Onboarding\nvisibility: public\n---\nSee the [guide](team/guide.md).\n",
        })
        strict = mkdocs_build(project, "--strict")
        assert strict.returncode != 0 and "PB109" in strict.stderr  # the dead links stop the build
        config = project / "content" / "playbook.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("rules:\n", "rules:\n  PB109: warning\n"),
                          encoding="utf-8")
        done = mkdocs_build(project)
        assert done.returncode == 0, done.stderr
        built[edition] = (project / "site", strict.stderr)
    return built


@pytest.mark.parametrize("edition", ["internal", "public"])
def test_no_page_of_the_built_site_holds_a_dead_link(sites, edition):
    site, __ = sites[edition]
    checked, broken = broken_links(site)
    assert checked > 100 and broken == []


@pytest.mark.parametrize("edition", ["internal", "public"])
def test_the_built_guide_links_what_exists_and_keeps_the_words_of_the_rest(sites, edition):
    site, __ = sites[edition]
    page = site / "pages" / "team" / "guide" / "index.html"
    links = anchors(page.read_text(encoding="utf-8"))
    for line, __ in DEAD.values():
        words = re.search(r"\[([^\]]+)\]|>([^<]+)</a>", line).groups()
        assert links.get(words[0] or words[1], "") == ""  # the words stay, without a target
    expected = {**ALWAYS, **(SHOWN_INTERNALLY if edition == "internal" else {})}
    for words, folder in expected.items():
        assert links[words] and (page.parent / links[words] / "index.html").resolve() == site / folder / "index.html"
    if edition == "public":
        text = parse(page)
        assert not [h for h in text.hrefs() if "team" in h or "accounts" in h or "modes" in h or "due" in h]
        assert all(words not in links or links[words] == "" for words in SHOWN_INTERNALLY if words != "Team")


@pytest.mark.parametrize("edition", ["internal", "public"])
def test_the_strict_build_names_each_dead_link_where_it_is_written(sites, edition):
    __, stderr = sites[edition]
    for n, (line, target) in enumerate(DEAD.values()):
        row, at = where(line, target, 5 + 2 * n)
        assert f"content/pages/team/guide.md:{row}:{at}: PB109 link '{target}'" in stderr, (target, stderr[-3000:])


def anchors(html: str) -> dict[str, str]:
    """Link text -> href ('' for a link without a target) of the page's article."""
    article = html[html.index("<article"):html.index("</article>")]
    out = {}
    for attrs, inner in re.findall(r"<a\b([^>]*)>(.*?)</a>", article, re.S):
        href = re.search(r'href="([^"]*)"', attrs)
        out[Parsed(inner).text.strip()] = href.group(1) if href else ""
    return out


def test_every_dead_link_is_reported_but_only_the_first_ones_weigh_every_page_name(tmp_path):
    count = MAX_HINTS + 5
    text = "\n".join(f"[goal {n}](../goals/win-lead{n % 10}.yml)" for n in range(count))
    root = write_tree(copy_minimal(tmp_path / "content"), {"pages/many.md": f"---\ntitle: Many\n---\n{text}\n"})
    found = sorted((d for d in check(root, as_of=None).errors if d.code == "PB109"), key=lambda d: d.line)
    assert [d.line for d in found] == list(range(4, 4 + count))
    hinted = ["did you mean '../goals/win-leads.yml'" in d.message for d in found]
    assert hinted == [True] * MAX_HINTS + [False] * 5
