"""The "Print this playbook" page: the briefing book's content on one page of the site,
for readers who print from the browser (the site's print styles apply)."""
from __future__ import annotations

from markupsafe import Markup

from ..report import book_blocks
from .context import Ctx
from .formats import date
from .html import el
from .page import SitePage, make_page

PRINT_PATH = "print.md"


def print_page(ctx: Ctx) -> SitePage:
    ctx = ctx.at(PRINT_PATH)
    intro = el("p", Markup("The briefing book as of {}: summary, what needs attention, each strategy, the next "
                           "quarter and the status method. Print it from the browser.").format(date(ctx.view.as_of)),
               class_="pb-intro")
    return make_page(PRINT_PATH, "Print this playbook", [intro, *book_blocks(ctx)],
                     description="The briefing book on one page, to print.", section="Overview", in_nav=True, wide=True)
