"""Build the sidebar from the engine's pages: one entry or section per `SitePage.section`.

Used by the MkDocs plugin (as `nav`) and by `playbook render` (in the mkdocs.yml it
writes for builders that run no plugins).

Entity pages stay out of the sidebar (they are reached through the kind indexes),
which keeps the build linear in the number of entities: every page renders the
whole navigation, so a sidebar listing every entity makes the build quadratic.
"""
from __future__ import annotations

from .site import SitePage

TAGS_PAGE = SitePage(
    path="tags.md", title="Tags", section="Tags", in_nav=True, source=None,
    markdown="---\ntitle: Tags\n---\n\n# Tags\n\nEvery tag in the playbook, with the pages that carry it.\n\n"
             "<!-- material/tags -->\n",
)
"""The listing Material's tags plugin fills in; added only when that plugin is on."""


def with_tags_page(pages: list, plugins) -> list:
    """The pages, plus a tags listing when the tags plugin is enabled (`plugins`: names,
    or MkDocs' plugin collection)."""
    enabled = "tags" in plugins or "material/tags" in plugins
    return pages + [TAGS_PAGE] if enabled else pages


def build_nav(pages) -> list:
    """MkDocs `nav` value: sections in the order the pages come, single pages as plain entries."""
    groups: dict[str, list] = {}
    for page in pages:
        if page.in_nav and page.section:
            groups.setdefault(page.section, []).append(page)
    nav = []
    for section, members in groups.items():
        if len(members) == 1:
            nav.append({section: members[0].path})
        else:
            nav.append({section: [{p.title: p.path} for p in members]})
    return nav
