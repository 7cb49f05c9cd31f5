"""Build the sidebar from the engine's pages: one entry or section per `SitePage.section`.

Used by the MkDocs plugin (as `nav`) and by `playbook render` (in the mkdocs.yml it
writes for builders that run no plugins).

Entity pages stay out of the sidebar (they are reached through the kind indexes),
which keeps the build linear in the number of entities: every page renders the
whole navigation, so a sidebar listing every entity makes the build quadratic.
"""
from __future__ import annotations

from playbook.i18n import _
from playbook.site.render.markdown_page import SitePage, md_text
from playbook.site.render.sanitize import meta_text


def tags_page() -> SitePage:
    """The listing Material's tags plugin fills in; added only when that plugin is on."""
    title = _("Tags")
    markdown = (f"---\ntitle: {title}\n---\n\n# {md_text(title)}\n\n"
                f"{md_text(_('Every tag in the playbook, with the pages that carry it.'))}\n\n<!-- material/tags -->\n")
    return SitePage(path="tags.md", title=title, section=title, in_nav=True, source=None, markdown=markdown)


def tags_enabled(plugins) -> bool:
    """Whether the tags plugin is on (`plugins`: names, or MkDocs' plugin collection)."""
    return "tags" in plugins or "material/tags" in plugins


def build_nav(pages) -> list:
    """MkDocs `nav` value: sections in the order the pages come, single pages as plain entries."""
    groups: dict[str, list] = {}
    for page in pages:
        if page.in_nav and page.section:
            groups.setdefault(page.section, []).append(page)
    nav = []
    for section, members in groups.items():
        section = meta_text(section)  # it may hold the organization's own terms, and the theme prints it as HTML
        if len(members) == 1:
            nav.append({section: members[0].path})
        else:
            nav.append({section: [{p.title: p.path} for p in members]})
    return nav
