"""The engine's pages rendered without Python-Markdown, to the HTML and contents it would make.

An engine page reaches MkDocs as Markdown of two kinds of parts only: headings (written by
`markdown_page.heading`) and placeholders for its raw HTML blocks (`rawhtml.stash`). MkDocs
makes a new Python-Markdown, with every extension the site names, for each page it renders,
then runs every processor over it: about half a millisecond a page (0.2 ms to make it,
0.3 ms to run it), some 0.4 s of a 5 s build at 1,000 entities, to write a few headings.
`QuickRender.render` writes such a page itself:

* each heading as the table-of-contents extension writes it (its id made unique by the
  extension's own `slugify` and `unique`, and its permalink), and each placeholder as the
  paragraph that `rawhtml.unstash` replaces;
* the page's table of contents from the same entries, nested by the extension's own
  `nest_toc_tokens`.

It renders only what it can vouch for: a page with any other part, or a heading with a
character outside letters, digits, spaces and the escapes and entities `markdown_page.md_text`
writes, goes to Python-Markdown as before. And once a build, it renders a page of every kind
of heading it takes (`_PROBE`) both ways: unless the HTML and the contents are the same,
which a site's own extensions or table-of-contents settings may prevent, every page goes to
Python-Markdown.
"""
from __future__ import annotations

import html
import logging
import re

import markdown
from markdown.extensions.toc import nest_toc_tokens, unique
from mkdocs.structure.toc import get_toc

from .rawhtml import PLACEHOLDER

_HEADING = re.compile(r"(#{2,6}) (\S(?:.*\S)?)")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()>#+\-.!|])")
_ENTITY = re.compile(r"&(?:amp|lt|gt);")
_PROBE = "\n\n".join([
    "## Status", "pb-raw-html-0", "## Referenced by", "### Status", "pb-raw-html-1", "## Status",
    "## Mesures d\u00e9taill\u00e9es", "#### \u00dcber 2026 \\(draft\\) \\- A\\.B\\! 1\\+2 \\[x\\] \\#7 \\_c\\_ \\*d\\*",
    "##### Status 1", "###### Status\\_1", "## \u65e5\u672c\u8a9e", "## A \\> B &gt; C &amp;D &lt;E",
    "## \\-\\- \\.\\.\\. \\>\\> &gt;&gt; &lt;&lt; \\(c\\)",
    "pb-raw-html-2",
])
"""Every kind of part `render` takes: levels 2 to 6, one title three times, accents, other
scripts, each escape and entity, and what typographic extensions turn into other signs."""


class QuickRender:
    """`render(markdown)` of the pages a build's site renders as Python-Markdown would."""

    def __init__(self, config) -> None:
        try:
            md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})
        except Exception:  # an extension that cannot be loaded: MkDocs will say so for the first page
            md = None
        self._toc = md.treeprocessors["toc"] if md is not None and "toc" in md.treeprocessors else None
        self.usable = self._toc is not None and self._same(md, _PROBE)

    def render(self, text: str) -> tuple[str, list[dict]] | None:
        """(the HTML, the table of contents' entries) of the page's Markdown; None for a page
        this does not render."""
        if not self.usable:
            return None
        return self._render(text)

    def _render(self, text: str) -> tuple[str, list[dict]] | None:
        toc, ids, counters, out, tokens = self._toc, set(), {}, [], []
        for part in text.strip("\n").split("\n\n") if text.strip() else []:
            if PLACEHOLDER.fullmatch(part):
                out.append(f"<p>{part}</p>")
                continue
            found = _HEADING.fullmatch(part)
            if found is None or not _plain(found[2]):
                return None
            level, name = len(found[1]), _ESCAPED.sub(r"\1", found[2])  # `md_text`'s entities stay as they are
            ident = unique(toc.slugify(html.unescape(name), toc.sep), ids, counters)
            link = f'<a class="{toc.permalink_class}" href="#{ident}" title="{toc.permalink_title}">&para;</a>'
            out.append(f'<h{level} id="{ident}">{name.replace(">", "&gt;")}{link}</h{level}>')  # the `>` of `\>`
            if toc.toc_top <= level <= toc.toc_bottom:
                tokens.append({"level": level, "id": ident, "name": name, "html": name, "data-toc-label": ""})
        return "\n".join(out), nest_toc_tokens(tokens)

    def _same(self, md, text: str) -> bool:
        try:
            toc = self._toc
            if toc.use_permalinks is not True or toc.use_anchors or toc.permalink_leading or not toc.permalink_title:
                return False
            return (md.convert(text), md.toc_tokens) == self._render(text)
        except Exception:  # another Python-Markdown, or an extension that fails on the probe: leave every page to it
            return False


def _plain(text: str) -> bool:
    """Letters, digits, single spaces, and `md_text`'s escapes and entities only: text that every
    extension the probe passes leaves as it is."""
    return all(c.isalnum() or c == " " for c in _ENTITY.sub("a", _ESCAPED.sub("a", text))) and "  " not in text


def render_quickly(quick: QuickRender, page) -> None:
    """Have MkDocs render the page with `quick` when it comes to it (its Markdown is then final),
    or, where `quick` does not render it, with Python-Markdown as before."""
    standard = page.render

    def render(config, files) -> None:
        rendered = quick.render(page.markdown)
        if rendered is None:
            return standard(config, files)
        page.content, tokens = rendered
        page.toc, page._title_from_render = get_toc(tokens), None
        page.present_anchor_ids = set(_HEADING_ID.findall(page.content))
        if _PAGES_LOG.getEffectiveLevel() > logging.DEBUG:  # as MkDocs: a page without links links to no anchor
            page.links_to_anchors = {}

    if quick.usable:
        page.render = render


_HEADING_ID = re.compile(r'<h[2-6] id="([^"]+)"')
_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")


