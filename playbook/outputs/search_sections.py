"""Keep each section of an engine page within what Zensical's search index can hold.

Zensical indexes a page in sections, one from each heading, and refuses to build the site when
one section holds more words ("token positions") than its index can address: 2^30 divided by
the number of sections in the whole site, rounded up to a power of two (16,384 at the 38,000
sections of a 10,000-entity playbook). A section that gathers what other pages say (the due
list, the maturity grid, the home page's strategies) grows with the site. `bounded` counts the
words of each section of a page as Zensical's search splits them; once a section holds
`MAX_WORDS`, each of its further raw HTML blocks is marked `data-search-exclude`. The section is
still found by its beginning, and the words left out are found on the pages they come from.
"""
from __future__ import annotations

import html
import re

MAX_WORDS = 8192
"""Half of what Zensical's index holds at 10,000 entities; a section of 2,000 entities is under it."""

_HEADING = re.compile(r"#{1,6} ")
_TAG = re.compile(r"<[^>]*>")
_SEPARATOR = re.compile(r"""[\s\-_,:!=\[\]()\\"`/]+|\.(?!\d)""")  # Zensical's search separator
_FIRST_TAG = re.compile(r"<[A-Za-z][A-Za-z0-9-]*")


def words(block: str) -> int:
    """The words of a raw HTML block's text, as Zensical's search separates them."""
    return sum(1 for word in _SEPARATOR.split(html.unescape(_TAG.sub(" ", block))) if word)


def bounded(markdown: str) -> str:
    """The page with every raw HTML block past the first `MAX_WORDS` words of its section kept from search."""
    parts = markdown.split("\n\n")
    start = 0
    for end in [i for i, part in enumerate(parts) if _HEADING.match(part)] + [len(parts)]:
        # a word takes a character and is followed by a separator or its block's end: a section
        # of at most 2 * MAX_WORDS characters cannot hold more words
        if sum(len(part) + 2 for part in parts[start:end]) > 2 * MAX_WORDS:
            _exclude_beyond(parts, start, end)
        start = end
    return "\n\n".join(parts)


def _exclude_beyond(parts: list[str], start: int, end: int) -> None:
    count = 0
    for i in range(start, end):
        if parts[i].startswith("<") and not parts[i].startswith("<!--"):
            count += words(parts[i])
            if count > MAX_WORDS:
                parts[i] = _FIRST_TAG.sub(lambda tag: tag[0] + " data-search-exclude", parts[i], count=1)
