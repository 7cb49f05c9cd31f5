"""Free Markdown pages (content/pages/) published as `pages/<path>.md`.

The body is rendered and sanitised like an entity's body, with inline
references resolved; the page keeps its own title, description and tags. A page
may set `visibility` in its front matter like an entity (default internal);
`View.pages` leaves out the pages an edition may not show.

Every page of a site renders the whole sidebar, so a sidebar listing every free
page makes the build quadratic in their number. Up to `MAX_IN_NAV` free pages sit
in the sidebar; beyond that the sidebar holds one page, `guides.md`, that lists
them all by folder, and the pages themselves are reached from there.
"""
from __future__ import annotations

from playbook.check.site_paths import GUIDES_PATH
from playbook.content.model import PAGES_FOLDER, Page
from playbook.i18n import _, _n
from playbook.site.render.body import body_html
from playbook.site.render.context import Ctx
from playbook.site.render.html import el, lines, ul
from playbook.site.render.markdown_page import SitePage, make_page


def guides_title() -> str:
    """The sidebar section of the free pages, and the title of their index."""
    return _("Guides")

MAX_IN_NAV = 30
"""Free pages the sidebar lists one by one; with more, it lists the guides index instead."""


def free_page_path(page: Page) -> str:
    return f"{PAGES_FOLDER}/{page.path}"


def free_pages(pages: list[Page], ctx: Ctx) -> list[SitePage]:
    """Every free page, in the order their `order` sets (then by path), behind a guides
    index when there are too many for the sidebar."""
    pages = sorted(pages, key=page_order)
    in_nav = len(pages) <= MAX_IN_NAV
    rendered = [free_page(page, ctx, in_nav) for page in pages]
    return rendered if in_nav else [guides_index(pages, ctx), *rendered]


def page_order(page: Page) -> tuple:
    order = page.meta.get("order")
    return (order if isinstance(order, (int, float)) and not isinstance(order, bool) else float("inf"), page.path)


def guides_index(pages: list[Page], ctx: Ctx) -> SitePage:
    """One page listing every free page, grouped by folder, in path order."""
    ctx = ctx.at(GUIDES_PATH)
    folders: dict[str, list[Page]] = {}
    for page in pages:
        folders.setdefault(page.path.rpartition("/")[0], []).append(page)
    blocks = [el("p", _n("{n} guide, by folder.", "{n} guides, by folder.", len(pages)), class_="pb-intro")]
    for folder, members in folders.items():
        items = [el("a", page.title, href=ctx.href(free_page_path(page))) for page in members]
        blocks.append(el("section", lines(el("h2", folder or guides_title()), ul(items)), class_="pb-guides"))
    return make_page(GUIDES_PATH, guides_title(), blocks, description=_("Every guide of the playbook, by folder."),
                     section=guides_title(), in_nav=True)


def free_page(page: Page, ctx: Ctx, in_nav: bool = True) -> SitePage:
    path = free_page_path(page)
    ctx = ctx.at(path)
    description = page.meta.get("description") or page.meta.get("summary")
    tags = page.meta.get("tags") if isinstance(page.meta.get("tags"), list) else []
    return make_page(path, page.title, [body_html(page.body, ctx, page.file)],
                     description=str(description) if description else None,
                     tags=[str(t) for t in tags if isinstance(t, str)], section=guides_title(), in_nav=in_nav, source=page.file)
