"""Output paths must be unique however a file system or a browser compares them.

Two pages whose output paths differ only in letter case (`pages/Guide.md` and
`pages/guide.md`) or in Unicode form (a precomposed `é` and `e` with a combining
accent, a full-width letter) overwrite each other on case-insensitive or
normalising file systems and confuse readers everywhere else; with directory URLs
`guide.md` and `guide/index.md` even land on the same file. `path_clashes` finds
every such pair and names both sources (PB009): the checker over the free pages
(published under their own path, `pages/...`, so they can only clash with each
other), the site over every page it renders.
"""
from __future__ import annotations

import posixpath
import unicodedata

from playbook.content.diagnostics import Diagnostic


def url_key(path: str, directory_urls: bool) -> str:
    """What a page's output path is compared by: NFKC, case-folded, index-less."""
    key = unicodedata.normalize("NFKC", path.replace("\\", "/")).casefold()
    key = unicodedata.normalize("NFKC", key)  # case folding can undo normalisation
    stem, _ = posixpath.splitext(key)
    name = posixpath.basename(stem)
    if name in ("index", "readme"):
        return posixpath.dirname(stem) + "/"
    return stem + "/" if directory_urls else stem + ".html"


def path_clashes(outputs, directory_urls: bool = True) -> list[Diagnostic]:
    """PB009 for each output whose path clashes with an earlier one's.

    `outputs` are `(path, source)` pairs: the output Markdown path relative to the
    docs root, and the content file it comes from (None for a generated page).
    """
    seen: dict[str, tuple[str, str | None]] = {}
    diags = []
    for path, source in outputs:
        first = seen.setdefault(url_key(path, directory_urls), (path, source))
        if first != (path, source):
            diags.append(Diagnostic(source or first[1] or path, 1, 1, "error", "PB009",
                                    f"page {_describe(path, source)} clashes with {_describe(*first)}{_forms(path, first[0])}: "
                                    "output paths may not differ only in letter case or Unicode form, "
                                    "nor name the same page (x.md and x/index.md); rename one of them"))
    return diags


def _forms(a: str, b: str) -> str:
    same = unicodedata.normalize("NFC", a) == unicodedata.normalize("NFC", b)
    return " (the same letters in different Unicode forms)" if same and a != b else ""


def _describe(path: str, source: str | None) -> str:
    if source is None:
        return f"'{path}' (generated)"
    return f"'{source}'" if source == path else f"'{path}' (from {source})"
