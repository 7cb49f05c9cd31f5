"""Markdown bodies (of entities and free pages) as sanitised HTML, inline references resolved.

`[[kind:id]]` and `[[kind:id|label]]` (see `playbook.graph.INLINE_REF`) become
Markdown links whose text is the entity's title (or the label) and whose URL is
relative to the page; the result goes through the same Markdown rendering and
cleaning as the rest of the body. A reference to a hidden entity becomes "a
restricted item"; one to an unknown entity (already a PB105 diagnostic) stays
as plain text.
"""
from __future__ import annotations

import html
import re

from markupsafe import Markup

from ..graph import INLINE_REF
from .context import RESTRICTED, Ctx
from .html import el
from .sanitize import markdown_html
from .urls import entity_path

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()>#+\-.!|])")  # python-markdown's escapable set


def md_text(text: str) -> str:
    """Plain text that Markdown shows as written."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))


def resolve_refs(text: str, ctx: Ctx) -> str:
    def replace(match: re.Match) -> str:
        kind, ident, label = match.group(1), match.group(2), match.group(3)
        entity = ctx.view.graph.get(kind, ident)
        if entity is None:
            return md_text(label or f"{kind}:{ident}")
        if not ctx.view.shows(entity):
            return md_text(RESTRICTED)
        target = ctx.href(entity_path(entity.kind, entity.id))
        return f"[{md_text(label.strip() if label and label.strip() else entity.title)}]({target})"
    return INLINE_REF.sub(replace, text)


def body_html(text: str | None, ctx: Ctx) -> Markup:
    """The body as a raw HTML block, or nothing when there is no text."""
    if not text or not text.strip():
        return Markup("")
    return el("div", markdown_html(resolve_refs(text, ctx)), class_="pb-body")
