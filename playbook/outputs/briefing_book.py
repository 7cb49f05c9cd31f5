"""The briefing book: the playbook as a printable document for a board, as HTML or PDF.

In this order: a cover (organization, period, edition, as-of date); a one-page summary
(status counts by strategy; goals and KPIs whose status changed since a revision or
date, read from git as `playbook diff` does; goals added and retired); what needs
attention (KPIs missed, off track, stale or at risk, each with its owner, chart, latest
note and forecast); each strategy with its goals and their KPI charts; the next
quarter's milestones and policy reviews, overdue first; and the status method. Every
part is built from one edition's view of the checked graph, so it holds nothing that
edition hides. Charts are inline SVG (sharp at any size); rows never split across pages.

The PDF is printed by headless Chromium (the browser the tests already drive, a
Debian package `.ci/run` installs), with page numbers in CSS page margins.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import tempfile
from html import unescape
from importlib import resources
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from markupsafe import escape

from playbook.check.checker import Result, check
from playbook.check.safe_url import LINK_SCHEMES, browser_form
from playbook.check.site_paths import PRINT_PATH, page_url
from playbook.i18n import _, current, language, use
from playbook.i18n.terms import value_text
from playbook.living.git_revisions import content_at, last_commit_on
from playbook.outputs.output_guard import write_file
from playbook.site.render.book import book_blocks
from playbook.site.render.context import Ctx
from playbook.site.render.formats import date
from playbook.site.render.html import el, lines
from playbook.site.render.plan_record import plan_facts
from playbook.site.render.view import View

"""The book's links are made as on the site's print page, which shows the same parts."""
PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm;
  @bottom-center { content: PAGE_NUMBERS; font: 9pt sans-serif; color: #555; }
  @top-right { content: string(book-title); font: 9pt sans-serif; color: #555; } }
body { font: 10.5pt/1.45 sans-serif; color: #1f2328; }
h1 { string-set: book-title content(); }
section.pb-part { break-before: page; }
tr, figure, .pb-card, .pb-item { break-inside: avoid; }
svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #ddd; padding: 3pt 5pt; text-align: left; }
.pb-cover { text-align: center; padding-top: 60mm; } .pb-cover h1 { font-size: 28pt; }
"""


class ReportError(Exception):
    """A request `playbook report` refuses: the message says why."""


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


def report_html(result: Result, edition: str, before: Result | None = None, since: str | None = None,
                lang: str | None = None, site_url: str | None = None) -> str:
    """The book as one HTML document, in the language `lang` (default English), its links
    to the site's pages absolute when the site's address is known and plain text when not."""
    with use(language(lang, None, result.config.terms)):
        return site_links(_book(result, edition, before, since), site_url)


_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)  # the engine's own markup: quoted attributes, never nested
_HREF = re.compile(r'\bhref="([^"]*)"')


def site_links(html: str, site_url: str | None) -> str:
    """Each link of the book resolved as on the site's page PRINT_PATH at `site_url`, or its
    text alone where that gives no web address: a book read from a file, or printed, never
    links to a `file:` address."""
    base = urljoin(site_url.rstrip("/") + "/", page_url(PRINT_PATH, True)) if site_url else ""

    def absolute(link: re.Match) -> str:
        attributes, text = link.groups()
        href = _HREF.search(attributes)
        target = urljoin(base, browser_form(unescape(href.group(1)))) if href else ""
        if urlsplit(target).scheme not in LINK_SCHEMES:
            return text
        return f"<a{attributes[:href.start()]}href=\"{escape(target)}\"{attributes[href.end():]}>{text}</a>"
    return _LINK.sub(absolute, html)


def _book(result: Result, edition: str, before: Result | None, since: str | None) -> str:
    view = View(result, edition, result.as_of)
    ctx = Ctx(view, PRINT_PATH)
    profile = result.config.organization
    name = profile.get("name") or _("Strategy playbook")
    spans = [s.data["horizon"] for s in view.of_kind("strategy") if isinstance(s.data.get("horizon"), dict)]
    period = _("{start} to {end}", start=date(min((str(h.get("start")) for h in spans), default="")),
               end=date(max((str(h.get("end")) for h in spans), default=""))) if spans else ""
    before_view = View(before, edition, result.as_of) if before is not None else None
    css = (resources.files("playbook.site") / "assets" / "playbook.css").read_text(encoding="utf-8")
    title = _("{name}: briefing book", name=name)
    body = [el("section", lines(el("h1", title), el("p", period), el("p", _("Edition: {edition}", edition=value_text(edition))),
                                el("p", _("As of {date}", date=date(result.as_of))),
                                plan_facts(view.config.plan, ctx)), class_="pb-cover"),
            *book_blocks(ctx, before_view, since)]
    print_css = PRINT_CSS.replace("PAGE_NUMBERS", _page_numbers())
    return (f"<!doctype html>\n<html lang=\"{current().code}\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title><style>{css}\n{print_css}</style></head>"
            f"<body class=\"md-typeset\">{''.join(str(b) for b in body)}</body></html>\n")


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
               "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--host-resolver-rules=MAP * ~NOTFOUND")
"""Headless, and no network at all: no background service calls home, every address (even
this machine's) goes to a proxy that is not there, and no host name resolves."""
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
