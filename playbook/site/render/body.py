"""Markdown bodies (of entities and free pages) as sanitised HTML, inline references resolved.

`[[kind:id]]` and `[[kind:id|label]]` (see `playbook.check.graph.INLINE_REF`) become
Markdown links whose text is the entity's title (or the label) and whose URL is
relative to the page; the result goes through the same Markdown rendering and
cleaning as the rest of the body. A reference to a hidden entity (which the
edition's copy holds as `RESTRICTED_REF`) becomes "a restricted item"; one to an
unknown entity (already a PB105 diagnostic) stays as plain text. `[[page:name]]` and `[[mode:name]]` name a generated page
(`playbook.check.page_names`): a link carrying the page's title where the site
renders that page, its title as plain text where this edition does not.

Ordinary relative links are resolved from the file that holds them: a link to a
content file points at the page made from that file, a link to a generated page's
path (`../team.md`) at that page. A link to a hidden entity, to a page the edition
does not render, or to nothing (already a PB109 diagnostic) loses its target and
keeps its words: the site never holds a dead link. A link to a hidden file is
`RESTRICTED_HREF` in the edition's copy.
"""
from __future__ import annotations

import re

from markupsafe import Markup

from playbook.check.edition import RESTRICTED_HREF, RESTRICTED_REF
from playbook.check.graph import INLINE_REF, SITE_REFS
from playbook.check.local_paths import linked_file
from playbook.check.page_names import fallback_title, named_pages
from playbook.check.site_paths import source_link
from playbook.content.model import Entity, Page
from playbook.site.render.context import Ctx, restricted
from playbook.site.render.html import el
from playbook.site.render.markdown_page import md_text
from playbook.site.render.sanitize import markdown_html


def resolve_refs(text: str, ctx: Ctx, source: str) -> str:
    """The text with each inline reference written as a relative Markdown link to the file or
    generated page it names (which `content_links` then sends to its page), or as plain words."""
    text = text.replace(RESTRICTED_REF, md_text(restricted()))

    def replace(match: re.Match) -> str:
        kind, ident, label = match.group(1), match.group(2), match.group(3)
        label = label.strip() if label and label.strip() else None
        if kind in SITE_REFS:
            return site_ref(kind, ident, label, ctx, source)
        entity = ctx.view.get(kind, ident)
        if entity is None:
            return md_text(label or f"{kind}:{ident}")
        if not ctx.view.shows(entity):
            return md_text(restricted())
        return f"[{md_text(label or entity.title)}]({source_link(source, entity.file)})"
    return INLINE_REF.sub(replace, text)


def site_ref(prefix: str, name: str, label: str | None, ctx: Ctx, source: str) -> str:
    """A link to the generated page `[[prefix:name]]` names, or its words where there is no such page."""
    modes = ctx.view.config.modes
    path = named_pages(modes).get((prefix, name))
    if path in ctx.published:
        return f"[{md_text(label or ctx.published[path])}]({source_link(source, path)})"
    return md_text(label or fallback_title(prefix, name, modes))


def content_links(source: str, ctx: Ctx):
    """A link filter that sends relative links to the pages they name, and drops those naming none."""
    def rewrite(href: str) -> str | None:
        if href == RESTRICTED_HREF:
            return None
        target = linked_file(source, href)
        if target is None:
            return href  # an address elsewhere, or a fragment of this page
        fragment = href.partition("#")[2]
        found = ctx.view.at_path(target)
        if isinstance(found, Entity):
            return ctx.entity_href(found, fragment) if ctx.view.shows(found) else None
        if isinstance(found, Page):
            return ctx.href(found.file, fragment) if ctx.view.shows(found) else None  # published at its own path
        return ctx.href(target, fragment) if target in ctx.published else None
    return rewrite


def body_html(text: str | None, ctx: Ctx, source: str) -> Markup:
    """The body as a raw HTML block, or nothing when there is no text.

    `source` is the content file holding the text, for its relative links.
    """
    if not text or not text.strip():
        return Markup("")
    return el("div", markdown_html(resolve_refs(text, ctx, source), content_links(source, ctx)), class_="pb-body")
