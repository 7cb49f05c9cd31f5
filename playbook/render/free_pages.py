"""Free Markdown pages (content/pages/) published as `pages/<path>.md`.

The body is rendered and sanitised like an entity's body, with inline
references resolved; the page keeps its own title, description and tags. A page
may set `visibility` in its front matter like an entity (default internal);
`View.pages` leaves out the pages an edition may not show.
"""
from __future__ import annotations

from ..model import PAGES_FOLDER, Page
from .body import body_html
from .context import Ctx
from .page import SitePage, make_page

SECTION = "Guides"


def free_page_path(page: Page) -> str:
    return f"{PAGES_FOLDER}/{page.path}"


def free_page(page: Page, ctx: Ctx) -> SitePage:
    path = free_page_path(page)
    ctx = ctx.at(path)
    description = page.meta.get("description") or page.meta.get("summary")
    tags = page.meta.get("tags") if isinstance(page.meta.get("tags"), list) else []
    return make_page(path, page.title, [body_html(page.body, ctx, page.file)],
                     description=str(description) if description else None,
                     tags=[str(t) for t in tags if isinstance(t, str)], section=SECTION, in_nav=True, source=page.file)
