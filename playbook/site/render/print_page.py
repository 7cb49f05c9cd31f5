"""The "Print this playbook" page: the briefing book's content on one page of the site,
for readers who print from the browser (the site's print styles apply). It is left out
of the search index: each of its sections is found on the page it comes from. What changed is
told against the content as it stood thirty days before the as-of date."""
from __future__ import annotations

from playbook.check.site_paths import PRINT_PATH
from playbook.i18n import _
from playbook.i18n.terms import kind_words
from playbook.site.render.book import book_blocks, contents
from playbook.site.render.context import Ctx
from playbook.site.render.formats import date
from playbook.site.render.html import el
from playbook.site.render.markdown_page import SitePage, make_page


def print_page(ctx: Ctx) -> SitePage:
    ctx = ctx.at(PRINT_PATH)
    intro = el("p", _("The briefing book as of {date}: the answer at a glance, what needs attention, each {strategy}, "
                      "the roadmap and the status method. Print it from the browser.", date=date(ctx.view.as_of),
                      **kind_words()), class_="pb-intro")
    return make_page(PRINT_PATH, _("Print this playbook"), [intro, contents(ctx.view), *book_blocks(ctx)],
                     description=_("The briefing book on one page, to print."), section=_("Overview"), in_nav=True, wide=True,
                     searchable=False)
