"""Check, before a build, that the MkDocs and Material internals each speed-up needs are there.

The speed-ups lean on internals of MkDocs 1.6 and Material 9 that no public API
promises: the search plugin's index and section classes (`searchindex`), the page's
`present_anchor_ids` that MkDocs' anchor validation reads (`rawhtml`), and, under
`serve --dirty`, `File.is_modified`, the search index's `entries` and
`search_index_prev` and the tags plugin's `mappings` (`incremental`). `missing(config)`
names, for each speed-up, what is not there; the plugin then takes the standard path
for it and says so once, so a newer MkDocs or Material (or ProperDocs) gives the same
site, only slower, instead of failing.
"""
from __future__ import annotations

import importlib

from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

SEARCH, RAW_HTML, INCREMENTAL = "search indexing", "raw HTML hand-over", "incremental serve"


def _search_module():
    try:
        return importlib.import_module("material.plugins.search.plugin")
    except ImportError:
        return None


def missing(config) -> dict[str, str]:
    """Speed-up -> the internal it needs and cannot find (empty when all are there)."""
    gone: dict[str, str] = {}
    search = _search_module()
    needed = ("SearchPlugin", "SearchIndex", "Element", "Section", "void")
    absent = [name for name in needed if search is None or not hasattr(search, name)]
    if not absent and not hasattr(search.SearchIndex, "create_entry_for_section"):
        absent = ["SearchIndex.create_entry_for_section"]
    if absent:
        gone[SEARCH] = f"material.plugins.search.plugin.{absent[0]}"
    if "present_anchor_ids" not in getattr(Page, "__annotations__", {}) and not hasattr(Page, "present_anchor_ids"):
        gone[RAW_HTML] = "mkdocs.structure.pages.Page.present_anchor_ids"
    if not hasattr(File, "is_modified"):
        gone[INCREMENTAL] = "mkdocs.structure.files.File.is_modified"
    elif SEARCH in gone:
        gone[INCREMENTAL] = gone[SEARCH]
    return gone
