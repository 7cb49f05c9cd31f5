"""Markdown bodies (of entities and free pages) as sanitised HTML, inline references resolved.

`[[kind:id]]` and `[[kind:id|label]]` (see `playbook.graph.INLINE_REF`) become
Markdown links whose text is the entity's title (or the label) and whose URL is
relative to the page; the result goes through the same Markdown rendering and
cleaning as the rest of the body. A reference to a hidden entity (which the
edition's copy holds as `RESTRICTED_REF`) becomes "a restricted item"; one to an
unknown entity (already a PB105 diagnostic) stays as plain text.

Ordinary relative links to content files (`[the goal](../goals/x.yml)`,
`[onboarding](onboarding.md)`) are resolved from the file that holds them and
point at the page made from that file; a link to a hidden file (`RESTRICTED_HREF`
in the edition's copy) loses its target.
"""
from __future__ import annotations

import re

from markupsafe import Markup

from ..edition import RESTRICTED_HREF, RESTRICTED_REF
from ..graph import INLINE_REF
from ..model import PAGES_FOLDER, Entity
from .context import Ctx, restricted
from .html import el
from .page import md_text
from ..localpaths import linked_file
from .sanitize import markdown_html

def resolve_refs(text: str, ctx: Ctx) -> str:
    text = text.replace(RESTRICTED_REF, md_text(restricted()))

    def replace(match: re.Match) -> str:
        kind, ident, label = match.group(1), match.group(2), match.group(3)
        entity = ctx.view.graph.get(kind, ident)
        if entity is None:
            return md_text(label or f"{kind}:{ident}")
        if not ctx.view.shows(entity):
            return md_text(restricted())
        target = ctx.entity_href(entity)
        return f"[{md_text(label.strip() if label and label.strip() else entity.title)}]({target})"
    return INLINE_REF.sub(replace, text)


def content_links(source: str, ctx: Ctx):
    """A link filter that sends relative links to content files to their pages."""
    def rewrite(href: str) -> str | None:
        if href == RESTRICTED_HREF:
            return None
        target, fragment = linked_file(source, href), href.partition("#")[2]
        found = ctx.view.graph.at_path(target) if target else None
        if isinstance(found, Entity):
            return ctx.entity_href(found, fragment) if ctx.view.shows(found) else None
        if target and target.startswith(f"{PAGES_FOLDER}/") and target.endswith(".md"):
            return ctx.href(target, fragment) if ctx.view.shows(found) else None  # a missing page is no link
        return href
    return rewrite


def body_html(text: str | None, ctx: Ctx, source: str | None = None) -> Markup:
    """The body as a raw HTML block, or nothing when there is no text.

    `source` is the content file holding the text, for its relative links.
    """
    if not text or not text.strip():
        return Markup("")
    link_filter = content_links(source, ctx) if source else None
    return el("div", markdown_html(resolve_refs(text, ctx), link_filter), class_="pb-body")
