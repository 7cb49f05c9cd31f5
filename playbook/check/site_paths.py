"""Where each generated page lives and how one page links to another.

Pages are named by their source path relative to the docs root (`goals/x.md`).
MkDocs serves `goals/x.md` at `goals/x/` with directory URLs and at
`goals/x.html` without; links inside raw HTML are not rewritten by MkDocs, so
every link is computed here, relative to the URL of the page that holds it.
"""
from __future__ import annotations

import posixpath
from urllib.parse import quote, urljoin

from playbook.content.model import KINDS

HOME_PATH = "index.md"
ALIGNMENT_PATH = "alignment.md"
CALENDAR_PATH = "calendar.md"
DUE_PATH = "due.md"
GUIDES_PATH = "guides.md"
OFFICIAL_PATH = "official-accounts.md"
OFFICIAL_DATA = "official-accounts.json"
"""The official accounts as data, beside their page: a file of the site, not a page."""
PRINT_PATH = "print.md"
REGISTRY_PATH = "accounts.md"
ROADMAP_PATH = "roadmap.md"
SCORECARD_PATH = "scorecard.md"
CMS_PATH = "admin/index.html"  # the CMS page: a file of the site, not a page
TEAM_PATH = "team.md"
UPDATE_PATH = "update.md"
WAIVERS_PATH = "waivers.md"
WHATS_NEW_PATH = "whats-new.md"
FEED_PATH = "whats-new.xml"
"""The Atom feed of the "What's new" page: a file of the site, not a page."""


def mode_path(mode: str) -> str:
    """The page of an operating mode other than the default one."""
    return f"modes/{mode}.md"


def calendar_path(person_id: str) -> str:
    """The calendar feed of a person's due list: a file beside the pages, not a page."""
    return f"calendars/{person_id}.ics"


def entity_path(kind: str, ident: str) -> str:
    return f"{KINDS[kind]}/{ident}.md"


def index_path(kind: str) -> str:
    return f"{KINDS[kind]}/index.md"


def page_url(path: str, directory_urls: bool) -> str:
    """The URL (relative to the site root) MkDocs serves the page at."""
    stem = path.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def relpath(path: str, start: str) -> str:
    """`posixpath.relpath` for two relative paths, without asking the system for the current folder."""
    to, here = ([part for part in posixpath.normpath(p).split("/") if part not in ("", ".")] for p in (path, start))
    common = len(posixpath.commonprefix([to, here]))
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def source_link(from_path: str, to_path: str, fragment: str = "") -> str:
    """The page `to_path` as a path relative to the file `from_path` (`../goals/x.md`): what a
    builder that resolves links between Markdown files (Zensical) turns into the page's URL."""
    return relpath(to_path, posixpath.dirname(from_path) or ".") + (f"#{fragment}" if fragment else "")


def file_url(from_path: str, file: str, directory_urls: bool) -> str:
    """The relative URL from the page `from_path` to a file of the site that is not a page (`calendars/x.ics`)."""
    here = page_url(from_path, directory_urls)
    base = here.rstrip("/") if directory_urls else posixpath.dirname(here)
    return relpath(file, base or ".")


def url(from_path: str, to_path: str, directory_urls: bool, fragment: str = "") -> str:
    """The relative URL from the page `from_path` to the page `to_path`."""
    here, there = page_url(from_path, directory_urls), page_url(to_path, directory_urls)
    base = posixpath.dirname(here) if not directory_urls else here.rstrip("/")
    rel = relpath(there.rstrip("/") or ".", base or ".")
    if directory_urls:
        rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{fragment}" if fragment else "")


def edit_base(repo_url, edit_uri, docs_dir: str, content_dir: str) -> str | None:
    """Where the content files are edited on the repository's site: mkdocs.yml's `repo_url` and
    `edit_uri` lead to the docs folder, and the content folder lies beside it. None unless both are
    set; the address each link makes is judged in its final form (`check.safe_url.is_web_address`)."""
    if not (isinstance(repo_url, str) and isinstance(edit_uri, str) and repo_url.strip() and edit_uri.strip()):
        return None
    docs = urljoin(repo_url.rstrip("/") + "/", edit_uri.rstrip("/") + "/")
    return urljoin(docs, quote(relpath(content_dir, docs_dir)) + "/")


def edit_url(base: str, file: str) -> str:
    """The address to edit the content file `file` (relative to the content folder) at."""
    return urljoin(base, quote(file))
