"""The briefing book's printer: no `file:` link, nothing loaded beyond the page, no network,
and the browser's sandbox wherever the platform allows it.

The book of the sample (whose people are linked from every owner) is written as PDF and
HTML in a child process, and the PDF's link annotations are read with pypdf: without a
site address no link is left (the names are plain text), with `--site-url` or
mkdocs.yml's `site_url` every link is an absolute address on that site. Then pages
that name a secret file every way a page can (frame, object, embed, image, style
sheet) and one that asks a server on this machine for an image are printed by the real
Chromium: the secret never reaches the PDF and the server hears nothing. A stand-in
browser records the flags: sandboxed unless running as root, tried once more without
the sandbox only when the system has none, and every network path closed.
"""
from __future__ import annotations

import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from playbook.outputs import briefing_book
from playbook.outputs.briefing_book import ReportError, site_links, write_pdf

from .sitebuild import REPO

AS_OF = "2026-11-30"
needs_chromium = pytest.mark.skipif(shutil.which("chromium") is None and os.environ.get("PLAYBOOK_REQUIRE_BROWSER") != "1",
                                    reason="a PDF needs Chromium")


def book(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "playbook", "report", *args, "--as-of", AS_OF], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def link_targets(pdf: Path) -> list[str]:
    targets = []
    for page in PdfReader(pdf).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                targets.append(str(action["/URI"]))
    return targets


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("book")
    shutil.copytree(REPO / "content", folder / "content")
    return folder


@needs_chromium
def test_without_a_site_address_the_book_links_nothing(sample):
    done = book(sample, "content", "--out", "plain.pdf")
    assert done.returncode == 0, done.stderr
    assert link_targets(sample / "plain.pdf") == []
    assert book(sample, "content", "--out", "plain.html").returncode == 0
    html = (sample / "plain.html").read_text(encoding="utf-8")
    links = re.findall(r'<a [^>]*href="([^"]*)"', html)
    assert "Priya Raman" in html and links and all(href.startswith("#") for href in links)  # the contents only


@needs_chromium
@pytest.mark.parametrize("url", ["https://playbook.example.org/", "https://example.org/plans/2026"])
def test_with_a_site_address_every_link_is_absolute_on_the_site(sample, url):
    done = book(sample, "content", "--out", "linked.pdf", "--site-url", url)
    assert done.returncode == 0, done.stderr
    targets = link_targets(sample / "linked.pdf")
    base = url.rstrip("/") + "/"
    assert targets and all(t.startswith(base) and t != base for t in targets), targets
    assert not any(t.startswith("file:") for t in targets)


@needs_chromium
def test_mkdocs_site_url_is_the_default(sample):
    (sample / "mkdocs.yml").write_text("site_name: Sample\nsite_url: https://handbook.example.net/\n", encoding="utf-8")
    try:
        assert book(sample, "content", "--out", "default.pdf").returncode == 0
        targets = link_targets(sample / "default.pdf")
        assert targets and all(t.startswith("https://handbook.example.net/") for t in targets)
    finally:
        (sample / "mkdocs.yml").unlink()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "//example.org/", "example.org",
                                 "https://", " https://example.org/"])
def test_a_site_address_that_is_no_web_address_is_a_usage_error(sample, url):
    done = book(sample, "content", "--out", "bad.html", "--site-url", url)
    assert done.returncode == 2 and "Traceback" not in done.stderr and "--site-url" in done.stderr
    assert not (sample / "bad.html").exists()


@pytest.mark.parametrize("href, site, expected", [
    ("../people/x/", None, None),
    ("/etc/passwd", None, None),
    ("//evil.example/x", None, None),
    ("#part", None, "#part"),  # a link within the book (its contents) stays
    ("java\tscript:alert(1)", "https://s.example/", None),
    ("../people/x/", "https://s.example/pb", "https://s.example/pb/people/x/"),
    ("https://other.example/?a=1&amp;b=2", None, "https://other.example/?a=1&amp;b=2"),
    ("mailto:team@example.org", None, "mailto:team@example.org"),
])
def test_each_link_becomes_a_web_address_or_text(href, site, expected):
    html = f'<p>See <a href="{href}" title="t">the page</a>.</p><svg><a href="{href}"><rect/></a></svg>'
    out = site_links(html, site)
    assert "file:" not in out and "the page" in out and "<rect/>" in out
    if expected is None:
        assert "<a" not in out
    else:
        assert out.count(f'href="{expected}"') == 2


SECRET = "zqprintersecret"
LOADS = {
    "frame": '<iframe src="{file}" width="600" height="200"></iframe>',
    "object": '<object data="{file}" type="text/plain" width="600" height="100"></object>',
    "embed": '<embed src="{path}" type="text/plain" width="600" height="100">',
    "image": '<img src="{file}" alt="" width="10" height="10"><img src="secret.txt" alt="">',
    "style sheet": '<link rel="stylesheet" href="{css}">',
}


@needs_chromium
@pytest.mark.parametrize("variant", sorted(LOADS))
def test_the_printed_page_loads_no_file(tmp_path, variant):
    secret = tmp_path / "secret.txt"
    secret.write_text(f"{SECRET} words\n", encoding="utf-8")
    (tmp_path / "style.css").write_text(f'body::after {{ content: "{SECRET}"; }}\n', encoding="utf-8")
    tag = LOADS[variant].format(file=secret.as_uri(), path=secret, css=(tmp_path / "style.css").as_uri())
    write_pdf(f"<!doctype html><html><head><meta charset=\"utf-8\"></head><body><h1>Book</h1>{tag}</body></html>",
              tmp_path / "out.pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(tmp_path / "out.pdf").pages)
    assert "Book" in text and SECRET not in text


@needs_chromium
def test_the_printer_makes_no_request(tmp_path):
    heard = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            heard.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        address = f"http://127.0.0.1:{server.server_port}"
        write_pdf(f'<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="{address}/s.css">'
                  f'</head><body><h1>Book</h1><img src="{address}/i.png"><iframe src="{address}/f"></iframe>'
                  f'<img src="http://localhost:{server.server_port}/l.png"></body></html>', tmp_path / "out.pdf")
    finally:
        server.shutdown()
    assert heard == []


@pytest.fixture
def stand_in(tmp_path, monkeypatch):
    """A `chromium` on PATH that records its arguments and prints a one-line PDF; it fails
    like a browser without a usable sandbox when NO_SANDBOX_HERE is set and is asked for one."""
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "calls.txt"
    script = folder / "chromium"
    script.write_text(f"""#!{sys.executable}
import os, sys
with open({str(log)!r}, "a") as f:
    f.write(" ".join(sys.argv[1:]) + "\\n")
if os.environ.get("NO_SANDBOX_HERE") and "--no-sandbox" not in sys.argv:
    sys.exit("FATAL: No usable sandbox! Update your kernel or see the sandbox documentation")
out = next(a.split("=", 1)[1] for a in sys.argv if a.startswith("--print-to-pdf="))
open(out, "wb").write(b"%PDF-1.4 stand-in")
""", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return log


def calls(log: Path) -> list[list[str]]:
    return [line.split(" ") for line in log.read_text(encoding="utf-8").splitlines()]


NETWORK_OFF = {"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
               "--disable-default-apps", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>"}


@pytest.mark.parametrize("uid, sandboxed", [(1000, True), (0, False)])
def test_the_browser_is_sandboxed_unless_running_as_root(tmp_path, stand_in, monkeypatch, uid, sandboxed):
    monkeypatch.setattr(briefing_book.os, "geteuid", lambda: uid)
    write_pdf("<!doctype html><html><head></head><body>x</body></html>", tmp_path / "out.pdf")
    (only,) = calls(stand_in)
    assert ("--no-sandbox" not in only) == sandboxed
    assert NETWORK_OFF <= set(only) and only[-1].startswith("file:") and (tmp_path / "out.pdf").is_file()


def test_without_a_usable_sandbox_it_prints_once_more_without(tmp_path, stand_in, monkeypatch):
    monkeypatch.setattr(briefing_book.os, "geteuid", lambda: 1000)
    monkeypatch.setenv("NO_SANDBOX_HERE", "1")
    write_pdf("<!doctype html><html><head></head><body>x</body></html>", tmp_path / "out.pdf")
    first, second = calls(stand_in)
    assert "--no-sandbox" not in first and "--no-sandbox" in second
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")


def test_a_failure_unrelated_to_the_sandbox_is_not_retried(tmp_path, stand_in, monkeypatch):
    monkeypatch.setattr(briefing_book.os, "geteuid", lambda: 1000)
    (stand_in.parent / "bin" / "chromium").write_text(f"#!{sys.executable}\nimport sys\nopen({str(stand_in)!r}, 'a')"
                                                       ".write(' '.join(sys.argv[1:]) + '\\n')\nsys.exit('crashed')\n",
                                                       encoding="utf-8")
    with pytest.raises(ReportError, match="crashed"):
        write_pdf("<!doctype html><html><head></head><body>x</body></html>", tmp_path / "out.pdf")
    assert len(calls(stand_in)) == 1 and not (tmp_path / "out.pdf").exists()
