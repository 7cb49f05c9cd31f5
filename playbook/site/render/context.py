"""What a page needs while it is written: the edition's view and where the page is.

`Ctx.link` is the one way to link to an entity: a visible one becomes a link
whose text is its title, with the URL relative to the current page; a hidden
one becomes the words "a restricted item", with neither link, title nor id.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field, replace

from markupsafe import Markup, escape

from playbook.check.site_paths import entity_path, file_url, source_link, url
from playbook.content.model import Entity
from playbook.i18n import _
from playbook.site.render.formats import badge, kind_title
from playbook.site.render.html import el, join
from playbook.site.render.view import View


def restricted() -> str:
    """What a hidden entity reads as."""
    return _("a restricted item")


@dataclass(frozen=True)
class Ctx:
    view: View
    path: str  # source path of the page being written
    directory_urls: bool = True
    source_links: bool = False  # link to the pages' .md files, for builders that resolve them
    published: dict[str, str] = field(default_factory=dict, compare=False)  # path -> title of the generated pages rendered
    edit_base: str | None = None  # where content files are edited on the repository's site; None: no edit links

    def at(self, path: str) -> "Ctx":
        return replace(self, path=path)

    def publishing(self, pages) -> "Ctx":
        """This context knowing the generated pages the site holds, so that Markdown may link to them."""
        return replace(self, published={page.path: html.unescape(page.title) for page in pages})

    def href(self, to_path: str, fragment: str = "") -> str:
        if self.source_links:
            return source_link(self.path, to_path, fragment)
        return url(self.path, to_path, self.directory_urls, fragment)

    def file_href(self, file_path: str) -> str:
        """The URL of a file of the site that is no page (a feed), relative to this page."""
        return file_url(self.path, file_path, self.directory_urls)

    def entity_href(self, entity: Entity, fragment: str = "") -> str:
        """The URL of the entity's page, relative to this page (whether or not it is shown)."""
        return self.href(entity_path(entity.kind, entity.id), fragment)

    def link(self, entity: Entity, text: str | None = None, hint: str | None = None) -> Markup:
        """A link to the entity (`hint` becomes its tooltip), or the restricted words."""
        if not self.view.shows(entity):
            return el("span", restricted(), class_="pb-restricted")
        return el("a", text or entity.title, href=self.entity_href(entity), title=hint)

    def links(self, entities, empty: str = "") -> Markup:
        return join([self.link(e) for e in entities]) if entities else escape(empty)

    def with_status(self, entity: Entity) -> Markup:
        """The link, followed by the status badge of strategies, goals and KPIs."""
        status = self.status_of(entity)
        return self.link(entity) + Markup(" ") + badge(status) if status else self.link(entity)

    def labelled(self, entity: Entity) -> Markup:
        """'Goal: <link>' with the status badge of strategies, goals and KPIs."""
        return _("{kind}: {entity}", kind=kind_title(entity.kind), entity=self.with_status(entity))

    def status_of(self, entity: Entity) -> str | None:
        if entity.kind == "kpi":
            return self.view.status_word(entity)
        if entity.kind == "goal":
            return self.view.goal_status(entity)
        if entity.kind == "strategy":
            return self.view.strategy_status(entity)
        return None
