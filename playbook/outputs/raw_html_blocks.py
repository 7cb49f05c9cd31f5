"""A Python-Markdown extension that hands the raw HTML blocks of the engine's pages through unparsed.

An engine page is Markdown made of blocks separated by blank lines: headings, and raw HTML
blocks that hold no blank line (`playbook.site.render.markdown_page`). Python-Markdown passes
raw HTML through unchanged, but only after an HTML parser has read it, and on a large
playbook that is most of a builder's Markdown time. The MkDocs plugin hands the blocks past
MkDocs itself (`plugins/rawhtml`); for the builders that read what `playbook render` writes
(Zensical, and MkDocs or ProperDocs without the plugin), `site_source` names this extension
in the configuration and marks each engine page with `MARK` on its first line after the
front matter. On a marked page each raw HTML block goes into Python-Markdown's own stash,
from which its raw HTML postprocessor puts it back where the HTML parser would have; a page
without the mark (the project's own `docs_dir` pages) is converted as usual.
"""
from __future__ import annotations

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

NAME = "playbook.outputs.raw_html_blocks"
MARK = '[//]: # "playbook page: raw HTML blocks"'
"""A Markdown comment (a link definition no text uses): a page read without this extension shows nothing of it."""


def marked(markdown: str) -> str:
    """An engine page with `MARK` as the first line after its front matter."""
    end = markdown.find("\n---\n", 3) + 5 if markdown.startswith("---\n") else 0
    return f"{markdown[:end]}{MARK}\n\n{markdown[end:].lstrip(chr(10))}"


class RawHtmlStash(Preprocessor):
    """On a marked page, every block that starts with a tag (not a comment, which may be a directive) is stashed whole."""

    def run(self, lines: list[str]) -> list[str]:
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is None or lines[first] != MARK:
            return lines
        parts = "\n".join(lines[first + 1:]).lstrip("\n").split("\n\n")
        for i, part in enumerate(parts):
            if part.startswith("<") and not part.startswith("<!--"):
                parts[i] = self.md.htmlStash.store(part + "\n")  # as the HTML block parser keeps it
        return "\n\n".join(parts).split("\n")


class RawHtmlBlocks(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # after whitespace is normalised (30), before the HTML block parser (20)
        md.preprocessors.register(RawHtmlStash(md), "playbook_raw_html", 25)


def makeExtension(**kwargs) -> RawHtmlBlocks:  # noqa: N802 (Python-Markdown's name)
    return RawHtmlBlocks(**kwargs)
