"""A generated page: its path, nav placement and complete Markdown source.

A page's Markdown is YAML front matter followed by blocks separated by blank
lines. A block is either a heading with fixed text (`heading`, so the table of
contents lists it) or one raw HTML block built by `html.py`; user text only ever
appears inside the HTML blocks, escaped or sanitised, never as Markdown.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

from markupsafe import Markup

from playbook.site.render.html import el
from playbook.site.render.sanitize import meta_text, one_block

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()>#+\-.!|])")  # python-markdown's escapable set
# Characters YAML does not accept in a document, written as escapes instead.
_NOT_YAML = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class SitePage:
    path: str  # source path relative to the docs root, e.g. "goals/recruit-talent.md"
    title: str  # as written in the front matter: HTML-safe text (see sanitize.meta_text)
    markdown: str  # complete page source, with YAML front matter
    section: str | None  # sidebar section title for pages listed in the nav
    in_nav: bool  # False for entity pages (reached through indexes and links)
    source: str | None  # the content file it was made from, relative to the content root


def heading(text: str, level: int = 2) -> str:
    """A Markdown heading; `text` (which may hold the organization's own terms) reads as written."""
    return f"{'#' * level} {md_text(text)}"


def md_text(text: str) -> str:
    """Plain text that Markdown shows as written."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))


def _yaml(value) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return _NOT_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def front_matter(title: str, description: str | None, tags: list[str] | None, boost: float | None,
                 hide: list[str] | None = None, searchable: bool = True) -> str:
    lines = ["---", f"title: {_yaml(meta_text(title))}"]
    if description:
        lines.append(f"description: {_yaml(meta_text(description))}")
    if tags:
        lines.append(f"tags: {_yaml([meta_text(t) for t in tags])}")
    if not searchable:
        lines.append(f"search: {_yaml({'exclude': True})}")
    elif boost:
        lines.append(f"search: {_yaml({'boost': boost})}")
    if hide:
        lines.append(f"hide: {_yaml(hide)}")
    return "\n".join(lines + ["---"])


def make_page(path: str, title: str, blocks: list, *, description: str | None = None,
              tags: list[str] | None = None, section: str | None = None, in_nav: bool = False,
              source: str | None = None, boost: float | None = None, subtitle: Markup | None = None,
              wide: bool = False, searchable: bool = True) -> SitePage:
    """The page with its title as the first heading, then the non-empty blocks;
    a `wide` page hides the table of contents to give charts the room; a page
    that only gathers what other pages say is not `searchable`."""
    top = el("h1", title) + (Markup("\n") + subtitle if subtitle else Markup(""))
    parts = [front_matter(title, description, tags, boost, ["toc"] if wide else None, searchable)]
    parts += [one_block(str(b)) for b in [el("div", top, class_="pb-head"), *blocks] if b]  # text may hold blank lines
    return SitePage(path, meta_text(title), "\n\n".join(parts) + "\n", section, in_nav, source)
