"""Check, before a build, that the MkDocs and Material internals each speed-up needs are there.

The speed-ups lean on internals of MkDocs 1.6 and Material 9 that no public API
promises: the page's `present_anchor_ids` that MkDocs' anchor validation reads
(`rawhtml`), and, under `serve --dirty`, `File.is_modified` and the tags plugin's
`mappings` (`incremental`). `missing(config)`
names, for each speed-up, what is not there; the plugin then takes the standard path
for it and says so once, so a newer MkDocs or Material (or ProperDocs) gives the same
site, only slower, instead of failing.
"""
from __future__ import annotations

from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

RAW_HTML, INCREMENTAL = "raw HTML hand-over", "incremental serve"


def missing(config) -> dict[str, str]:
    """Speed-up -> the internal it needs and cannot find (empty when all are there)."""
    gone: dict[str, str] = {}
    if "present_anchor_ids" not in getattr(Page, "__annotations__", {}) and not hasattr(Page, "present_anchor_ids"):
        gone[RAW_HTML] = "mkdocs.structure.pages.Page.present_anchor_ids"
    if not hasattr(File, "is_modified"):
        gone[INCREMENTAL] = "mkdocs.structure.files.File.is_modified"
    return gone
