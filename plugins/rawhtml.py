"""Hand the engine's raw HTML blocks past Python-Markdown, which would only copy them.

An engine page is Markdown made of blocks separated by blank lines: front matter,
headings, and raw HTML blocks that hold no blank line (`playbook.site.render.markdown_page`).
Python-Markdown passes raw HTML through unchanged, but only after running an
HTML parser over it twice (MkDocs' anchor finder and the block extractor): on a
large playbook that is most of the build. `stash` swaps each raw HTML block for
a placeholder paragraph before MkDocs sees the page; `unstash` puts the blocks
back into the rendered page, exactly where Python-Markdown would have put them,
and `anchor_ids` lists the ids they hold, which MkDocs would have found itself.
"""
from __future__ import annotations

import html
import re

_PLACEHOLDER = "pb-raw-html-{}"
PLACEHOLDER = re.compile(r"pb-raw-html-\d+")
"""A placeholder as `stash` writes it, alone in its part of the page."""
_PLACEHOLDER_HTML = re.compile(r"<p>pb-raw-html-(\d+)</p>")
ID = re.compile(r"""<[A-Za-z][^<>]*?\sid="([^"]*)\"""")
"""An element's id: what `ids_in` finds, as `ID.findall` would."""
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def stash(markdown: str) -> tuple[str, list[str]]:
    """(the page with a placeholder for each raw HTML block, the blocks in order)."""
    blocks: list[str] = []
    parts = markdown.split("\n\n")
    for i, part in enumerate(parts):
        if part.startswith("<") and not part.startswith("<!--"):  # comments may be directives
            parts[i] = _PLACEHOLDER.format(len(blocks))
            blocks.append(part.rstrip("\n") + "\n")  # as Python-Markdown writes a raw block
    return "\n\n".join(parts), blocks


def unstash(content: str, blocks: list[str]) -> str:
    """The rendered page with its raw HTML blocks back in place (stripped, like Python-Markdown's output)."""
    return _PLACEHOLDER_HTML.sub(lambda m: blocks[int(m[1])], content).strip()


def anchor_ids(blocks: list[str]) -> set[str]:
    """The `id` attributes of the elements in the blocks."""
    return {html.unescape(value) for block in blocks for value in ids_in(block)}


def ids_in(block: str) -> list[str]:
    """`ID.findall(block)`, ten times as fast: the pattern tries every tag, this looks only at
    each `id="` and back to the `<` or `>` nearest before it, as far as the last match's end."""
    found = []
    start = 0  # where the next match may begin: after the last one
    k = block.find('id="', 2)
    while k >= 0:
        space = k - 1
        if block[space].isspace():  # what the pattern's \s matches
            opens = max(block.rfind("<", start, space), block.rfind(">", start, space))
            if opens >= 0 and block[opens] == "<" and block[opens + 1] in _LETTERS:
                end = block.find('"', k + 4)
                if end < 0:
                    break  # no value closes here, nor after any later id="
                found.append(block[k + 4:end])
                start = end + 1
                k = block.find('id="', start + 2)
                continue
        k = block.find('id="', k + 1)
    return found


class AnchorMemo:
    """`anchor_ids`, each block's worked out once while it stays in the site: under `serve`, a
    page made again (the print page, every time) mostly holds the blocks it held before."""

    def __init__(self) -> None:
        self._last: dict[str, frozenset[str]] = {}
        self._now: dict[str, frozenset[str]] = {}

    def next_build(self) -> None:
        self._last, self._now = self._now, {}

    def anchor_ids(self, blocks: list[str]) -> set[str]:
        found: set[str] = set()
        for block in blocks:
            ids = self._now.get(block)
            if ids is None:
                ids = self._last.get(block)
                self._now[block] = ids = frozenset(anchor_ids([block])) if ids is None else ids
            found |= ids
        return found
