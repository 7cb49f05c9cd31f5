"""The briefing book: `playbook report` writes PDF (printed by headless Chromium) and HTML; the
PDF's text is read back with pypdf and checked against the sample, a change in git history,
the canary's hidden tokens and a second run."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from pypdf import PdfReader

from playbook.check.checker import check
from playbook.outputs.briefing_book import chromium

from .contenttree import write_tree
from .gitrepo import commit_all, init_repo
from .sitebuild import REPO
from .test_editions import PUBLIC, TOKENS, hidden_entities

AS_OF = "2026-11-30"
pytestmark = pytest.mark.skipif(shutil.which("chromium") is None and __import__("os").environ.get(
    "PLAYBOOK_REQUIRE_BROWSER") != "1", reason="a PDF needs Chromium")


def report(cwd, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "playbook", "report", *args, "--as-of", AS_OF], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def text_of(pdf) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """The sample in a git repository; then one KPI's latest measurement falls, changing its status."""
    repo = init_repo(tmp_path_factory.mktemp("report") / "repo")
    shutil.copytree(REPO / "content", repo / "content")
    commit_all(repo, "The sample playbook")
    csv = repo / "content" / "measurements" / "online-repair-bookings-social.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("2026-11-01,142,", "2026-11-01,40,"), encoding="utf-8")
    commit_all(repo, "November bookings collapse")
    done = report(repo, "content", "--out", "book.pdf", "--since", "HEAD~1")
    assert done.returncode == 0, done.stderr
    return repo


def test_every_strategy_and_every_off_track_kpi_is_in_the_book(history):
    text = text_of(history / "book.pdf")
    result = check(history / "content")
    for strategy in result.graph.of_kind("strategy"):
        assert strategy.title in text, strategy.id
    from playbook.site.render.view import View
    view = View(result, "internal", result.as_of)
    off = [k for k in view.of_kind("kpi") if view.status_word(k) in ("off track", "missed")]
    assert off and all(" ".join(k.title.split()[:3]) in " ".join(text.split()) for k in off)


def test_the_changed_statuses_are_listed(history):
    text = " ".join(text_of(history / "book.pdf").split())
    assert "What changed since HEAD~1" in text and "Online repair bookings from social links: on track → off track" in text


def test_the_page_count_is_sensible_and_pages_are_numbered(history):
    pages = PdfReader(history / "book.pdf").pages
    assert 6 <= len(pages) <= 60
    assert f"Page 2 of {len(pages)}" in pages[1].extract_text()


def test_the_same_inputs_give_the_same_book(history):
    assert report(history, "content", "--out", "again.pdf", "--since", "HEAD~1").returncode == 0
    assert text_of(history / "again.pdf") == text_of(history / "book.pdf")
    assert report(history, "content", "--out", "a.html").returncode == 0
    assert report(history, "content", "--out", "b.html").returncode == 0
    assert (history / "a.html").read_bytes() == (history / "b.html").read_bytes()


def test_an_edition_book_holds_nothing_it_hides(tmp_path):
    write_tree(tmp_path / "content", {**PUBLIC, **hidden_entities("internal"), **hidden_entities("confidential")})
    for edition, hidden in (("public", TOKENS["internal"] + TOKENS["confidential"]), ("internal", TOKENS["confidential"])):
        assert report(tmp_path, "content", "--edition", edition, "--out", f"{edition}.pdf").returncode == 0
        assert report(tmp_path, "content", "--edition", edition, "--out", f"{edition}.html").returncode == 0
        text = (text_of(tmp_path / f"{edition}.pdf") + (tmp_path / f"{edition}.html").read_text(encoding="utf-8")).lower()
        assert [t for t in hidden if t in text] == [], edition
    assert "zqi02tx" in (tmp_path / "internal.html").read_text(encoding="utf-8").lower()  # the scan sees tokens


def test_bad_requests_are_usage_errors(tmp_path):
    assert report(REPO, "content", "--out", str(tmp_path / "book.txt")).returncode == 2
    assert report(REPO, "content", "--out", "content/book.pdf").returncode == 2
    assert chromium()


def test_the_site_has_a_print_page_with_the_books_content():
    from playbook.site.all_pages import SiteOptions, render_site

    from .test_render import parsed
    result = check(REPO / "content")
    page = next(p for p in render_site(result, SiteOptions()) if p.path == "print.md")
    text = parsed(page).text
    for heading in ("At a glance", "Needs attention", "Roadmap and the next quarter", "Appendix: How status is worked out"):
        assert heading in text
    assert all(s.title in text for s in result.graph.of_kind("strategy"))
    assert page.markdown.count("<svg") >= 5 and page.in_nav
