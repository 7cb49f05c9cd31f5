"""The organization's own words: `terms` in playbook.yml renames kinds, fields and statuses
everywhere a page names them (sidebar, headings, tables, sentences, charts), is escaped like
any other text, and a misspelt key is refused with a 'did you mean'."""
from __future__ import annotations

import html
import re

import pytest
from lxml import html as lxml_html

from playbook.check.checker import check
from playbook.check.config import ConfigError, load_config
from playbook.cli.commands import main
from playbook.site.all_pages import SiteOptions, render_site
from playbook.site.render.sanitize import meta_text
from tests.sitebuild import mkdocs_build

OLD = re.compile(r"\b(Goals?|KPIs?|Audiences?)\b")


@pytest.fixture(scope="module")
def agency(tmp_path_factory):
    """The public-agency template, which names objectives, residents and performance indicators."""
    folder = tmp_path_factory.mktemp("agency") / "agency"
    assert main(["init", str(folder), "--template", "public-agency"]) == 0
    done = mkdocs_build(folder, "--strict")
    assert done.returncode == 0, done.stderr[-3000:]
    return folder / "site"


def labels(page) -> list[str]:
    """Every heading, table header, sidebar entry, card title and chart heading of a page."""
    root = lxml_html.fromstring(page.read_bytes())
    found = root.xpath("//article//h1|//article//h2|//article//h3|//article//th|//nav//a|//nav//label"
                       "|//*[contains(@class,'pb-card-title')]|//*[contains(@class,'pb-column-heading')]")
    return [" ".join(e.text_content().split()) for e in found]


def test_every_heading_table_and_sidebar_uses_the_agency_words(agency):
    pages = sorted(agency.rglob("*.html"))
    assert len(pages) > 30
    old = [(p.relative_to(agency).as_posix(), text) for p in pages for text in labels(p) if OLD.search(text)]
    assert old == []
    home = labels(agency / "index.html")
    assert {"Objectives", "Residents", "Performance indicators"} <= set(home)
    assert "Objectives (2)" in labels(agency / "alignment" / "index.html")
    goals = lxml_html.fromstring((agency / "goals" / "index.html").read_bytes())
    assert goals.find(".//article//h1").text_content() == "Objectives"
    assert goals.find(".//p[@class='pb-intro']").text_content().startswith("2 objectives.")


def test_sentences_use_the_agency_words_in_lower_case(agency):
    page = (agency / "goals" / "answer-within-the-hour" / "index.html").read_text(encoding="utf-8")
    statement = lxml_html.fromstring(page).find(".//p[@class='pb-statement']").text_content()
    assert " the objective " in statement and " goal " not in statement
    scorecard = lxml_html.fromstring((agency / "scorecard" / "index.html").read_bytes())
    intro = scorecard.find(".//p[@class='pb-intro']").text_content()
    assert "Objectives roll up the worst status of their performance indicators" in intro


def write(root, terms: str) -> None:
    (root / "playbook.yml").write_text(terms, encoding="utf-8")


@pytest.mark.parametrize("terms, problem", [
    ("terms:\n  gaol: Objective\n", "'gaol' is not a kind, field or status that terms can rename; did you mean 'goal'?"),
    ("terms:\n  on-track: Going well\n", "did you mean 'on track'?"),
    ("terms:\n  ownr: Lead\n", "did you mean 'owner'?"),
    ("terms:\n  kpis: Measures\n", "did you mean 'kpi'?"),
    ("terms:\n  flibbertigibbet: X\n", "'flibbertigibbet' is not a kind, field or status"),
    ("terms:\n  goal: [A, B, C]\n", "give the word, or its singular and plural"),
    ("terms:\n  goal: 3\n", "give the word, or its singular and plural"),
    ("terms:\n  goal: ''\n", "give the word, or its singular and plural"),
    ("terms:\n  goal: {one: Objective}\n", "give the word, or its singular and plural"),
    ("term:\n  goal: Objective\n", "unknown setting 'term'; did you mean 'terms'?"),
    ("terms: [goal, Objective]\n", "'terms' must be a mapping"),
])
def test_a_wrong_term_is_a_usage_error_naming_file_line_and_column(tmp_path, terms, problem):
    write(tmp_path, terms)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    message = str(caught.value)
    assert problem in message and re.search(r"playbook\.yml:\d+:\d+: ", message)


def test_a_wrong_term_stops_the_command_line_with_exit_2(tmp_path, capsys):
    assert main(["init", str(tmp_path / "p")]) == 0
    (tmp_path / "p" / "content" / "playbook.yml").write_text("terms:\n  gaols: Objectives\n", encoding="utf-8")
    code = main(["validate", str(tmp_path / "p" / "content")])
    err = capsys.readouterr().err
    assert code == 2 and "did you mean 'goals'?" in err and "Traceback" not in err


@pytest.mark.parametrize("word", [
    "<script>alert(1)</script>", "[click](javascript:alert(1))", "# Heading", "Ob&jective <b>", "**bold** `code`",
])
def test_a_hostile_term_reads_as_written_everywhere(tmp_path, word):
    assert main(["init", str(tmp_path / "p")]) == 0
    root = tmp_path / "p" / "content"
    quoted = word.replace("'", "''")
    (root / "playbook.yml").write_text(f"terms:\n  goal: ['{quoted}', '{quoted}']\n  on track: '{quoted}'\n",
                                       encoding="utf-8")
    result = check(root)
    pages = render_site(result, SiteOptions(as_of=result.as_of))
    body = "\n".join(p.markdown.split("\n---\n", 1)[1] for p in pages)  # after the front matter
    assert "<script>alert" not in body and "<b>" not in body
    done = mkdocs_build(tmp_path / "p", "--strict")
    assert done.returncode == 0, done.stderr[-2000:]
    for page in (tmp_path / "p" / "site").rglob("*.html"):
        root_el = lxml_html.fromstring(page.read_bytes())
        assert not root_el.xpath("//script[not(@src)][contains(., 'alert')]|//a[starts-with(@href, 'javascript')]"
                                 "|//article//b|//*[starts-with(@content, 'javascript')]"), page
    home = lxml_html.fromstring((tmp_path / "p" / "site" / "index.html").read_bytes())
    in_nav = html.unescape(meta_text(word))  # as every title: angle brackets become look-alike marks
    assert in_nav in " ".join(" ".join(nav.text_content() for nav in home.iter("nav")).split())
    assert word in " ".join(home.find(".//article").text_content().split())
