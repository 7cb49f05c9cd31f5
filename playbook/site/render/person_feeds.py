"""Each person's due list as a calendar feed: `calendars/<person>.ics`, a file beside the pages.

A feed holds the items of the "What's due" page that the person owns (`View.due_for`),
so it holds only what the edition shows, and the public edition has none. Every person the
edition shows gets a feed, an empty one too, so that a calendar subscribed early fills in
when something falls due. Their page links to it (`subscribe_link`).
"""
from __future__ import annotations

from markupsafe import Markup

from playbook.check.site_paths import calendar_path
from playbook.content.model import DEFAULT_VISIBILITY, Entity
from playbook.i18n import _
from playbook.living.due_calendar import to_ics
from playbook.site.render.context import Ctx
from playbook.site.render.html import el


def has_feeds(ctx: Ctx) -> bool:
    return ctx.view.allows(DEFAULT_VISIBILITY)


def calendar_feeds(ctx: Ctx) -> dict[str, bytes]:
    """Feed path -> iCalendar bytes, one per person the edition shows."""
    if not has_feeds(ctx):
        return {}
    return {calendar_path(person.id): to_ics(ctx.view.due_for(person), ctx.view.as_of,
                                             _("What is due: {name}", name=person.title)).encode()
            for person in ctx.view.of_kind("person")}


def subscribe_link(person: Entity, ctx: Ctx) -> Markup | None:
    """The link to the person's feed, for their page; None where the edition has no feeds."""
    if not has_feeds(ctx):
        return None
    link = el("a", _("Subscribe to these dates in a calendar"), href=ctx.file_href(calendar_path(person.id)),
              type="text/calendar", class_="pb-subscribe")
    return el("p", link, class_="pb-subscribe-line")
