"""Text from content, made inert for GitHub-flavoured Markdown (issues and pull-request comments).

A title or note written in the playbook is shown as written and does nothing else: no
link, image, HTML, emphasis, math or table cell break (the marks that start them are
escaped with a backslash), no @-mention that would notify someone, no #123 reference
and no bare address turned into a link (a zero-width space follows `@` and `#` and
splits `://` and `www.`, which GitHub links after Markdown is parsed). Line breaks
become spaces, so the text stays in its table cell or list item.
"""
from __future__ import annotations

import re

ZERO_WIDTH = "\u200b"
_PUNCTUATION = re.compile(r"([\\`*_\[\]<>#!|~&$])")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_LINKISH = re.compile(r"(?i)(@|#|:(?=/)|\bwww(?=\.))")


def inert(text) -> str:
    """The text, shown as written in GitHub-flavoured Markdown and doing nothing else."""
    flat = " ".join(_CONTROL.sub("", str(text)).split())
    escaped = _PUNCTUATION.sub(r"\\\1", flat)
    return _LINKISH.sub(lambda m: m.group(1) + ZERO_WIDTH, escaped)
