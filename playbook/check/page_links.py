"""Every link in Markdown lands on a page: relative links, `[[page:name]]` and `[[mode:name]]`.

The Markdown texts are the entities' bodies (after the front matter, or a `body` field)
and the free pages (`playbook.check.graph.markdown_texts`). A relative link, resolved from the
file that holds it with its %-escapes decoded, must name a page the site makes: an
entity's file (by its folder and id, written .yml, .yaml or .md), a free page, or a
generated page's path (`team.md`, `goals/index.md`: `playbook.check.page_names`).
Anything else (a missing file, a folder, a measurement file, a name in the wrong letter
case) is PB109, naming the closest page there is (for the first `MAX_HINTS` dead links of
a file: each suggestion weighs every page name). A link that leaves the content folder is
PB023's. Nothing here reads the file system: the graph knows every page. `[[page:name]]` and `[[mode:name]]` must name a page the site
can generate (PB105, with the names that would fit). Whether one edition renders that
page is not the checker's question: the renderer turns a link to a page it leaves out
into plain text.
"""
from __future__ import annotations

import posixpath
from difflib import get_close_matches

from playbook.check.graph import SITE_REFS, Graph, inline_refs, locate, markdown_texts
from playbook.check.local_paths import link_hrefs, linked_file
from playbook.check.page_names import named_pages
from playbook.check.site_paths import source_link
from playbook.content.diagnostics import Diagnostic
from playbook.content.model import Entity

MAX_HINTS = 100
"""Dead links per file that get a suggestion; beyond them the messages name no closest page,
so that a file of thousands of dead links costs no more than reading it."""


def check_page_links(graph: Graph, modes: dict[str, str]) -> list[Diagnostic]:
    """PB105 for unknown generated pages, PB109 for relative links that lead to no page."""
    pages = named_pages(modes)
    known = Pages(graph, pages)
    diags = []
    for file, text, first_line, column, __ in markdown_texts(graph):
        diags += _site_refs(file, text, first_line, column, pages, modes)
        if "](" in text or "href" in text or "]:" in text:
            diags += _dead_links(file, text, first_line, column, known)
    return diags


def _site_refs(file: str, text: str, first_line: int, column: int | None, pages: dict, modes: dict) -> list[Diagnostic]:
    diags = []
    for line, col, prefix, name, __ in inline_refs(text, first_line, column):
        if prefix in SITE_REFS and (prefix, name) not in pages:
            diags.append(Diagnostic(file, line, col, "error", "PB105",
                                    f"[[{prefix}:{name}]]: {_unknown(prefix, name, pages, modes)}"))
    return diags


def _unknown(prefix: str, name: str, pages: dict, modes: dict) -> str:
    if prefix == "mode" and name in modes:
        return f"'{name}' is the default mode, which has no page of its own"
    names = sorted(n for p, n in pages if p == prefix)
    close = get_close_matches(name.casefold(), names, n=3, cutoff=0.6)
    what = "no generated page is called" if prefix == "page" else "playbook.yml configures no operating mode"
    known = "pages" if prefix == "page" else "modes with a page"
    choices = f"did you mean {', '.join(repr(c) for c in close)}?" if close else f"{known}: {', '.join(names) or 'none'}"
    return f"{what} '{name}' ({choices})"


class Pages:
    """The paths a relative link may name, and the one closest to a path that names none."""

    def __init__(self, graph: Graph, pages: dict[tuple[str, str], str]):
        self.graph = graph
        self.generated = {path: f"[[{prefix}:{name}]]" for (prefix, name), path in pages.items()}
        files = [e.file for e in graph.entities.values()] + [p.file for p in graph.pages]
        self.data = {series.file for series in graph.series.values()}
        self.folders = {folder for path in [*files, *self.data, *self.generated] for folder in _folders(path)}
        self.by_name: dict[str, list[str]] = {}  # file or page name, case-folded -> paths
        for path in files:
            self.by_name.setdefault(_stem(path), []).append(path)
        for (__, name), path in pages.items():
            self.by_name.setdefault(_stem(name), []).append(path)

    def has(self, path: str) -> bool:
        return self.graph.at_path(path) is not None or path in self.generated

    def what_is_at(self, path: str) -> str:
        if path in self.folders:
            return f"'{path}' is a folder; link to a page in it"
        if path in self.data:
            return f"'{path}' holds measurements, which are published on their KPI's page"
        return f"no entity, free page or generated page is at '{path}'"

    def closest(self, path: str) -> str | None:
        """The page whose file or page name is closest to the path's, in the same folder if one is."""
        close = get_close_matches(_stem(path), list(self.by_name), n=1, cutoff=0.75)
        if not close:
            return None
        folder = posixpath.dirname(path.casefold())
        paths = self.by_name[close[0]]
        return next((p for p in paths if posixpath.dirname(p.casefold()) == folder), paths[0])


def _folders(path: str):
    while "/" in path:
        path = path.rpartition("/")[0]
        yield path


def _stem(path: str) -> str:
    return posixpath.splitext(posixpath.basename(path.rstrip("/")))[0].casefold()


def _dead_links(file: str, text: str, first_line: int, column: int | None, known: Pages) -> list[Diagnostic]:
    diags, after = [], 0
    for href in link_hrefs(text):
        target = linked_file(file, href)
        if target is None or target == ".." or target.startswith("../") or known.has(target):
            continue  # an address elsewhere or a fragment; leaving the content folder (PB023's); a page
        at = _find(text, href, after)  # links come in the order they are written, but for reference links
        at = at if at >= 0 else _find(text, href, 0)
        after = at + 1 if at >= 0 else after
        line, col = locate(text, at, first_line, column)
        hint = _hint(file, target, known) if len(diags) < MAX_HINTS else ""
        diags.append(Diagnostic(file, line, col, "error", "PB109",
                                f"link '{href}' leads to no page: {known.what_is_at(target)}{hint}"))
    return diags


_BEFORE, _AFTER = set(" \t\n(<\"'=:"), set(" \t\n)>\"'")


def _find(text: str, href: str, start: int) -> int:
    """Where the link target `href` is written, from `start` on: as a whole target, not as
    the beginning of a longer one (`../goals/` inside `../goals/nope.yml`); -1 if not as written."""
    at = text.find(href, start)
    while at >= 0:
        end = at + len(href)
        if (at == 0 or text[at - 1] in _BEFORE) and (end == len(text) or text[end] in _AFTER):
            return at
        at = text.find(href, at + 1)
    return -1


def _hint(file: str, target: str, known: Pages) -> str:
    closest = known.closest(target)
    if closest is None:
        return ""
    named = known.generated.get(closest)
    found = known.graph.at_path(closest)
    if isinstance(found, Entity):
        named = f"[[{found.kind}:{found.id}]]"
    return f" (did you mean '{source_link(file, closest)}'{f' or {named}' if named else ''}?)"
