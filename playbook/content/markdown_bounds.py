"""Bounds on the work a Markdown text can cause, checked before any Markdown is rendered.

Python-Markdown, which renders bodies and finds their links, takes time that grows
with the square of some inputs and recursion that grows with nesting:

* every `[` or `](` left open makes it scan to the end of its paragraph, so 20,000
  `[` take minutes; `link_work` adds up those scans (the characters from each open
  bracket to the end of its paragraph) and `MAX_LINK_WORK` bounds the sum;
* every level of block quote or list nesting is a level of recursion, and a line's
  nesting also multiplies the work on every line below it; `MAX_NESTING` bounds it.

A text beyond either bound is refused (PB016) with the place of the first offending
character, so the checker, the site and every export only ever render text that
finishes in bounded time.
"""
from __future__ import annotations

import re

from playbook.content.diagnostics import position
from playbook.content.safe_yaml import Located

MAX_NESTING = 20
"""Levels of block quote, list item and four-column indentation one line may open."""
MAX_LINK_WORK = 4_000_000
"""Characters Python-Markdown may scan for brackets that never close, per text (about 2 s)."""

_PREFIX = re.compile(r"[ \t]*(?:(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]*)*")
_MARKER = re.compile(r">|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])")
_BRACKETS = re.compile(r"\\.|\]\(|[\[\]]", re.S)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_DEEP = re.compile(rf"^[ \t>*+\-.)\d]{{{MAX_NESTING + 1}}}", re.M)
"""A line can only nest deeper than MAX_NESTING where its first MAX_NESTING + 1 characters could
all be markers or indentation: no character opens more than one level (a tab at most four columns)."""
_SURELY_BOUNDED = int(MAX_LINK_WORK ** 0.5)
"""No text this short can take MAX_LINK_WORK steps: each bracket left open adds at most the
text's length, and a text has fewer brackets than characters."""


def nesting(line: str) -> tuple[int, int]:
    """(levels the line's leading markers and indentation open, where its text starts)."""
    prefix = _PREFIX.match(line).group()
    markers = len(_MARKER.findall(prefix))
    spaces = sum(1 for c in prefix.expandtabs(4) if c == " ")
    return markers + spaces // 4, len(prefix)


def link_work(block: str) -> tuple[int, int]:
    """(characters scanned for open brackets in one paragraph, offset of the first open one or -1)."""
    open_at, unclosed = [], []
    last_paren = block.rfind(")")
    for match in _BRACKETS.finditer(block):
        token, at = match.group(), match.start()
        if token == "[":
            open_at.append(at)
        elif token in ("]", "]("):
            if open_at:
                open_at.pop()
            if token == "](" and at > last_paren:
                unclosed.append(at)
    unclosed += open_at
    return sum(len(block) - at for at in unclosed), min(unclosed, default=-1)


def document_problem(doc: Located, body: str | None, body_line: int) -> tuple[int, int, str, str] | None:
    """(line, column, "PB016", message) of the first text of a document, its body or a
    text field, that breaks a bound; None when none does."""
    if body:
        problem = markdown_problem(body)
        if problem:
            return (*position(body, problem[0], body_line), "PB016", problem[1])
    for path, value in doc.strings():
        problem = markdown_problem(value)
        if problem:
            return (*doc.loc(path), "PB016", problem[1])
    return None


def markdown_problem(text: str) -> tuple[int, str] | None:
    """(offset, message) of the first bound the text breaks, or None."""
    offset = 0
    for line in text.split("\n") if _DEEP.search(text) else ():
        depth, at = nesting(line)
        if depth > MAX_NESTING:
            return offset + at, (f"Markdown nests {depth} levels deep (block quotes, lists, indentation); "
                                 f"the limit is {MAX_NESTING}")
        offset += len(line) + 1
    if len(text) <= _SURELY_BOUNDED or ("[" not in text and "](" not in text):
        return None
    bounds = [0, *(i for m in _BLANK_LINE.finditer(text) for i in (m.start(), m.end())), len(text)]
    total, first = 0, -1
    for start, end in zip(bounds[::2], bounds[1::2]):
        work, at = link_work(text[start:end])
        total += work
        if at >= 0 and first < 0:
            first = start + at
    if total > MAX_LINK_WORK:
        return first, (f"too many '[' or '](' left open (they would take the renderer {total:,} steps; the limit "
                       f"is {MAX_LINK_WORK:,}): close each, or write it as \\[ to show a bracket")
    return None
