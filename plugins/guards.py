"""Check, before a build, that the MkDocs and Material internals each speed-up needs are there.

The speed-ups lean on internals of MkDocs 1.6 and Material 9 that no public API
promises: the page's `present_anchor_ids` that MkDocs' anchor validation reads
(`rawhtml`), the page's `render` and the attributes it sets (`quick_render`), and, under
`serve --dirty`, `File.is_modified` and the tags plugin's `mappings` (`incremental`). `missing(config)`
names, for each speed-up, what is not there; the plugin then takes the standard path
for it and says so once, so a newer MkDocs or Material (or ProperDocs) gives the same
site, only slower, instead of failing.
"""
from __future__ import annotations

from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

RAW_HTML, INCREMENTAL, QUICK_RENDER = "raw HTML hand-over", "incremental serve", "pages rendered without Markdown"
_RENDERED = ("content", "toc", "_title_from_render", "present_anchor_ids", "links_to_anchors")
"""What `Page.render` sets, which `quick_render` sets in its place."""


def missing(config) -> dict[str, str]:
    """Speed-up -> the internal it needs and cannot find (empty when all are there)."""
    gone: dict[str, str] = {}
    if "present_anchor_ids" not in getattr(Page, "__annotations__", {}) and not hasattr(Page, "present_anchor_ids"):
        gone[RAW_HTML] = "mkdocs.structure.pages.Page.present_anchor_ids"
    render = getattr(getattr(Page, "render", None), "__code__", None)
    if render is None or not set(_RENDERED) <= set(render.co_names):
        gone[QUICK_RENDER] = "mkdocs.structure.pages.Page.render"
    if not hasattr(File, "is_modified"):
        gone[INCREMENTAL] = "mkdocs.structure.files.File.is_modified"
    return gone
