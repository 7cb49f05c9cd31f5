"""Links and images in content name files inside the content folder, or nothing local.

Markdown bodies, free pages, YAML text fields and measurement notes may name
other files by relative path (`[guide](../pages/guide.md)`, resolved from the
file that holds the link, as a Markdown previewer would). Each such target must
stay inside the content root: a target climbing out with `../`, an absolute path
(`/etc/passwd`, which a browser reads from the site root), a sibling folder that
merely starts with the root's name, and a symbolic link resolving outside are each
reported (PB023). Nothing a link names is copied into the site, and images from
content are not published (charts are drawn from the data instead). Targets with a
scheme (`https:`, `mailto:`, and the unsafe ones the renderer's sanitiser removes)
and fragments (`#section`) are not paths. Links are found the way Markdown sees
them (so code blocks are not links), then located in the source text for the
diagnostic's line and column.
"""
from __future__ import annotations

import posixpath
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown

from playbook.check.safe_url import URL_ATTRIBUTES, browser_form, is_relative
from playbook.content.diagnostics import Diagnostic, position
from playbook.content.loader import Content, resolve_inside

EXTENSIONS = ["attr_list", "md_in_html", "tables"]


class _Targets(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.targets: list[tuple[str, str, str]] = []  # (tag, attribute, URL)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and name in URL_ATTRIBUTES:
                self.targets.append((tag, name, value))
            elif value and name == "srcset":
                self.targets += [(tag, name, part.split()[0]) for part in value.split(",") if part.split()]

    handle_startendtag = handle_starttag


@lru_cache(maxsize=1024)
def _targets(text: str) -> tuple[tuple[str, str, str], ...]:
    parser = _Targets()
    parser.feed(markdown.markdown(text, extensions=EXTENSIONS))
    parser.close()
    return tuple(parser.targets)


def link_targets(text: str) -> tuple[str, ...]:
    """Every URL a Markdown text's links, images and raw HTML name, in order."""
    return tuple(url for __, __, url in _targets(text))


def link_hrefs(text: str) -> tuple[str, ...]:
    """The targets of a Markdown text's links (`<a href>`, written as Markdown or raw HTML), in order."""
    return tuple(url for tag, name, url in _targets(text) if tag == "a" and name == "href")


def linked_file(source: str, href: str) -> str | None:
    """The content file a relative link written in `source` names (relative to the
    content root, %-escapes decoded as a server would), or None for a link that is no
    relative file path (an address with a scheme, an absolute path, a fragment alone)."""
    if not is_relative(href):
        return None
    try:
        path = unquote(urlsplit(browser_form(href)).path)
    except ValueError:  # e.g. a broken IPv6 host: no file path
        return None
    if not path:
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), path))


def escape_reason(root: Path, file: str, target: str) -> str | None:
    """Why the local path `target`, written in `file`, leaves the root; None when it does not."""
    try:
        parts = urlsplit(target.strip().replace("\\", "/"))
    except ValueError:  # e.g. a broken IPv6 host: not a file path, and the sanitiser drops it
        return None
    if parts.scheme or parts.netloc or not parts.path:
        return None  # a URL with a scheme or host, or a fragment: not a file path
    path = unquote(parts.path)
    if "\x00" in path:
        return None  # no file has that name
    if path.startswith("/"):
        return "is an absolute path"
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(file), path))
    if joined == ".." or joined.startswith("../"):
        return "climbs out of the content folder"
    if resolve_inside(root, joined) is None:
        return "is a link that resolves outside the content folder"
    return None


def _locate(text: str, target: str, first_line: int) -> tuple[int, int]:
    at = text.find(target)
    return position(text, at, first_line) if at >= 0 else (first_line, 1)


def _sources(content: Content):
    """(file, text, first line, column or None) of every Markdown text in the content that
    has link syntax."""
    for entity in content.entities:
        if entity.body:
            yield entity.file, entity.body, entity.body_line, None
        for path, value in entity.doc.strings():
            if _may_link(value):  # before `loc`, which would be worked out for every text
                line, col = entity.loc(*path)
                yield entity.file, value, line, col
    for page in content.pages:
        yield page.file, page.body, page.body_line, None
    for series in content.series.values():
        for point in series.points:
            if point.note:
                yield series.file, point.note, point.line, 1


def _may_link(text: str) -> bool:
    return "(" in text or "<" in text or "]:" in text


def check_local_paths(content: Content) -> list[Diagnostic]:
    """PB023 for every link or image target in the content that leaves the content root."""
    diags = []
    for file, text, first_line, col in _sources(content):
        if not _may_link(text):
            continue  # no link syntax at all: skip the Markdown pass
        for target in link_targets(text):
            reason = escape_reason(content.root, file, target)
            if reason:
                line, column = (first_line, col) if col else _locate(text, target, first_line)
                diags.append(Diagnostic(file, line, column, "error", "PB023",
                                        f"link target '{target}' {reason}; link to a page inside it "
                                        "or to an https:// address"))
    return diags
