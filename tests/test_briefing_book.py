"""The briefing book answers first: page 2 is the summary, the cover names the period, the
meeting and the edition in board terms, no chart is printed twice, no command line and no
`file:` link reaches the book; the report log gives "changes since" its default.

The sample's book is printed once to PDF; its text is read with pypdf, and each page is
drawn to screenshots/book-page-NN.png for a person to look at."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from playbook.check.checker import check
from playbook.site.render.view import View

from .browser.conftest import OUT
from .contenttree import write_tree
from .sitebuild import REPO

AS_OF = "2026-11-30"
COMMAND_LINE = re.compile(r"(?<![\w-])--[a-z]|\bplaybook (report|validate|measure|build|import|diff)\b|\$ ")
needs_chromium = pytest.mark.skipif(shutil.which("chromium") is None and __import__("os").environ.get(
    "PLAYBOOK_REQUIRE_BROWSER") != "1", reason="a PDF needs Chromium")


def report(cwd, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "playbook", "report", *args, "--as-of", AS_OF], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """The sample's book as PDF, each page also drawn as a PNG under screenshots/."""
    folder = tmp_path_factory.mktemp("book")
    shutil.copytree(REPO / "content", folder / "content")
    done = report(folder, "content", "--out", "book.pdf", "--meeting", "Board meeting", "--meeting-date", "2026-12-10")
    assert done.returncode == 0, done.stderr
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("book-page-*.png"):
        old.unlink()
    from .pdf_pictures import page_pictures
    page_pictures(folder / "book.pdf", OUT, "book")
    return folder / "book.pdf"


@needs_chromium
def test_page_two_names_every_strategy_with_its_status_and_a_reason(book):
    text = flat(PdfReader(book).pages[1].extract_text())
    view = View(check(REPO / "content", as_of=__import__("datetime").date.fromisoformat(AS_OF)), "internal",
                __import__("datetime").date.fromisoformat(AS_OF))
    assert text.count("Held back by") + text.count("Every measured KPI is on track") >= len(view.of_kind("strategy"))
    for strategy in view.of_kind("strategy"):
        status = view.strategy_status(strategy)
        assert f"{strategy.title} {status}" in text, strategy.id
    for kpi in view.of_kind("kpi"):  # the labelled table of every KPI is on the same page
        assert " ".join(kpi.title.split()[:3]) in text, kpi.id
    assert "Overdue decisions" in text and "What changed since" in text


@needs_chromium
def test_the_cover_gives_period_meeting_and_edition_not_the_horizon(book):
    cover = flat(PdfReader(book).pages[0].extract_text())
    assert "Reporting period: 31 Oct 2026 to 30 Nov 2026" in cover
    assert "Board meeting, 10 Dec 2026" in cover and "Internal, do not forward" in cover
    assert "2028" not in cover  # the strategies' horizon ends in 2028


@needs_chromium
def test_no_command_line_and_no_chart_twice_and_no_file_links(book):
    reader = PdfReader(book)
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert COMMAND_LINE.search(text) is None
    titles = re.findall(r"Status: .{0,40}? · as of", text)  # every KPI chart opens with its status line
    headings = [line for line in text.splitlines() if line.startswith("Status: ") and "· as of" in line]
    assert titles and len(headings) == len(titles)
    links = [a.get_object().get("/A", {}).get("/URI") for p in reader.pages for a in p.get("/Annots", []) or []]
    assert [u for u in links if u and str(u).startswith("file:")] == []
    assert any(a.get_object().get("/Dest") or a.get_object().get("/A", {}).get("/S") == "/GoTo"
               for p in reader.pages for a in p.get("/Annots", []) or [])  # the contents link within the book


@needs_chromium
def test_the_pdf_is_tagged_and_has_an_outline(book):
    root = PdfReader(book).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert "/Outlines" in root


def minimal(tmp_path):
    """A small playbook without problems, as the content folder under tmp_path."""
    return Path(shutil.copytree(REPO / "tests" / "golden" / "clean-minimal" / "content", tmp_path / "content"))


def html_book(tmp_path, *args) -> str:
    done = report(tmp_path, "content", "--out", "book.html", *args)
    assert done.returncode == 0, done.stderr
    return (tmp_path / "book.html").read_text(encoding="utf-8")


def test_each_kpi_chart_is_printed_once_and_later_mentions_refer_back(tmp_path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    html = html_book(tmp_path)
    charts = re.findall(r'<svg[^>]*class="pb-chart pb-kpi-chart"[^>]*aria-labelledby="([^"]+)"', html)
    assert charts and len(charts) == len(set(charts))
    assert "its chart is under" in html
    assert html.count('class="pb-chart pb-roadmap"') + html.count("pb-roadmap\"") >= 1


@pytest.mark.parametrize("edition, words", [("public", "Public"), ("internal", "Internal, do not forward"),
                                            ("confidential", "Confidential: for the named recipients only")])
def test_the_cover_names_the_edition_in_board_terms(tmp_path, edition, words):
    shutil.copytree(REPO / "content", tmp_path / "content")
    html = html_book(tmp_path, "--edition", edition)
    assert f'<p class="pb-edition">{words}</p>' in html


def test_no_command_line_reaches_the_book_or_the_print_page(tmp_path):
    from playbook.site.all_pages import SiteOptions, render_site
    shutil.copytree(REPO / "content", tmp_path / "content")
    for text in (html_book(tmp_path), next(p for p in render_site(check(REPO / "content"), SiteOptions())
                                           if p.path == "print.md").markdown):
        shown = re.sub(r"<(style|script)\b.*?</\1>|<[^>]+>", " ", text, flags=re.S)
        assert COMMAND_LINE.search(shown) is None


def test_changes_since_defaults_to_thirty_days_then_to_the_last_recorded_report(tmp_path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    assert "What changed since <time datetime=\"2026-10-31\">" in html_book(tmp_path)
    done = report(tmp_path, "content", "--out", "first.html", "--meeting", "Board: autumn", "--record")
    assert done.returncode == 0, done.stderr
    log = (tmp_path / "content" / "reports.yml").read_text(encoding="utf-8")
    assert "- date: 2026-11-30\n  meeting: \"Board: autumn\"\n" in log
    assert check(tmp_path / "content").diagnostics == check(REPO / "content").diagnostics  # the log is content
    later = subprocess.run([sys.executable, "-m", "playbook", "report", "content", "--out", "later.html", "--as-of",
                            "2026-12-20"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert later.returncode == 0, later.stderr
    assert "What changed since <time datetime=\"2026-11-30\">" in (tmp_path / "later.html").read_text(encoding="utf-8")


BROKEN_LOGS = {
    "not a list": "date: 2026-10-31\n",
    "impossible date": "- date: 2026-02-30\n",
    "no mapping": "- 2026-10-31\n",
    "misspelt field": "- date: 2026-10-31\n  meetng: Board\n",
    "meeting not text": "- date: 2026-10-31\n  meeting: [a, b]\n",
    "review not text": "- date: 2026-10-31\n  review: [monthly-report]\n",
    "review a number": "- date: 2026-10-31\n  review: 12\n",
    "yaml syntax": "- date: 2026-10-31\n  meeting: \"Board\n",
}


@pytest.mark.parametrize("name", list(BROKEN_LOGS))
def test_a_broken_report_log_is_a_content_error_and_record_leaves_it_as_it_is(tmp_path, name):
    write_tree(minimal(tmp_path), {"reports.yml": BROKEN_LOGS[name]})
    validated = subprocess.run([sys.executable, "-m", "playbook", "validate", "content"], cwd=tmp_path,
                               capture_output=True, text=True, timeout=120)
    assert validated.returncode == 1 and re.search(r"reports\.yml:\d+:\d+: error PB\d+", validated.stdout + validated.stderr)
    assert "Traceback" not in validated.stderr
    from playbook.living.report_record import record_report
    from playbook.living.transaction import WriteRefused
    with pytest.raises(WriteRefused):
        record_report(tmp_path / "content", __import__("datetime").date(2026, 11, 30), "Board")
    assert (tmp_path / "content" / "reports.yml").read_text(encoding="utf-8") == BROKEN_LOGS[name]


@pytest.mark.parametrize("meeting", ["", "Board", "Board: autumn, with \"guests\"", "Conseil d'administration ✓",
                                     "# not a comment", "- not a list", "yes"])
def test_recording_keeps_any_meeting_name_as_written(tmp_path, meeting):
    from playbook.content.report_log import parse_report_log
    from playbook.living.report_record import record_report
    minimal(tmp_path)
    day = __import__("datetime").date(2026, 11, 30)
    record_report(tmp_path / "content", day, meeting)
    record_report(tmp_path / "content", day.replace(day=1), "second")
    reports, problems = parse_report_log((tmp_path / "content" / "reports.yml").read_text(encoding="utf-8"))
    assert problems == [] and [(r.day, r.meeting) for r in reports] == [(day.replace(day=1), "second"), (day, meeting)]


@pytest.mark.parametrize("name", ["", " ", "two\nlines", "x" * 201, "tab\there"])
def test_a_meeting_name_that_is_not_one_printable_line_is_a_usage_error(tmp_path, name):
    minimal(tmp_path)
    done = report(tmp_path, "content", "--out", "book.html", "--meeting", name)
    assert done.returncode == 2 and "Traceback" not in done.stderr and not (tmp_path / "book.html").exists()
