"""Fixtures for the browser tests: the sample site built once, served on 127.0.0.1, one Chromium.

The repository's sample playbook is built with the real MkDocs into a temporary
folder once per session and served by `http.server` in a thread. Debian's
Chromium is driven through Playwright's `executable_path` (nothing downloads a
browser), with flags that keep it off the network: every host name except
localhost resolves to nothing. Without Chromium the tests skip, unless
PLAYBOOK_REQUIRE_BROWSER=1 (set by `.ci/run`), where a missing browser fails
them. PLAYBOOK_CHROMIUM names another executable. Every page a test opens must
make no request to another host. Counts the tests gather (pages crawled,
requests per host, accessibility violations) are written to `screenshots/` and
shown in the terminal summary.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import sync_playwright

from benchmarks.first_result import CHROMIUM_ARGS
from benchmarks.first_result import serve as served
from playbook.check.checker import Result, check
from playbook.cli.commands import main
from playbook.content.model import KINDS
from tests.sitebuild import REPO, copy_sample, mkdocs_build

OUT = REPO / "screenshots"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
_NOTES = pytest.StashKey["Notes"]()


def chromium_path() -> str | None:
    path = os.environ.get("PLAYBOOK_CHROMIUM") or shutil.which("chromium")
    return path if path and os.access(path, os.X_OK) else None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        reason = "chromium was not found (install Debian's chromium or set PLAYBOOK_CHROMIUM)"
        if os.environ.get("PLAYBOOK_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason}, and PLAYBOOK_REQUIRE_BROWSER=1", pytrace=False)
        pytest.skip(reason)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Site:
    """The built sample site: its folder, the URL it is served at, the checked content, the build date."""
    root: Path
    url: str
    result: Result
    built_on: dt.date

    def pages(self) -> list[str]:
        """The path of every built HTML page, as the server serves it."""
        return sorted("/" + p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))

    def path_of(self, entity) -> str:
        return f"/{KINDS[entity.kind]}/{entity.id}/"

    def entities(self, kind: str) -> list:
        """The entities of a kind that have a page in this edition, by id."""
        found = [e for e in self.result.graph.of_kind(kind) if (self.root / self.path_of(e)[1:] / "index.html").is_file()]
        return sorted(found, key=lambda e: e.id)

    def templates(self) -> dict[str, str]:
        """One page for each page template: name -> path. Entities: the first of each kind by id, for
        the kinds the sample uses."""
        pages = {"home": "/", "scorecard": "/scorecard/", "alignment map": "/alignment/", "roadmap": "/roadmap/",
                 "team": "/team/", "account registry": "/accounts/", "content calendar": "/calendar/",
                 "incident": "/modes/incident/", "what is due": "/due/", "print this playbook": "/print/",
                 "official accounts": "/official-accounts/"}
        for kind, folder in KINDS.items():
            name = {"policy": "policy register", "maturity": "maturity grid", "risk": "risk register"}.get(kind, f"{kind} index")
            pages[name] = f"/{folder}/"
            pages[kind] = self.path_of(self.entities(kind)[0])  # the sample has an entity of every kind
        free = min(p.parent for p in (self.root / "pages").rglob("index.html"))
        pages["free page"] = "/" + free.relative_to(self.root).as_posix() + "/"
        return pages


@pytest.fixture(scope="session")
def site(browser, tmp_path_factory):
    """Built after the browser is known to be there, so a machine without one skips at once."""
    OUT.mkdir(exist_ok=True)
    folder = copy_sample(tmp_path_factory.mktemp("browser-sample"))
    proc = mkdocs_build(folder, "--strict")
    assert proc.returncode == 0, proc.stderr
    result = check(folder / "content")
    with served(folder / "site") as url:
        yield Site(folder / "site", url, result, result.as_of)  # the sample's as_of


@pytest.fixture(scope="session")
def agency(browser, tmp_path_factory):
    """The public-agency template as `playbook init` writes it today, built and served."""
    folder = tmp_path_factory.mktemp("agency") / "playbook"
    assert main(["init", str(folder), "--template", "public-agency"]) == 0
    done = mkdocs_build(folder, "--strict")
    assert done.returncode == 0, done.stderr[-3000:]
    with served(folder / "site") as url:
        yield Site(folder / "site", url, check(folder / "content"), dt.date.today())


def foreign(url: str) -> bool:
    parts = urlparse(url)
    return parts.scheme not in ("data", "blob", "about") and parts.hostname not in LOCAL_HOSTS


@contextmanager
def checked_page(browser, url: str):
    """A laptop-sized page in a fresh context on `url`; the block fails if it asked another host for anything."""
    context = browser.new_context(base_url=url, viewport={"width": 1280, "height": 900})
    leaks = []
    context.on("request", lambda r: foreign(r.url) and leaks.append(r.url))
    try:
        yield context.new_page()
    finally:
        context.close()
    assert leaks == []


@pytest.fixture
def open_context(browser, site):
    """Open browser contexts on the site; each fails its test if it asked another host for anything."""
    contexts, leaks = [], []

    def make(**options):
        context = browser.new_context(base_url=site.url, **options)
        context.on("request", lambda r: foreign(r.url) and leaks.append(r.url))
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    assert leaks == []


@pytest.fixture
def page(open_context):
    return open_context(viewport={"width": 1280, "height": 900}).new_page()


class Notes(dict):
    """Named lists of result lines; each is also written to screenshots/<name>.txt."""

    def write(self, name: str, lines: list[str]) -> None:
        self[name] = lines
        (OUT / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="session")
def notes(pytestconfig) -> Notes:
    """Shown in the terminal summary at the end of the run."""
    return pytestconfig.stash.setdefault(_NOTES, Notes())


def pytest_terminal_summary(terminalreporter, config):
    for name, lines in config.stash.get(_NOTES, {}).items():
        terminalreporter.write_sep("-", f"browser: {name} (screenshots/{name}.txt)")
        for line in lines:
            terminalreporter.write_line(line)
