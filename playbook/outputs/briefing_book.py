"""The briefing book: the playbook as a printable document for a board, as HTML or PDF.

A cover (organization, reporting period, meeting, edition in board terms), then the parts
of `playbook.site.render.book`: the contents, the answer at a glance on one page, what needs
attention, each strategy, the roadmap and the status method. "Changes since" compares with
the last report recorded in the content folder's report log, else with thirty days
before the as-of date; the playbook as it stood then is read from git where it can be,
and is otherwise the current content seen as of that day. Every part is built from one
edition's view of the checked graph, so it holds nothing that edition hides. Charts are
inline SVG (sharp at any size); rows never split across pages.

The PDF is printed by headless Chromium (the browser the tests already drive, a Debian
package `.ci/run` installs), tagged and with an outline of its headings, with the
book's title as running header and page numbers in CSS page margins.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from html import unescape
from importlib import resources
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from markupsafe import escape

from playbook.check.checker import Result, check
from playbook.check.safe_url import LINK_SCHEMES, browser_form
from playbook.check.site_paths import PRINT_PATH, page_url
from playbook.i18n import N_, _, current, language, use
from playbook.living.git_revisions import (
    GitError,
    commit_day,
    content_at,
    last_commit_on,
)
from playbook.outputs.output_guard import write_file
from playbook.site.render.book import Since, book_blocks, contents
from playbook.site.render.context import Ctx
from playbook.site.render.formats import date
from playbook.site.render.html import el, lines
from playbook.site.render.plan_record import plan_facts
from playbook.site.render.view import View

"""The book's links are made as on the site's print page, which shows the same parts."""
PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm;
  @bottom-center { content: PAGE_NUMBERS; font: 9pt sans-serif; color: #555; }
  @top-right { content: RUNNING_HEADER; font: 9pt sans-serif; color: #555; } }
@page :first { @top-right { content: none; } @bottom-center { content: none; } }
body { font: 10pt/1.4 sans-serif; color: #1f2328; }
.md-typeset :is(h1, h2, h3, h4) { break-after: avoid; page-break-after: avoid; }
.md-typeset :is(h2, h3, h4) + * { break-before: avoid; }
section.pb-part { break-before: page; }
tr, figure, .pb-card, .pb-item, .pb-tile { break-inside: avoid; }
svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #ddd; padding: 2pt 4pt; text-align: left; }
.md-typeset .pb-table-wrap table, .md-typeset .pb-table-wrap table :is(.pb-cell-summary, .pb-state, .pb-badge, .pb-mark) { font-size: 8pt; }
.md-typeset :is(.pb-badge, .pb-muted, .pb-forecast-cell, small, figcaption) { font-size: 8pt; }
.pb-cover { text-align: center; padding-top: 30mm; }
.pb-cover nav.pb-contents { text-align: left; margin: 20mm auto 0; width: 70%; } .pb-cover h1 { font-size: 26pt; margin-bottom: 4mm; }
.pb-cover .pb-edition { font-weight: 700; font-size: 12pt; margin-top: 12mm; }
.md-typeset .pb-glance h2 { margin: 0 0 2mm; } .md-typeset .pb-glance h3 { margin: 2mm 0 1mm; font-size: 10.5pt; }
.md-typeset .pb-glance :is(p, li) { margin: 0.3mm 0; }
.md-typeset .pb-glance .pb-table-wrap { margin: 0; }
.md-typeset .pb-glance .pb-table-wrap table :is(td, th) { padding: 1pt 3pt; line-height: 1.2; }
.md-typeset .pb-glance .pb-table-wrap td:first-child { width: 27%; }
.md-typeset .pb-glance .pb-table-wrap td:nth-child(2) { min-width: 19mm; }
.md-typeset .pb-glance .pb-tiles { grid-template-columns: 1fr 1fr; gap: 2mm; }
.md-typeset figure.pb-book-chart { margin: 1mm 0; }
.md-typeset figure.pb-book-chart svg { max-height: 70mm; }
"""

EDITION_WORDS = {"public": N_("Public"), "internal": N_("Internal, do not forward"),
                 "confidential": N_("Confidential: for the named recipients only")}
"""How the cover names the edition, in the words a board uses."""


class ReportError(Exception):
    """A request `playbook report` refuses: the message says why."""


@dataclass(frozen=True)
class Meeting:
    """The meeting the book is for, when given: its name and day."""
    name: str = ""
    day: dt.date | None = None


@dataclass(frozen=True)
class Comparison:
    """What the book compares with: the day of the last report, the content as it stood then
    (None: the current content seen as of that day) and how to name it (the day when empty)."""
    day: dt.date
    before: Result | None = None
    label: str = ""


def since_result(content: Path, since: str, as_of: dt.date) -> Result:
    """The content as it was at a revision, or at the last commit before a date."""
    day = None
    try:
        day = dt.date.fromisoformat(since)
    except ValueError:
        pass
    rev = since
    if day is not None:
        rev = last_commit_on(content, day)
        if not rev:
            raise ReportError(f"no commit on or before {day}")
    folder = Path(tempfile.mkdtemp(prefix="playbook-report-"))
    try:
        return check(content_at(content, rev, folder), as_of)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def comparison(content: Path, since: str | None, last_report: dt.date | None, as_of: dt.date) -> Comparison:
    """What `--since` names (a revision or a day), else the last report's day, else thirty
    days back; a day is looked up in git, and without history the current content stands in."""
    if since is not None:
        try:
            day = dt.date.fromisoformat(since)
        except ValueError:
            return Comparison(commit_day(content, since), since_result(content, since, as_of), since)
        return Comparison(day, since_result(content, since, as_of))
    day = last_report if last_report and last_report < as_of else as_of - dt.timedelta(days=30)
    try:
        return Comparison(day, since_result(content, day.isoformat(), as_of))
    except (ReportError, GitError):
        return Comparison(day)


def report_html(result: Result, edition: str, since: Comparison | None = None, lang: str | None = None,
                site_url: str | None = None, meeting: Meeting = Meeting()) -> str:
    """The book as one HTML document, in the language `lang` (default English), its links
    to the site's pages absolute when the site's address is known and plain text when not."""
    with use(language(lang, None, result.config.terms)):
        return site_links(_book(result, edition, since, meeting), site_url)


_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)  # the engine's own markup: quoted attributes, never nested
_HREF = re.compile(r'\bhref="([^"]*)"')


def site_links(html: str, site_url: str | None) -> str:
    """Each link of the book resolved as on the site's page PRINT_PATH at `site_url`, or its
    text alone where that gives no web address: a book read from a file, or printed, never
    links to a `file:` address. A link within the book (`#part`) stays as it is."""
    base = urljoin(site_url.rstrip("/") + "/", page_url(PRINT_PATH, True)) if site_url else ""

    def absolute(link: re.Match) -> str:
        attributes, text = link.groups()
        href = _HREF.search(attributes)
        if href and re.fullmatch(r"#[a-z0-9-]+", href.group(1)):
            return link.group(0)
        target = urljoin(base, browser_form(unescape(href.group(1)))) if href else ""
        if urlsplit(target).scheme not in LINK_SCHEMES:
            return text
        return f"<a{attributes[:href.start()]}href=\"{escape(target)}\"{attributes[href.end():]}>{text}</a>"
    return _LINK.sub(absolute, html)


def _cover(result: Result, view: View, ctx: Ctx, edition: str, since: Since, meeting: Meeting, title: str):
    period = _("Reporting period: {start} to {end}", start=date(since.day), end=date(result.as_of))
    when = date(meeting.day) if meeting.day else ""
    held = (_("{meeting}, {date}", meeting=meeting.name, date=when) if meeting.name and when
            else meeting.name or (_("Meeting of {date}", date=when) if when else ""))
    return el("section", lines(el("h1", title), el("p", period), el("p", held) if held else None,
                               el("p", _("As of {date}", date=date(result.as_of))),
                               el("p", _(EDITION_WORDS[edition]), class_="pb-edition"), plan_facts(view.config.plan, ctx),
                               contents(view)), class_="pb-cover")


def _book(result: Result, edition: str, since: Comparison | None, meeting: Meeting) -> str:
    view = View(result, edition, result.as_of)
    ctx = Ctx(view, PRINT_PATH)
    profile = result.config.organization
    name = profile.get("name") or _("Strategy playbook")
    since = since or Comparison(result.as_of - dt.timedelta(days=30))
    before = (View(since.before, edition, result.as_of) if since.before is not None
              else View(result, edition, since.day))
    shown = Since(since.day, before, since.label)
    css = (resources.files("playbook.site") / "assets" / "playbook.css").read_text(encoding="utf-8")
    title = _("{name}: briefing book", name=name)
    body = [_cover(result, view, ctx, edition, shown, meeting, title), *book_blocks(ctx, shown)]
    print_css = PRINT_CSS.replace("PAGE_NUMBERS", _page_numbers()).replace("RUNNING_HEADER", css_string(title))
    return (f"<!doctype html>\n<html lang=\"{current().code}\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title><style>{css}\n{print_css}</style></head>"
            f"<body class=\"md-typeset\">{''.join(str(b) for b in body)}</body></html>\n")


def css_string(text: str) -> str:
    """Text as a CSS string that no character of it can end (nor the style element around it)."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text) + '"'


def _page_numbers() -> str:
    """The CSS `content` of the page footer: 'Page 3 of 12' in the book's language."""
    text = _("Page {page} of {pages}")
    parts = re.split(r"(\{page\}|\{pages\})", text)
    counters = {"{page}": "counter(page)", "{pages}": "counter(pages)"}
    return " ".join(counters.get(p) or json.dumps(p) for p in parts if p)


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise ReportError("a PDF needs Chromium (apt-get install chromium); write --out FILE.html instead")


PRINT_FLAGS = ("--headless", "--disable-gpu", "--no-pdf-header-footer", "--no-first-run", "--no-default-browser-check",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-default-apps", "--disable-extensions", "--disable-domain-reliability",
               "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--host-resolver-rules=MAP * ~NOTFOUND",
               "--export-tagged-pdf", "--generate-pdf-document-outline")
"""Headless, and no network at all: no background service calls home, every address (even
this machine's) goes to a proxy that is not there, and no host name resolves. The PDF is
tagged (headings, tables, figures with their titles) and carries an outline of its headings."""
PAGE_ONLY = ("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
             "style-src 'unsafe-inline'; img-src data:; font-src data:\">")
"""Put into the printed page: it loads nothing beyond itself, no file (a frame or object
naming /etc/passwd), no image, no script."""


def write_pdf(html: str, out: Path) -> None:
    """Print the HTML to PDF with headless Chromium, into `out` whole or not at all.

    The browser runs in its sandbox, except as root, where Chromium refuses the sandbox,
    and where the system offers none (it is then tried once more without)."""
    with tempfile.TemporaryDirectory(prefix="playbook-pdf-") as tmp:
        page, pdf = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        page.write_text(html.replace("<head>", f"<head>{PAGE_ONLY}", 1), encoding="utf-8")
        sandboxed = os.geteuid() != 0
        done = _print(page, pdf, sandboxed)
        if done.returncode != 0 and sandboxed and "sandbox" in done.stderr.lower():
            done = _print(page, pdf, False)
        if done.returncode != 0 or not pdf.is_file():
            raise ReportError(f"Chromium could not print the report: {done.stderr.strip()[-300:]}")
        write_file(out, pdf.read_bytes())


def _print(page: Path, pdf: Path, sandboxed: bool) -> subprocess.CompletedProcess:
    flags = [*PRINT_FLAGS, *(() if sandboxed else ("--no-sandbox",))]
    return subprocess.run([chromium(), *flags, f"--user-data-dir={page.parent}/profile", f"--print-to-pdf={pdf}",
                           page.as_uri()], capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
